"""What a person sees in the browser: the home page and the Zeist–Berkane partnership."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_explains_mutuality_and_offers_login(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Mutuality"
    assert "what each side learns" in page.locator(".lead").inner_text()
    assert page.get_by_role("link", name="Log in").first.is_visible()
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_partnership_pages_need_a_login(page, live_server, case_studies):
    page.goto(live_server.url + "/partnerships/zeist-berkane/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Log in").is_visible()


def test_zeist_berkane_shows_projects_programme_linkage_and_both_sides_learning(
    logged_in_page, live_server, case_studies
):
    """A real Chromium: logs in and opens the partnership list and the Zeist–Berkane page, with a
    full-page screenshot."""
    page = logged_in_page
    page.goto(live_server.url + "/partnerships/")
    page.get_by_role("link", name="Zeist–Berkane").click()
    page.wait_for_url("**/partnerships/zeist-berkane/")

    assert page.locator("h1").inner_text() == "Zeist–Berkane"
    projects = page.locator("#projects").inner_text().lower()
    assert "youth participation" in projects
    assert "waste" in projects
    assert "women" in projects and "business" in projects
    assert "MATRA" in page.get_by_test_id("programmes").inner_text()
    assert page.get_by_test_id("translocal-linkage").inner_text() == "Limited"

    for side in ("zeist", "berkane"):
        learned = page.locator(f'article.side[data-side="{side}"] ul.learning li:not(.empty)')
        assert learned.count() >= 1, f"no learning shown for {side}"
    assert page.locator("ol.timeline > li:not(.empty)").count() >= 1
    screenshot(page, "partnership-zeist-berkane")


def test_framework_page_lists_the_six_dimensions_with_definitions(page, live_server):
    page.goto(live_server.url + "/framework/")
    dimensions = page.locator("#dimension dt")
    assert dimensions.count() == 6
    assert page.locator("#dimension-power_equality + dd").inner_text().strip() != ""


def test_a_partnership_with_one_municipality_is_refused_with_a_message(
    logged_in_page, live_server, case_studies
):
    """A real Chromium: logs in and submits the new-partnership form."""
    from mutuality.partnerships.models import Partnership

    page = logged_in_page
    before = Partnership.objects.count()
    page.goto(live_server.url + "/partnerships/new/")
    page.fill("#id_name", "Zeist alone")
    page.select_option("#id_municipalities", label="Zeist")
    page.click("form.record-form button[type=submit]")
    error = page.locator("#id_municipalities-errors")
    assert "at least two municipalities" in error.inner_text()
    assert Partnership.objects.count() == before
