"""On a right-to-left page, words users typed keep their own direction.

An Arabic page lays out every paragraph right to left. "Waste sorting." typed in a Dutch town
then showed its full stop at the left end, and a Latin name beside Arabic words could trade
places with them. Each text a user typed must sit in a ``<bdi>`` or in an element with
``dir="auto"``, where it takes the direction of its own first letter.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, FrameworkCell, Memo, Respondent, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import (
    Exchange,
    LearningOutcome,
    Municipality,
    Partnership,
    Project,
    SupportProgramme,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_SHOWN_AS_TEXT = {"title", "option", "script", "style"}  # plain text only, or not shown in the page


class Placement(HTMLParser):
    """Where each text of a page sits: whether something around it isolates its direction."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # (tag, isolates)
        self.texts: list[tuple[str, bool]] = []  # (text, isolated)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        isolates = tag == "bdi" or ("dir", "auto") in attrs
        value = dict(attrs).get("value")
        if tag == "input" and value:
            self.texts.append((value, isolates))
        if tag not in VOID:
            self.open.append((tag, isolates))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):  # close it, and anything left open inside it
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(tag in NOT_SHOWN_AS_TEXT for tag, _ in self.open):
            self.texts.append((data, any(isolates for _, isolates in self.open)))


def not_isolated(page: str, typed: list[str]) -> list[str]:
    """The texts of ``typed`` that the page shows somewhere without isolating them."""
    parser = Placement()
    parser.feed(page)
    return sorted(
        {text for text in typed for shown, isolated in parser.texts if text in shown and not isolated}
    )


# What users typed, each ending in a full stop (the mark that showed at the wrong end).
TYPED = {
    "partnership": "Haarlem and Emirdağ, since 2001.",
    "partnership description": "Two towns linked by the families who moved between them.",
    "migrant community link": "Families from Emirdağ visit every summer.",
    "citation": "Council minutes of 2006.",
    "municipality": "Emirdağ.",
    "region": "Afyonkarahisar province.",
    "project": "Waste management.",
    "subject": "compost.",
    "programme": "LOGO East.",
    "funder": "Ministry of Foreign Affairs.",
    "focus": "Local government in Turkey.",
    "actor": "Waste officer.",
    "exchange": "Visit to Haarlem.",
    "exchange description": "Three days at the sorting plant.",
    "learning": "Waste sorting.",
    "source": "Interview with a waste officer.",
    "own code": "Budget talks.",
    "memo": "Ask about the budget again.",
    "respondent": "R1.",
    "role": "Head of waste collection.",
    "summary": "Trust grew slowly.",
}


@pytest.fixture
def typed_everywhere(partnership, officer_client, django_user_model):
    """The small partnership of tests/web/conftest.py, every text in it as TYPED says, seen in Arabic."""
    Partnership.objects.filter(pk=partnership.pk).update(
        name=TYPED["partnership"],
        description=TYPED["partnership description"],
        translocal_description=TYPED["migrant community link"],
        source=TYPED["citation"],
    )
    Municipality.objects.filter(key="emirdag").update(name=TYPED["municipality"], region=TYPED["region"])
    Project.objects.filter(key="waste").update(name=TYPED["project"], subjects=[TYPED["subject"]])
    SupportProgramme.objects.update(name=TYPED["programme"], funder=TYPED["funder"], focus=TYPED["focus"])
    partnership.actors.filter(key="haarlem-waste").update(name=TYPED["actor"])
    Exchange.objects.filter(key="visit").update(
        title=TYPED["exchange"], description=TYPED["exchange description"]
    )
    learning = LearningOutcome.objects.get(key="sorting")
    learning.description, learning.source = TYPED["learning"], TYPED["citation"]
    learning.save()  # saved, not updated, so its history shows the words before and after
    emirdag = partnership.sides.get(municipality__key="emirdag")
    respondent = Respondent.objects.create(
        key="r1", label=TYPED["respondent"], role=TYPED["role"], side=emirdag
    )
    source = Source.objects.create(
        key="interview", title=TYPED["source"], respondent=respondent, side=emirdag
    )
    source.partnerships.add(partnership)
    version = add_version(source, "We learned to sort waste.").version
    own = Code.objects.create(name=TYPED["own code"])
    trust = framework_code("dimension", "process_trust")
    coder = django_user_model.objects.get(username="officer")
    for code in (own, trust):
        Coding.objects.create(
            version=version,
            start=0,
            end=10,
            code=code,
            coder=coder,
            assessment="strong",
            concerns_side=emirdag,
        )
    Memo.objects.create(code=own, text=TYPED["memo"], author=coder)
    FrameworkCell.objects.create(partnership=partnership, code=trust, summary=TYPED["summary"], author=coder)
    officer_client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    return officer_client, own, trust


def pages(own, trust):
    """Each page that shows what users typed, and the texts it must show."""
    learning = LearningOutcome.objects.get(key="sorting")
    detail = [
        "partnership",
        "partnership description",
        "migrant community link",
        "citation",
        "municipality",
        "project",
    ]
    detail += ["subject", "programme", "actor", "exchange", "exchange description", "learning"]
    return {
        "/partnerships/haarlem-emirdag/": detail,
        "/partnerships/": ["partnership", "municipality"],
        "/municipalities/": ["municipality", "region"],
        "/programmes/": ["programme", "funder", "focus"],
        "/partnerships/haarlem-emirdag/learning/sorting/edit/": ["partnership", "learning", "citation"],
        "/partnerships/haarlem-emirdag/actors/haarlem-waste/edit/": ["actor"],
        "/partnerships/haarlem-emirdag/learning/sorting/delete/": ["partnership", "learning"],
        "/municipalities/emirdag/edit/": ["municipality", "region"],
        "/sources/": ["source", "partnership", "municipality", "respondent"],
        "/sources/interview/": ["source", "partnership", "municipality", "respondent", "role", "own code"],
        f"/codes/{own.pk}/passages/": ["own code", "source", "memo", "municipality"],
        "/codes/": ["own code"],
        "/respondents/": ["respondent", "role", "partnership", "municipality"],
        "/search/?q=budget": ["memo"],
        "/framework-matrix/": ["partnership", "summary", "source"],
        reverse("record-history", args=[learning._meta.label_lower, learning.pk]): ["learning", "citation"],
    }


def test_on_arabic_pages_every_text_users_typed_keeps_its_own_direction(typed_everywhere):
    client, own, trust = typed_everywhere
    for url, expected in pages(own, trust).items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'dir="rtl"' in page, url
        for name in expected:
            assert TYPED[name] in page, (url, name)
        assert not_isolated(page, list(TYPED.values())) == [], url
