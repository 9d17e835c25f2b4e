"""Blind coding: coders see only their own codings until a researcher opens the comparison.

Two coders code the same source of a partnership set to blind coding; every page, export and API
answer that shows or counts codings is asked, as each coder and as the researcher, whose codings
it shows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mutuality.accounts.models import Assignment, Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Coding
from tests.accounts.conftest import World, client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast

CODERS = ("ayla", "bram")
WORDS = {"ayla": "waste", "bram": "trust"}  # each codes other words of the same text


@pytest.fixture
def blind(world: World) -> World:
    """The first partnership coded blind (switched on by its researcher); two coders assigned to its
    open interview, each having coded it; the researcher's coding of the world is there too."""
    response = client_for(world, "researcher").post(
        reverse("partnership-blind-coding", args=[world.p1.key]), {"blind_coding": "on"}
    )
    assert response.status_code == 302
    world.p1.refresh_from_db()
    assert world.p1.blind_coding
    world.coding.memo = "note from the researcher"
    world.coding.save()
    text = world.open_source.current.text
    for name in CODERS:
        user = get_user_model().objects.create_user(name, password="a-long-test-password")
        Membership.objects.create(user=user, partnership=world.p1, role=Role.CODER)
        Assignment.objects.create(source=world.open_source, coder=user)
        world.users[name] = user
        start = text.index(WORDS[name])
        data = {
            "start": start,
            "end": start + len(WORDS[name]),
            "quote": WORDS[name],
            "codes": [world.code.pk],
            "memo": f"note from {name}",
        }
        client = client_for(world, name)
        assert client.post(reverse("coding-create", args=[world.open_source.key]), data).status_code == 302
    return world


def coders_of(ids: Any) -> set[str]:
    return set(Coding.objects.filter(pk__in=list(ids)).values_list("coder__username", flat=True))


def _csv_coders(response: Any) -> set[str]:
    return {row["coder"] for row in csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))}


def _history_coders(response: Any) -> set[str]:
    rows = response.context["rows"]
    return coders_of(int(r["change"].object_id) for r in rows if r["change"].model == "evidence.coding")


#: Each page that shows codings: its URL, and whose codings (coders' user names) the answer shows.
SHOWN: dict[str, tuple[Callable[[World], str], Callable[[Any], set[str]]]] = {
    "source page: marks in the text": (
        lambda w: reverse("source", args=[w.open_source.key]),
        lambda r: coders_of(
            int(pk)
            for ids in re.findall(r'data-codings="([\d ]+)"', str(r.context["marks"]))
            for pk in ids.split()
        ),
    ),
    "source page: stripes in the margin": (
        lambda w: reverse("source", args=[w.open_source.key]),
        lambda r: coders_of(
            int(pk)
            for pk in re.findall(r'class="stripe"[^>]* data-coding="(\d+)"', str(r.context["stripes"]))
        ),
    ),
    "source page: the rest of the list, asked for after the page": (
        lambda w: reverse("codings-after", args=[w.open_source.key]) + "?after=0",
        lambda r: coders_of(
            int(pk) for pk in re.findall(r'<li id="c\d+" data-coding="(\d+)"', r.content.decode())
        ),
    ),
    "source page: list of codings": (
        lambda w: reverse("source", args=[w.open_source.key]),
        lambda r: {c.coder.username for c in r.context["codings"]},
    ),
    "passages of a code": (
        lambda w: reverse("code-passages", args=[w.code.pk]),
        lambda r: {passage.coder for passage in r.context["page"].object_list},
    ),
    "passages": (
        lambda w: reverse("passages"),
        lambda r: {passage.coder for passage in r.context["page"].object_list},
    ),
    "search of coding memos": (
        lambda w: reverse("search") + "?q=note+from",
        lambda r: {c.coder.username for c in r.context["coding_memos"]},
    ),
    "matrix by coder": (
        lambda w: reverse("matrix") + "?by=coder",
        lambda r: {label for _value, label in r.context["matrix"].headings()},
    ),
    "framework matrix": (
        lambda w: reverse("framework-matrix"),
        lambda r: coders_of(p["id"] for row in r.context["grid"] for cell in row for p in cell.passages),
    ),
    "framework matrix cell": (
        lambda w: reverse("framework-cell", args=[w.p1.key, w.code.pk]),
        lambda r: coders_of(p["id"] for p in r.context["cell"].passages),
    ),
    "agreement: the coders to compare": (lambda w: reverse("agreement"), lambda r: set(r.context["coders"])),
    "API codings": (
        lambda w: reverse("api-coding-list"),
        lambda r: {c["coder"] for c in r.json()["results"]},
    ),
    "codings CSV": (lambda w: reverse("codings-csv"), _csv_coders),
    "source history": (
        lambda w: reverse("record-history", args=["evidence.source", w.open_source.pk]),
        _history_coders,
    ),
}

#: Pages that count codings rather than list them: their URL, and the number of codings counted.
COUNTED: dict[str, tuple[Callable[[World], str], Callable[[Any, World], int]]] = {
    "codebook": (
        lambda w: reverse("codebook"),
        lambda r, w: next(row["count"] for row in r.context["rows"] if row["code"] == w.code),
    ),
    "code query": (
        lambda w: reverse("code-query") + f"?code={w.code.pk}",
        lambda r, w: r.context["result_count"],
    ),
    "source list": (
        lambda w: reverse("sources"),
        lambda r, w: next(s.coding_count for s in r.context["sources"] if s == w.open_source),
    ),
}


def shown_to(world: World, role: str) -> dict[str, Any]:
    """What each page shows ``role``: the coders on the listing pages, the numbers on the others."""
    client = client_for(world, role)
    seen: dict[str, Any] = {}
    for page, (url, read) in SHOWN.items():
        response = client.get(url(world))
        assert response.status_code == 200, page
        seen[page] = read(response)
    for page, (url, count) in COUNTED.items():
        response = client.get(url(world))
        assert response.status_code == 200, page
        seen[page] = count(response, world)
    return seen


def everywhere(coders: set[str]) -> dict[str, Any]:
    return {**dict.fromkeys(SHOWN, coders), **dict.fromkeys(COUNTED, len(coders))}


EVERYONE = {"researcher", *CODERS}


def test_each_coder_sees_only_their_own_codings_on_every_page(blind: World):
    """Every page, fragment, export and API answer that shows codings, asked as three readers (about
    60 requests, 2 s on PostgreSQL)."""
    assert shown_to(blind, "ayla") == everywhere({"ayla"})
    assert shown_to(blind, "bram") == everywhere({"bram"})
    assert shown_to(blind, "researcher") == everywhere(EVERYONE)


def test_opening_the_comparison_shows_every_coder_the_others_codings(blind: World):
    researcher = client_for(blind, "researcher")
    members = researcher.post(
        reverse("partnership-blind-coding", args=[blind.p1.key]), {"blind_coding": "off"}
    )
    assert members.status_code == 302
    assert "Open the comparison" not in researcher.get(members["Location"]).content.decode()
    assert shown_to(blind, "ayla") == everywhere(EVERYONE)
    assert shown_to(blind, "bram") == everywhere(EVERYONE)


def test_a_coder_cannot_open_another_coders_coding_by_its_number(blind: World):
    theirs = Coding.objects.get(coder__username="bram")
    ayla = client_for(blind, "ayla")
    assert ayla.get(reverse("api-coding-detail", args=[theirs.pk])).status_code == 404
    assert ayla.get(reverse("record-history", args=["evidence.coding", theirs.pk])).status_code == 403
    assert (
        ayla.get(reverse("source", args=[blind.open_source.key]) + f"?passage={theirs.pk}").context["focus"]
        is None
    )


def test_the_source_page_tells_a_coder_they_code_blind(blind: World):
    notice = "you see only your own codings on this source until a researcher opens the comparison"
    assert (
        notice
        in client_for(blind, "ayla").get(reverse("source", args=[blind.open_source.key])).content.decode()
    )
    assert (
        notice
        not in client_for(blind, "researcher")
        .get(reverse("source", args=[blind.open_source.key]))
        .content.decode()
    )


def test_the_partnership_report_quotes_a_coders_own_codings_only(blind: World):
    def quoted(role: str) -> set[str]:
        page = client_for(blind, role).get(reverse("partnership-report", args=[blind.p1.key]) + "?format=md")
        assert page.status_code == 200
        return set(re.findall(r"Memo: note from (\w+)", page.content.decode()))

    assert quoted("ayla") == {"ayla"}
    assert quoted("researcher") == {"ayla", "bram", "the"}


def test_a_source_set_to_blind_coding_by_its_researcher(world: World):
    world.p1.blind_coding = False
    world.p1.save()
    researcher = client_for(world, "researcher")
    source = world.open_source
    data = {"title": source.title, "kind": source.kind, "partnerships": [world.p1.pk], "blind_coding": "on"}
    assert researcher.post(reverse("source-edit", args=[source.key]), data).status_code == 302
    source.refresh_from_db()
    assert source.blind_coding
    own = Coding.objects.create(
        version=source.current, start=0, end=3, code=world.code, coder=world.users["coder"]
    )
    coder = client_for(world, "coder")
    shown = coder.get(reverse("source", args=[source.key])).context["codings"]
    assert shown == [own]  # the researcher's coding of the world is hidden
    listed = coder.get(reverse("api-coding-list")).json()["results"]
    assert [c["id"] for c in listed] == [own.pk]
    assert Client().get(reverse("api-coding-list")).status_code == 401


def test_a_researcher_of_either_partnership_of_a_shared_source_sees_every_coding(blind: World):
    blind.open_source.partnerships.add(blind.p2)  # the outsider researches the second partnership
    outsider = client_for(blind, "outsider")
    shown = outsider.get(reverse("source", args=[blind.open_source.key])).context["codings"]
    assert {c.coder.username for c in shown} == EVERYONE


@pytest.mark.parametrize("switched", ["partnership", "source"])
def test_the_codings_of_one_source_are_those_the_general_rule_gives_every_reader(blind: World, switched):
    """``Access.codings_on`` (one source, decided once) against ``Access.codings`` (every coding):
    for every reader of the cast and every source, the same codings, blind coding switched on for
    the first partnership or for one of its sources alone."""
    from mutuality.accounts.access import Access
    from mutuality.evidence.models import Source
    from mutuality.evidence.queries import note_partnerships

    if switched == "source":
        type(blind.p1).objects.filter(pk=blind.p1.pk).update(blind_coding=False)
        Source.objects.filter(pk=blind.open_source.pk).update(blind_coding=True)
    for user in world_users(blind):
        for read_as in ("whole", "ids"):  # the source's partnerships read whole, or their ids alone
            access = Access(user)
            sources = list(Source.objects.all())
            if read_as == "ids":
                note_partnerships(sources)
            for source in sources:
                on_source = Coding.objects.filter(version__source=source)
                assert set(access.codings_on(source, on_source)) == set(access.codings(on_source)), (
                    user.username,
                    source.key,
                    read_as,
                )


def world_users(world: World) -> list[Any]:
    return [user for user in world.users.values() if user is not None]


@pytest.mark.parametrize("switched", ["nothing", "partnership", "source"])
def test_the_codings_a_reader_may_read_are_those_of_the_sources_rule(blind: World, switched):
    """``Access.codings`` asks first whether any source is hidden from the reader or coded blind for
    them, in SQL of its own (``_hidden_versions``), and narrows the codings only then: for every
    reader of the cast, the codings it gives are those on the sources ``Access.sources`` gives,
    only the reader's own on those ``Access.blind_sources`` gives, and its two answers are what the
    query sets of those rules say."""
    from mutuality.accounts.access import Access
    from mutuality.evidence.models import Source, SourceVersion

    if switched != "partnership":
        type(blind.p1).objects.filter(pk=blind.p1.pk).update(blind_coding=False)
    if switched == "source":
        Source.objects.filter(pk=blind.open_source.pk).update(blind_coding=True)
    Assignment.objects.create(source=blind.confidential_source, coder=blind.users["coder"])
    every = list(Coding.objects.select_related("version"))
    for user in world_users(blind):
        access = Access(user)
        readable = set(access.sources(Source.objects.all()).values_list("pk", flat=True))
        blind_ones = set(access.blind_sources().values_list("pk", flat=True))
        expected = {
            coding.pk
            for coding in every
            if coding.version.source_id in readable
            and (coding.version.source_id not in blind_ones or coding.coder_id == user.pk)
        }
        assert set(access.codings(Coding.objects.all()).values_list("pk", flat=True)) == expected, (
            user.username
        )
        if access.is_admin:
            continue
        asked = access._hidden_versions()
        unreadable = SourceVersion.objects.exclude(source__in=readable).exists()
        blind_versions = SourceVersion.objects.filter(source__in=blind_ones).exists()
        assert asked == (unreadable, blind_versions), user.username
