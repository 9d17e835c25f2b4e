"""The partnership at a glance, in a real Chromium: in each language the block fits above the fold of
a 1366×768 screen, and on a phone (390 px) it makes the page no wider than the window.

Screenshots of the top of the page are kept in ``test-artifacts/glance-<language>-<width>.png`` for a
person to look at.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "nl", "fr", "tr", "ar")
SCREENS = {"desktop": (1366, 768), "phone": (390, 844)}


def open_partnership(browser, live_server, language: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/partnerships/zeist-berkane/")
    return context, page


def keep_screenshot(page, language: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"glance-{language}-{width}.png"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glance_fits_above_the_fold_and_a_phone_never_scrolls_sideways(
    browser, live_server, officer, case_studies, language
):
    """A real Chromium per language signs in and opens Zeist–Berkane on a laptop and on a phone,
    with a screenshot of each (about 5 s a language)."""
    for width, height in SCREENS.values():
        context, page = open_partnership(browser, live_server, language, width, height)
        try:
            assert page.locator("html").get_attribute("lang") == language
            block = page.get_by_test_id("glance")
            assert block.is_visible()
            assert page.get_by_test_id("dimension-cell").count() == 12  # six dimensions, two sides
            keep_screenshot(page, language, width)
            if width == 1366:
                box = block.bounding_box()
                inner_height = page.evaluate("window.innerHeight")
                assert box["y"] + box["height"] <= inner_height, (language, box, inner_height)
            else:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                inner_width = page.evaluate("window.innerWidth")
                assert scroll_width <= inner_width, (language, scroll_width, inner_width)
        finally:
            context.close()


def test_a_partnership_of_five_sides_still_fits_a_phone(browser, live_server, officer, case_studies):
    """A multilateral partnership (five municipalities) on a 390 px phone: a row of six dimensions per
    side, and still no sideways scrolling (about 3 s)."""
    from mutuality.partnerships.models import Municipality, Partnership, Side

    partnership = Partnership.objects.get(key="zeist-berkane")
    taken = set(partnership.sides.values_list("municipality_id", flat=True))
    for position, municipality in enumerate(
        Municipality.objects.exclude(pk__in=taken).order_by("key")[:3], 2
    ):
        Side.objects.create(partnership=partnership, municipality=municipality, position=position)
    context, page = open_partnership(browser, live_server, "en", *SCREENS["phone"])
    try:
        assert page.get_by_test_id("dimension-cell").count() == 30  # six dimensions, five sides
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "glance-five-sides-390.png"), full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= page.evaluate("window.innerWidth"), scroll_width
    finally:
        context.close()
