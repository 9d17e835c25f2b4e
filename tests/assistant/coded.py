"""A small coded project for the assistant's tests: a partnership, a researcher who coded one
interview (trust and the youth exchange, five passages each), a coder assigned to it and to a new
interview in Turkish, Arabic and with an emoji, and a respondent whose real name is in both texts.

A test module makes its fixtures from :func:`make` and :func:`load_learning` (ruff would take
fixtures imported into a module for unused imports redefined).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Assignment, Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership

REAL_NAME = "Zaynab Quillfeather"
LABEL = "R7"
TRUST = [
    f"{REAL_NAME} said we trust the people of Berkane after many visits.",
    "Over the years the visits built trust between the two towns.",
    "Trust grew because we kept coming back to see each other.",
    "The long friendship made the officers trust each other.",
    "After ten years of exchanges there is real trust between us.",
]
YOUTH = [
    "The youth exchange brought pupils to the school in Zeist.",
    "Young people from both towns met at the school every year.",
    "The school exchange of pupils went on for many years.",
    "Pupils wrote letters to the school in Berkane last spring.",
    "The youth council visited the school with their teachers.",
]
NEW_TEXT = (
    f"{REAL_NAME} told us the visits built trust over the years.\n"
    "Belediye başkanı ılık bir ilişki kurdu, güven arttı.\n"
    "قال المنسق في بركان: نحن نتعلم معًا 🤝 every visit built trust.\n"
    "The pupils of the school exchange wrote letters to Zeist."
)


@dataclass
class Coded:
    partnership: Partnership
    researcher: Any
    coder: Any
    coded_source: Source
    new_source: Source
    trust: Code
    youth: Code


def load_learning() -> None:
    """Load the learning (scikit-learn, about 1.5 s) and the pages' URLs (every view module), for a
    module-scoped fixture: then no test pays for them because it happens to train or ask first."""
    import sklearn.linear_model  # noqa: F401
    from django.urls import get_resolver

    import mutuality.assistant.proposals  # noqa: F401
    import mutuality.assistant.scopes  # noqa: F401

    assert get_resolver().url_patterns


def make() -> Coded:
    """The coded project (needs the database)."""
    partnership = Partnership.objects.create(key="zeist-berkane", name="Zeist–Berkane")
    make_user = get_user_model().objects.create_user
    researcher = make_user("researcher", password="a-long-test-password")
    coder = make_user("coder", password="a-long-test-password")
    Membership.objects.create(user=researcher, partnership=partnership, role=Role.RESEARCHER)
    Membership.objects.create(user=coder, partnership=partnership, role=Role.CODER)
    respondent = Respondent.objects.create(key="r-7", label=LABEL)
    RespondentIdentity.objects.create(respondent=respondent, real_name=REAL_NAME)
    trust = framework_code("dimension", "process_trust")
    youth = Code.objects.create(name="Youth", parent=Code.objects.create(name="Projects"))
    coded_source = _source("interview-coded", "Coded interview", partnership, "\n".join(TRUST + YOUTH))
    coded_source.respondent = respondent
    coded_source.save()
    for sentence in TRUST:
        code(coded_source, sentence, trust, researcher, assessment="strong", factor_role="enabling")
    for sentence in YOUTH:
        code(coded_source, sentence, youth, researcher)
    new_source = _source("interview-new", "New interview", partnership, NEW_TEXT)
    for source in (coded_source, new_source):
        Assignment.objects.create(source=source, coder=coder)
    return Coded(partnership, researcher, coder, coded_source, new_source, trust, youth)


def _source(key: str, title: str, partnership: Partnership, text: str) -> Source:
    source = Source.objects.create(key=key, title=title, kind="interview", confidential=False)
    source.partnerships.add(partnership)
    add_version(source, text)
    return source


def code(source: Source, words: str, what: Code, coder: Any, **grades: str) -> Coding:
    version = source.current
    start = version.text.index(words)
    return Coding.objects.create(
        version=version, start=start, end=start + len(words), code=what, coder=coder, **grades
    )


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


SUGGESTION = re.compile(
    r'<li class="suggestion".*?data-quote="(?P<quote>[^"]*)" data-code="(?P<code>\d+)".*?'
    r'name="suggestion" value="(?P<token>[^"]*)"',
    re.S,
)


def suggestions(html: str) -> list[dict[str, str]]:
    """The suggestions on a panel, as the page shows them: the words, the code's id and the token."""
    return [
        {"quote": unescape(m["quote"]), "code": m["code"], "token": unescape(m["token"])}
        for m in SUGGESTION.finditer(html)
    ]
