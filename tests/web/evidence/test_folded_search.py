"""Search and the passages' word filter forgive case and accents, on SQLite and PostgreSQL alike, and
highlight the words as written; a name the reader may not see is found neither way."""

from __future__ import annotations

import pytest

from mutuality.analysis.folding import fold_text
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Memo, Respondent, RespondentIdentity, Source, SourceVersion
from mutuality.evidence.queries import PassageFilter
from mutuality.evidence.versions import add_version
from mutuality.web.evidence.search import search_memos, search_sources
from tests.accounts.conftest import client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast

TEXT = (
    "Görüşme in İstanbul, then ISTANBUL again; izmir too. Inşallah, she said.\n"
    "🤝 قالت: المَدْرَسَةُ قريبة من البيت."
)


@pytest.fixture
def folded_source(partnership, coder) -> Source:
    source = Source.objects.create(title="Görüşme", kind="interview", language="tr")
    source.partnerships.add(partnership)
    add_version(source, TEXT, user=coder)
    return source


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("insallah", ["Inşallah"]),
        ("istanbul", ["İstanbul", "ISTANBUL"]),
        ("İSTANBUL", ["İstanbul", "ISTANBUL"]),
        ("İzmir", ["izmir"]),
        ("gorusme", ["Görüşme"]),
        ("مدرسة", ["مَدْرَسَةُ"]),
        ("المدرسة قريبة", ["المَدْرَسَةُ قريبة"]),
    ],
)
def test_search_forgives_case_and_accents_and_quotes_the_words_as_written(folded_source, query, matches):
    [result] = search_sources(query)
    assert [hit.match for hit in result.hits] == matches and result.total == len(matches)
    for hit in result.hits:  # the words around are those either side of the words found, as written
        end = hit.start + len(hit.match)
        assert TEXT[hit.start : end] == hit.match
        assert TEXT[: hit.start].endswith(hit.before) and TEXT[end:].startswith(hit.after)


def test_the_search_page_highlights_the_words_as_written(coder_client, folded_source):
    page = coder_client.get("/search/", {"q": "istanbul"}).content.decode()
    assert "<mark>İstanbul</mark>" in page and "<mark>ISTANBUL</mark>" in page
    page = coder_client.get("/search/", {"q": "مدرسة"}).content.decode()
    assert "<mark>مَدْرَسَةُ</mark>" in page
    assert "No source contains these words" in coder_client.get("/search/", {"q": "kadıköy"}).content.decode()


def test_words_that_fold_to_nothing_find_nothing(folded_source):
    assert search_sources("\u064e\u0652") == []
    assert search_memos("\u064e") == ([], [])


def test_versions_and_codings_keep_their_text_folded_for_the_database(folded_source, coder):
    version = folded_source.current
    assert version.folded_text == fold_text(TEXT)
    coding = Coding.objects.create(
        version=version, start=TEXT.index("Inşallah"), end=TEXT.index("Inşallah") + 8,
        code=framework_code("dimension", "process_trust"), coder=coder,
    )  # fmt: skip
    assert Coding.objects.get(pk=coding.pk).folded_quote == "insallah"
    # A plain `contains` finds the folded words alike on SQLite (whose LIKE ignores ASCII case) and
    # PostgreSQL (whose LIKE does not): both sides are folded.
    assert SourceVersion.objects.filter(folded_text__contains=fold_text("İSTANBUL")).count() == 1
    assert not SourceVersion.objects.filter(folded_text__contains="İstanbul").exists()


def test_the_passages_word_filter_forgives_case_and_accents(coder_client, folded_source, coder):
    start = TEXT.index("المَدْرَسَةُ")
    for begin, end in ((TEXT.index("Inşallah"), TEXT.index("Inşallah") + 8), (start, start + len("المَدْرَسَةُ"))):
        Coding.objects.create(
            version=folded_source.current, start=begin, end=end,
            code=framework_code("dimension", "process_trust"), coder=coder,
        )  # fmt: skip
    assert PassageFilter(text="INSALLAH").apply(Coding.objects.all()).get().quote == "Inşallah"
    assert PassageFilter(text="مدرسة").apply(Coding.objects.all()).get().quote == "المَدْرَسَةُ"
    assert not PassageFilter(text="\u064e").apply(Coding.objects.all()).exists()
    page = coder_client.get("/passages/", {"text": "insallah"}).content.decode()
    assert "Inşallah" in page and "1 passage" in page
    assert "No passages match" in coder_client.get("/passages/", {"text": "kadıköy"}).content.decode()


def test_memos_are_found_forgiving_case_and_accents(coder_client, folded_source):
    coder_client.post(f"/sources/{folded_source.key}/memos/", {"text": "Görüşme İstanbul'da yapıldı"})
    found = coder_client.get("/search/", {"q": "GORUSME istanbul"}).content.decode()
    assert "Görüşme İstanbul&#x27;da yapıldı" in found


@pytest.fixture
def named(world):
    """A respondent whose real name is spoken in an open source of the first partnership, in a
    memo on it and in a coding of it."""
    respondent = Respondent.objects.create(key="r-ay", label="R9", role="officer", side=world.side_a)
    RespondentIdentity.objects.create(respondent=respondent, real_name="Ayşe Yılmaz")
    text = "Ayşe Yılmaz said the visit built trust in İstanbul."
    version = add_version(world.open_source, text, user=world.users["admin"]).version
    Memo.objects.create(
        source=world.open_source, text="Ask Ayşe Yılmaz again", author=world.users["researcher"]
    )
    Coding.objects.create(
        version=version, start=0, end=len(text), code=world.code, coder=world.users["researcher"]
    )
    return respondent


@pytest.mark.parametrize("typed", ["Ayşe Yılmaz", "ayse yilmaz", "AYSE"])
def test_a_replaced_name_is_not_found_however_it_is_typed(world, named, typed):
    viewer = client_for(world, "viewer")
    page = viewer.get("/search/", {"q": typed}).content.decode()
    assert "<mark>" not in page and "Ayşe Yılmaz said" not in page and "Ask Ayşe" not in page
    assert "No source contains these words" in page and "No memo contains these words" in page
    passages = viewer.get("/passages/", {"text": typed}).content.decode()
    assert "No passages match" in passages and "Ayşe Yılmaz said" not in passages
    researcher = client_for(world, "researcher")
    found = researcher.get("/search/", {"q": typed}).content.decode()
    assert "<mark>Ayşe" in found and "Ask Ayşe Yılmaz again" in found
    assert "1 passage" in researcher.get("/passages/", {"text": typed}).content.decode()


def test_a_reader_who_may_not_see_the_name_still_finds_the_other_words(world, named):
    viewer = client_for(world, "viewer")
    page = viewer.get("/search/", {"q": "istanbul"}).content.decode()
    assert "R9 said the visit built trust in <mark>İstanbul</mark>" in page
    assert "1 passage" in viewer.get("/passages/", {"text": "istanbul"}).content.decode()
