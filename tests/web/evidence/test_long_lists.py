"""The long lists of the evidence pages: a code's passages and the sources come a page at a time, in
the order the whole list has, and ask the database as many questions for a page of fifty as for a
page of five; the codebook counts only the codings its reader may read."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership


def researcher_client(partnership: Partnership) -> Client:
    """A researcher of the partnership, not an administrator: every read goes through the rules."""
    user = get_user_model().objects.create_user("researcher", password="a-long-test-password")
    Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    client = Client()
    client.force_login(user)
    return client


def other_source(partnership: Partnership, coder: object, title: str, **fields: object) -> Source:
    made = Source.objects.create(title=title, kind="interview", language="nl", **fields)
    made.partnerships.add(partnership)
    add_version(made, "Vertrouwen groeide over tien jaar van bezoeken en gesprekken.", user=coder)
    return made


def passages_shown(response) -> list[int]:
    return [coding.pk for coding in response.context["page"].object_list]


def test_a_codes_passages_come_fifty_a_page_by_source_title_then_place_in_the_text(
    source, partnership, coder
):
    trust = framework_code("dimension", "process_trust")
    earlier = other_source(partnership, coder, "Another interview")  # listed before "Interview with…"
    for start in range(30):
        Coding.objects.create(version=source.current, start=29 - start, end=34, code=trust, coder=coder)
        Coding.objects.create(version=earlier.current, start=start, end=start + 5, code=trust, coder=coder)
    Coding.objects.create(
        version=source.current,
        start=0,
        end=3,
        code=framework_code("dimension", "power_equality"),
        coder=coder,
    )
    expected = list(
        Coding.objects.filter(code=trust)
        .order_by("version__source__title", "start", "id")
        .values_list("pk", flat=True)
    )
    client = researcher_client(partnership)
    url = f"/codes/{trust.pk}/passages/"

    first = client.get(url)
    assert passages_shown(first) == expected[:50]
    assert Coding.objects.get(pk=expected[0]).version.source == earlier
    page = first.content.decode()
    assert "60 passages" in page and page.count('data-testid="passage"') == 50
    assert "1 / 2" in page and 'href="?page=2"' in page
    second = client.get(url, {"page": 2})
    assert passages_shown(second) == expected[50:]
    assert passages_shown(client.get(url, {"page": 9})) == expected[50:]  # past the end: the last page
    assert passages_shown(client.get(url, {"page": "x"})) == expected[:50]
    narrowed = client.get(url, {"coder": "coder", "page": 2}).content.decode()
    assert 'href="?coder=coder&amp;page=1"' in narrowed


def test_a_passage_is_listed_once_when_its_source_is_in_two_partnerships_filtered_by(
    source, partnership, coder
):
    trust = framework_code("dimension", "process_trust")
    second = Partnership.objects.create(key="zeist-emirdag", name="Zeist–Emirdağ")
    source.partnerships.add(second)
    coding = Coding.objects.create(version=source.current, start=0, end=3, code=trust, coder=coder)
    client = researcher_client(partnership)
    for narrowed in ({}, {"partnership": partnership.key}, {"project_type": "local_governance"}):
        response = client.get(f"/codes/{trust.pk}/passages/", narrowed)
        assert passages_shown(response) == [coding.pk], narrowed
        assert "1 passage" in response.content.decode()


def test_a_page_of_passages_or_sources_asks_the_database_as_often_for_fifty_as_for_five(
    source, partnership, coder
):
    trust = framework_code("dimension", "process_trust")
    client = researcher_client(partnership)

    def questions(url: str) -> int:
        with CaptureQueriesContext(connection) as asked:
            assert client.get(url).status_code == 200
        return len(asked.captured_queries)

    def add_sources(count: int) -> None:
        for number in range(count):
            made = other_source(partnership, coder, f"Notes {Source.objects.count():03d}")
            Coding.objects.create(version=made.current, start=number, end=number + 5, code=trust, coder=coder)

    add_sources(5)
    client.get("/sources/")  # the first request after logging in writes the session (accounts/idle.py)
    few = (questions("/sources/"), questions(f"/codes/{trust.pk}/passages/"))
    add_sources(45)
    assert (questions("/sources/"), questions(f"/codes/{trust.pk}/passages/")) == few


def test_the_codebook_counts_for_a_researcher_the_codings_of_their_partnerships_only(
    source, partnership, coder
):
    trust = framework_code("dimension", "process_trust")
    elsewhere = Partnership.objects.create(key="zeist-emirdag", name="Zeist–Emirdağ")
    theirs = other_source(elsewhere, coder, "Someone else's interview")
    for start in range(3):
        Coding.objects.create(version=source.current, start=start, end=start + 4, code=trust, coder=coder)
        Coding.objects.create(version=theirs.current, start=start, end=start + 4, code=trust, coder=coder)
    client = researcher_client(partnership)
    rows = client.get("/codes/").context["rows"]
    assert next(row["count"] for row in rows if row["code"] == trust) == 3
    assert "3 passages" in client.get(f"/codes/{trust.pk}/passages/").content.decode()
