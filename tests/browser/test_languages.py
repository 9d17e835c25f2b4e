"""The partnership page, the coding page and the report in each of the five languages.

Each page is opened by a browser set to that language (its Accept-Language),
the words checked against the catalogue, and, for Arabic, the layout checked
to run right to left. A screenshot per page and language is kept in
``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.browser.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "nl", "fr", "tr", "ar")
SOURCE = "zb-ngo-director-zeist-community"


def words(language: str, message: str, **values: str) -> str:
    """``message`` as the catalogue of ``language`` has it; outside English it must differ."""
    with translation.override(language):
        text = translation.gettext(message) % values if values else translation.gettext(message)
    if language != "en":
        assert text != (message % values if values else message), f"{message!r} has no {language} translation"
    return text


@pytest.fixture
def browser_in(browser, live_server, officer):
    """A signed-in page of a browser whose language is the one asked for."""
    contexts = []

    def open_in(language: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "officer")
        page.fill("#id_password", PASSWORD)
        page.click("form.record-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_in
    for context in contexts:
        context.close()


def assert_direction(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    expected = "rtl" if language == "ar" else "ltr"
    assert html.get_attribute("dir") == expected
    assert page.evaluate("getComputedStyle(document.body).direction") == expected
    # The header is mirrored: the site's name at the reading start, the language switcher at its end.
    brand = page.locator("header.site a.brand").bounding_box()
    switcher = page.locator("#language-select").bounding_box()
    assert (brand["x"] > switcher["x"]) == (language == "ar"), (brand, switcher)


def first_cells_run_in_reading_order(page, table: str, language: str) -> None:
    first, second = (page.locator(f"{table} thead th").nth(i).bounding_box() for i in (0, 1))
    assert (first["x"] > second["x"]) == (language == "ar"), (first, second)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partnership_page_the_coding_page_and_the_report_speak_the_browsers_language(
    browser_in, live_server, case_studies, language
):
    """A real Chromium per language: logs in and opens three pages (the report with five charts),
    each with a full-page screenshot."""
    page = browser_in(language)

    page.goto(f"{live_server.url}/partnerships/zeist-berkane/")
    assert_direction(page, language)
    assert page.get_by_role("heading", name=words(language, "Projects"), exact=True).is_visible()
    assert page.get_by_role("link", name=words(language, "Report"), exact=True).is_visible()
    assert page.locator("#language-select").input_value() == language
    first_cells_run_in_reading_order(page, "table", language)
    screenshot(page, f"language-{language}-partnership")

    page.goto(f"{live_server.url}/sources/{SOURCE}/")
    assert_direction(page, language)
    assert page.get_by_role("heading", name=words(language, "Code the selection")).is_visible()
    assert page.locator("#apply-coding").inner_text().strip() == words(language, "Apply")
    # The transcript keeps its own direction: an English quotation stays left to right in Arabic.
    assert (
        page.evaluate("getComputedStyle(document.getElementById('source-text')).unicodeBidi") == "plaintext"
    )
    screenshot(page, f"language-{language}-coding")

    page.goto(f"{live_server.url}/partnerships/zeist-berkane/report/")
    assert_direction(page, language)
    assert page.locator("h1").inner_text() == words(
        language, "Mutual learning in %(partnership)s", partnership="Zeist–Berkane"
    )
    headings = page.locator("section.report-section > h2").all_inner_texts()
    assert words(language, "Case overview") in headings
    assert words(language, "Learning by side") in headings
    assert page.locator("svg.chart").count() == 5
    screenshot(page, f"language-{language}-report")


def test_the_switcher_changes_the_language_and_remembers_it(browser_in, browser, live_server, case_studies):
    """Two real Chromium contexts log in; one switches language (a page reload) and the other opens
    the same page."""
    page = browser_in("en")
    page.goto(f"{live_server.url}/partnerships/zeist-berkane/")
    with page.expect_navigation():
        page.select_option("#language-select", "ar")
    assert page.url == f"{live_server.url}/partnerships/zeist-berkane/"
    assert_direction(page, "ar")

    other = browser_in("nl")  # the same user in another browser, set to Dutch
    other.goto(f"{live_server.url}/partnerships/zeist-berkane/")
    assert_direction(other, "ar")
    assert other.get_by_role("heading", name=words("ar", "Projects"), exact=True).is_visible()
