from __future__ import annotations

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Memo
from mutuality.evidence.search import search_sources
from mutuality.evidence.versions import add_version


def test_search_finds_words_in_the_current_text_only(source):
    add_version(source, "Entirely new wording about compost.")
    assert search_sources("Emirdağ") == []
    [result] = search_sources("COMPOST")
    assert result.source == source and result.hits[0].match == "compost"


def test_search_finds_arabic_words_with_context(coder_client, source):
    page = coder_client.get("/search/", {"q": "بركان"}).content.decode()
    assert "<mark>بركان</mark>" in page
    assert f"/sources/{source.key}/" in page


def test_memos_on_a_source_and_a_code_are_added_and_found(coder_client, source):
    code = framework_code("dimension", "power_equality")
    coder_client.post(f"/sources/{source.key}/memos/", {"text": "Ask about the budget <b>again</b>"})
    coder_client.post(f"/codes/{code.pk}/memos/", {"text": "Budget decides who leads"})
    assert Memo.objects.count() == 2
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    assert "Ask about the budget &lt;b&gt;again&lt;/b&gt;" in page
    found = coder_client.get("/search/", {"q": "budget"}).content.decode()
    assert "Ask about the budget" in found and "Budget decides who leads" in found


def test_an_empty_memo_is_refused(coder_client, source):
    coder_client.post(f"/sources/{source.key}/memos/", {"text": "   "})
    assert not Memo.objects.exists()
