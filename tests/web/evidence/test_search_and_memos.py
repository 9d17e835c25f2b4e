from __future__ import annotations

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Memo
from mutuality.evidence.versions import add_version
from mutuality.web.evidence.search import search_sources


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


def test_a_codes_passages_page_shows_its_memos_once(coder_client, source):
    code = framework_code("dimension", "power_equality")
    coder_client.post(f"/codes/{code.pk}/memos/", {"text": "Budget decides who leads"})
    page = coder_client.get(f"/codes/{code.pk}/passages/").content.decode()
    assert page.count('<section class="memos">') == 1
    assert page.count("Budget decides who leads") == 1


def test_an_empty_memo_is_refused(coder_client, source):
    coder_client.post(f"/sources/{source.key}/memos/", {"text": "   "})
    assert not Memo.objects.exists()


def test_a_codings_memo_is_added_and_changed_on_the_source_page_and_found_by_search(
    coder_client, source, coder
):
    from mutuality.evidence.models import Coding
    from mutuality.history.models import Change
    from mutuality.web.evidence.views import memo_base

    coding = Coding.objects.create(
        version=source.current, start=0, end=3, code=framework_code("dimension", "process_trust"), coder=coder
    )
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    assert f'href="/codings/{coding.pk}/change/"' in page  # its memo is changed with the rest of it
    response = coder_client.post(
        f"/codings/{coding.pk}/memo/", {"memo": "  Hospitality rituals matter  ", "base": memo_base("")}
    )
    assert response.status_code == 302 and response["Location"] == f"/sources/{source.key}/#c{coding.pk}"
    coding.refresh_from_db()
    assert coding.memo == "Hospitality rituals matter"
    found = coder_client.get("/search/", {"q": "hospitality rituals"}).content.decode()
    assert "Hospitality rituals matter" in found and f"passage={coding.pk}" in found

    coder_client.post(
        f"/codings/{coding.pk}/memo/", {"memo": "Gifts, not rituals", "base": memo_base(coding.memo)}
    )
    coding.refresh_from_db()
    assert coding.memo == "Gifts, not rituals"
    assert "Gifts, not rituals" in coder_client.get(f"/codings/{coding.pk}/change/").content.decode()
    assert "No memo contains these words" in coder_client.get("/search/", {"q": "matter"}).content.decode()
    assert "Gifts, not rituals" in coder_client.get("/search/", {"q": "gifts"}).content.decode()
    change = Change.objects.filter(model="evidence.coding", object_id=str(coding.pk)).order_by("id").last()
    assert change.changes == {"memo": ["Hospitality rituals matter", "Gifts, not rituals"]}


def test_a_codings_memo_changed_meanwhile_is_not_overwritten(coder_client, source, coder):
    from mutuality.evidence.models import Coding
    from mutuality.web.evidence.views import memo_base

    coding = Coding.objects.create(
        version=source.current,
        start=0,
        end=3,
        code=framework_code("dimension", "process_trust"),
        coder=coder,
        memo="first",
    )
    opened = memo_base(coding.memo)
    Coding.objects.filter(pk=coding.pk).update(memo="someone else's")
    response = coder_client.post(f"/codings/{coding.pk}/memo/", {"memo": "mine", "base": opened}, follow=True)
    coding.refresh_from_db()
    assert coding.memo == "someone else's"
    assert "Someone else changed this coding" in response.content.decode()
    # An empty memo clears it.
    coder_client.post(f"/codings/{coding.pk}/memo/", {"memo": "", "base": memo_base(coding.memo)})
    coding.refresh_from_db()
    assert coding.memo == ""
