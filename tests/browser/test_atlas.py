"""The atlas in a real Chromium: after an import of small lists, Zeist–Berkane's page shows its link
on the map and the Netherlands–Morocco corridor (180,879 Moroccan-born residents in 2019), on a
laptop and on a phone, and the atlas's pages make no phone scroll sideways.

Screenshots are kept in ``test-artifacts/atlas-*.png`` for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.atlas.small_atlas import import_small_atlas
from tests.browser.conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"laptop": (1366, 768), "phone": (390, 844)}


def signed_in(browser, live_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


@pytest.mark.parametrize("screen", SCREENS)
def test_zeist_berkane_shows_its_link_on_the_map_and_the_corridor(
    browser, live_server, officer, case_studies, tmp_path, screen
):
    """Imports the small lists, signs in and opens the partnership and the two countries' atlas page
    (about 4 s a screen)."""
    import_small_atlas(tmp_path)
    width, height = SCREENS[screen]
    context, page = signed_in(browser, live_server, width, height)
    try:
        page.goto(f"{live_server.url}/partnerships/zeist-berkane/")
        block = page.get_by_test_id("atlas-block")
        block.scroll_into_view_if_needed()
        assert block.is_visible()
        atlas_map = block.locator("svg.atlas-map")
        assert atlas_map.locator('path[data-kind="partnerships"]').count() == 1
        assert atlas_map.locator("text", has_text="Zeist").count() >= 1
        assert atlas_map.locator("text", has_text="Berkane").count() >= 1
        assert atlas_map.bounding_box()["width"] <= width
        latest = block.locator('[data-born-in="MA"] [data-testid="corridor-latest"]')
        assert latest.inner_text() == "180,879"
        assert block.get_by_test_id("atlas-linkage").inner_text().strip() == "Limited"
        ARTIFACTS.mkdir(exist_ok=True)
        block.screenshot(path=str(ARTIFACTS / f"atlas-zeist-berkane-{width}.png"))
        no_sideways_scrolling(page)

        page.goto(f"{live_server.url}/atlas/?country=NL&other=MA")
        assert page.locator("#corridor").get_by_text("180,879").first.is_visible()
        assert page.locator('svg.atlas-map path[data-kind="partnerships"]').count() == 1
        page.screenshot(path=str(ARTIFACTS / f"atlas-nl-ma-{width}.png"), full_page=True)
        no_sideways_scrolling(page)
    finally:
        context.close()
