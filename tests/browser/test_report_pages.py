"""The Zeist–Berkane report in a real browser: its headings, and charts that are drawn."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_zeist_berkane_report_opens_with_its_headings_and_drawn_charts(
    logged_in_page, live_server, case_studies
):
    """A real Chromium: logs in, opens the partnership page and its report (five charts), and downloads
    the PDF, laid out by WeasyPrint."""
    page = logged_in_page
    page.goto(live_server.url + "/partnerships/zeist-berkane/")
    page.get_by_role("link", name="Report", exact=True).click()
    page.wait_for_url("**/partnerships/zeist-berkane/report/")

    assert page.locator("h1").inner_text() == "Mutual learning in Zeist–Berkane"
    headings = page.locator("section.report-section > h2").all_inner_texts()
    assert headings == [
        "Case overview",
        "Dimensions of mutual learning (Table 8.1)",
        "Learning by side",
        "Mutuality: who learned what from whom",
        "Resources each side brings",
        "Continuity and trust",
        "Governance network",
        "Both sides' views",
        "The sides' own view: self-assessment",
        "Diagnostics and recommendations",
    ]
    charts = page.locator("svg.chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, box
        assert chart.locator("title").first.text_content()
        # Shapes inside are drawn too, not only the frame.
        drawn = chart.locator("rect, path, circle").evaluate_all(
            "els => els.filter(e => { const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length"
        )
        assert drawn > 3
    for side in ("Specific learning: Zeist", "Specific learning: Berkane"):
        assert page.get_by_role("heading", name=side).is_visible()
    assert page.locator("li.finding").count() >= 1
    assert "ch. 10, rec." in page.locator("li.finding .tag").first.inner_text()

    # A passage number in a cell leads to the passage itself.
    page.locator("#dimensions .refs a").first.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#p") and page.locator(target).is_visible()
    screenshot(page, "report-zeist-berkane")
    # The PDF is made in the background by the task worker: tests/browser/test_report_background.py.
