"""The words page: frequencies and keyword in context for the sources chosen, as the reader may read them."""

from __future__ import annotations

import re

import pytest

from mutuality.evidence.models import Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from tests.accounts.conftest import client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast


def words_on(page: str) -> dict[str, int]:
    """The frequency table: each word as shown, with its count."""
    rows = re.findall(r'data-testid="word"><bdi>([^<]*)</bdi></a></td><td class="number">(\d+)</td>', page)
    return {word: int(count) for word, count in rows}


def lines_on(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "|", line)
        for line in re.findall(r'<li dir="[a-z]+" data-testid="line">(.*?)</li>', page, re.S)
    ]


@pytest.fixture
def interviews(world):
    """Three sources of the first partnership in three languages, with a respondent whose real name
    is spoken; one of them confidential."""
    respondent = Respondent.objects.create(key="r-ay", label="R9", role="mayor", side=world.side_a)
    RespondentIdentity.objects.create(respondent=respondent, real_name="Ayşe Yılmaz")
    made = {}
    for key, language, confidential, text in (
        ("tr", "tr", False, "Ayşe Yılmaz: İstanbul'da ve ISTANBUL'da çok güzel bir toplantı. Istanbul!"),
        ("nl", "nl", False, "De wethouder van Haarlem ging naar Istanbul en de deur bleef open."),
        ("ar", "ar", True, "قالت: المَدْرَسَةُ في بركان. المدرسة قريبة."),
    ):
        source = Source.objects.create(
            key=f"words-{key}", title=f"Interview {key}", language=language, confidential=confidential,
            respondent=respondent if key == "tr" else None, side=world.side_a if key != "nl" else world.side_b,
        )  # fmt: skip
        source.partnerships.add(world.p1)
        add_version(source, text, user=world.users["admin"])
        made[key] = source
    return made


def test_words_are_counted_folded_shown_as_most_often_written_small_words_left_out(world, interviews):
    page = client_for(world, "researcher").get("/words/").content.decode()
    counted = words_on(page)
    assert counted["Istanbul"] == 4  # İstanbul'da, ISTANBUL'da, Istanbul! and the Dutch Istanbul
    assert counted["المدرسة"] == 2 and counted["wethouder"] == 1 and counted["Ayşe"] == 1
    assert not {"ve", "çok", "bir", "De", "de", "van", "en", "في"} & set(counted)
    kept = words_on(client_for(world, "researcher").get("/words/", {"keep": "1"}).content.decode())
    assert kept["de"] == 2 and kept["ve"] == 1 and kept["في"] == 1


def test_the_sources_are_chosen_by_partnership_side_language_and_role(world, interviews):
    researcher = client_for(world, "researcher")
    assert "wethouder" not in words_on(researcher.get("/words/", {"language": "tr"}).content.decode())
    assert set(words_on(researcher.get("/words/", {"role": "mayor"}).content.decode())) == {
        "Istanbul", "Ayşe", "Yılmaz", "güzel", "toplantı",
    }  # fmt: skip
    by_side = words_on(researcher.get("/words/", {"side": "haarlem"}).content.decode())
    assert "wethouder" in by_side and "Ayşe" not in by_side
    assert "toplantı" not in words_on(
        researcher.get("/words/", {"partnership": world.p2.key}).content.decode()
    )
    page = researcher.get("/words/").content.decode()
    assert '<option value="tr">Turkish</option>' in page and '<option value="mayor">mayor</option>' in page


def test_a_word_chosen_is_shown_in_its_context_with_a_link_to_its_source(world, interviews):
    page = client_for(world, "researcher").get("/words/", {"word": "İSTANBUL"}).content.decode()
    assert "4 occurrences" in page
    lines = lines_on(page)  # the sources in the order of their titles: nl, then tr
    assert [line.split("|")[3] for line in lines] == ["Istanbul", "İstanbul", "ISTANBUL", "Istanbul"]
    assert lines[1].startswith("|Ayşe Yılmaz: ||İstanbul||&#x27;da ve ISTANBUL&#x27;da")
    assert (
        f'href="/sources/{interviews["tr"].key}/"' in page
        and f'href="/sources/{interviews["nl"].key}/"' in page
    )
    arabic = client_for(world, "researcher").get("/words/", {"word": "المدرسة"}).content.decode()
    assert "<mark>المَدْرَسَةُ</mark>" in arabic and '<li dir="rtl"' in arabic


def test_lines_in_context_are_paged(world, interviews):
    add_version(interviews["nl"], "Bezoek. " * 60, user=world.users["admin"])
    researcher = client_for(world, "researcher")
    first = researcher.get("/words/", {"word": "bezoek"}).content.decode()
    assert len(lines_on(first)) == 50 and "1 / 2" in first and "lines=2#context" in first
    second = researcher.get("/words/", {"word": "bezoek", "lines": "2"}).content.decode()
    assert len(lines_on(second)) == 10


def test_a_reader_counts_only_what_they_may_read_and_no_name_they_may_not_see(world, interviews):
    viewer = client_for(world, "viewer")
    page = viewer.get("/words/").content.decode()
    counted = words_on(page)
    assert "المدرسة" not in counted  # confidential
    assert not {"Ayşe", "Yılmaz", "R9", "name"} & {w for w in counted} and counted["Istanbul"] == 4
    assert "3 sources" in page
    assert "R9: " in "".join(lines_on(viewer.get("/words/", {"word": "istanbul"}).content.decode()))
    assert "Ayşe" not in viewer.get("/words/", {"word": "ayse"}).content.decode()


def test_the_page_is_offered_with_the_other_qda_tools(world):
    assert 'href="/words/"' in client_for(world, "researcher").get("/").content.decode()
    assert 'href="/words/"' not in client_for(world, "editor").get("/").content.decode()
    assert client_for(world, "editor").get("/words/").status_code == 200  # who may read evidence opens it
    assert client_for(world, "contributor").get("/words/").status_code == 403
