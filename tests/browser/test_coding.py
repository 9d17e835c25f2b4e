"""Coding in a real browser: a selection in Arabic text next to an emoji, found again exactly."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Le coordinateur à Berkane: «Avec Zeist c'est ouvert.»\n"
    "قال المنسق في بركان: نحن نتعلم معًا 🤝 في كل زيارة.\n"
    "Trust grew over ten years of visits."
)
WORDS = "نتعلم معًا 🤝 في كل"

SELECT_WORDS = """
([containerSelector, words]) => {
  const container = document.querySelector(containerSelector);
  const full = container.textContent;
  const from = full.indexOf(words), to = from + words.length;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (from >= seen && from <= seen + length) range.setStart(node, from - seen);
    if (to >= seen && to <= seen + length) { range.setEnd(node, to - seen); break; }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  container.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  return selection.toString();
}
"""


@pytest.fixture
def arabic_source(db):
    from mutuality.casestudies import case_study_files
    from mutuality.evidence.models import Source
    from mutuality.evidence.versions import add_version
    from mutuality.formats.data_load import load_files
    from mutuality.partnerships.models import Partnership

    load_files(case_study_files())  # the partnerships only: this test's coding is the only one
    source = Source.objects.create(
        key="berkane-coordinator", title="Interview, coordinator Berkane", language="ar"
    )
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    add_version(source, TEXT)
    return source


def test_a_coder_codes_arabic_words_beside_an_emoji_and_finds_exactly_them(
    logged_in_page, live_server, arabic_source
):
    """A real Chromium: logs in, codes a selection and follows it through the matrix and its passages
    back to the source; the set-up loads the case-study partnerships for real."""
    from mutuality.evidence.codebook import framework_code
    from mutuality.evidence.models import Coding

    page = logged_in_page
    page.goto(f"{live_server.url}/sources/{arabic_source.key}/")
    selected = page.evaluate(SELECT_WORDS, ["#source-text", WORDS])
    assert selected == WORDS
    assert page.locator("#selection-preview").inner_text() == f"“{WORDS}”"

    page.locator("#code-tree label", has_text="Process-based trust").check()
    page.select_option("#assessment", label="Strong")
    page.select_option("#factor-role", label="Enabling")
    page.select_option("#concerns-side", label="Berkane")
    page.click("#apply-coding")
    page.wait_for_selector("ol.codings li[data-coding]")
    assert page.locator("mark.coded").inner_text() == WORDS
    screenshot(page, "coding-arabic-emoji")

    coding = Coding.objects.get()
    assert coding.quote == WORDS
    assert (coding.code, coding.assessment, coding.factor_role) == (
        framework_code("dimension", "process_trust"),
        "strong",
        "enabling",
    )

    page.goto(f"{live_server.url}/matrix/?by=partnership")
    row = page.locator("table.matrix tbody tr", has_text="Process-based trust")
    assert row.locator("[data-testid=cell]").inner_text() == "1"
    row.locator("[data-testid=cell]").click()
    page.wait_for_url("**/passages/**")
    passages = page.get_by_test_id("passage")
    assert passages.count() == 1
    assert passages.first.inner_text() == WORDS

    # The passage's link opens its source scrolled to exactly those words, marked.
    page.get_by_role("link", name=arabic_source.title).first.click()
    page.wait_for_url(f"**/sources/{arabic_source.key}/?passage={coding.pk}#passage")
    focused = page.locator("mark.coded.focused")
    assert "".join(focused.all_inner_texts()) == WORDS
    assert page.locator("#passage").is_visible()
    assert page.locator(f"#c{coding.pk}").get_attribute("class") == "current"
    screenshot(page, "passage-in-its-source")


def test_a_selection_across_two_paragraphs_is_coded_on_exactly_its_words(
    logged_in_page, live_server, arabic_source
):
    """A real Chromium sends the selection's newline as CR LF, as every form does; the words still
    match. The set-up loads the case-study partnerships for real (about 3 s with the browser)."""
    from mutuality.evidence.models import Coding

    across = "c'est ouvert.»\nقال المنسق"
    page = logged_in_page
    page.goto(f"{live_server.url}/sources/{arabic_source.key}/")
    assert page.evaluate(SELECT_WORDS, ["#source-text", across]) == across
    page.locator("#code-tree label", has_text="Process-based trust").check()
    page.click("#apply-coding")
    page.wait_for_selector("ol.codings li[data-coding]")
    assert Coding.objects.get().quote == across
    assert "\n".join(page.locator("mark.coded").all_inner_texts()).replace("\n\n", "\n") == across


def test_a_coder_who_may_not_read_names_codes_the_text_as_shown_and_hits_the_stored_words(
    page, live_server, arabic_source
):
    """A real Chromium, signed in as a coder of the partnership (not its researcher): the respondent's
    name is replaced on the page, the coder selects the words as shown, and the coding is stored on
    the real words. The set-up loads the case-study partnerships for real (about 3 s)."""
    from django.contrib.auth import get_user_model

    from mutuality.accounts.models import Assignment, Membership
    from mutuality.evidence.models import Coding, Respondent, RespondentIdentity
    from mutuality.evidence.versions import add_version
    from tests.browser.conftest import PASSWORD

    respondent = Respondent.objects.create(key="coordinator", label="R4")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Karim Oulad")
    add_version(arabic_source, TEXT + "\nKarim Oulad keeps the visits going.")
    coder = get_user_model().objects.create_user("coder", password=PASSWORD)
    Membership.objects.create(user=coder, partnership=arabic_source.partnerships.get(), role="coder")
    Assignment.objects.create(source=arabic_source, coder=coder)
    arabic_source.confidential = False  # assigned coders code sources that are not confidential
    arabic_source.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "coder")
    page.fill("#id_password", PASSWORD)
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/sources/{arabic_source.key}/")
    assert "Karim" not in page.content()
    assert page.evaluate(SELECT_WORDS, ["#source-text", "R4 keeps"]) == "R4 keeps"
    page.locator("#code-tree label", has_text="Process-based trust").check()
    page.click("#apply-coding")
    page.wait_for_selector("ol.codings li[data-coding]")
    assert Coding.objects.get().quote == "Karim Oulad keeps"
    assert "Karim" not in page.content()
