"""A PDF asked for in a real browser: the page shows how far it has come, then the file arrives.

Against `mutuality serve` itself (tests/reports/served.py), whose task worker makes the PDF in a
process of its own, as on a laptop; not Django's live server, which has no worker.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.reports.served import serving

pytestmark = pytest.mark.browser


def test_a_pdf_asked_for_in_the_browser_shows_its_progress_and_arrives(page, demo_data_folder):
    """`serve --demo` on the case studies (about 5 s to start), a login, and the Zeist–Berkane PDF
    laid out by WeasyPrint in the worker (4–10 s), watched from its page."""
    with serving(demo_data_folder) as served:
        page.goto(served.url + "/accounts/login/")
        page.fill("#id_username", "demo")
        page.fill("#id_password", served.password)
        page.click("form.record-form button[type=submit]")
        page.wait_for_url(served.url + "/")
        page.goto(served.url + "/partnerships/zeist-berkane/report/")

        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name="PDF").click()
            page.wait_for_url("**/reports/made/*/")
            assert page.locator("h1").inner_text() == "Report of Zeist–Berkane · PDF"
            message = page.locator("#report-message")
            # The script replaces the first words with the stages as the worker reaches them.
            page.wait_for_function(
                "() => /s so far|Made in/.test(document.getElementById('report-message').textContent)",
                timeout=60_000,
            )
            screenshot(page, "report-in-the-making")
        assert download.value.suggested_filename == "zeist-berkane-report.pdf"
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert message.inner_text().startswith("Made in ")
        assert page.get_by_role("link", name="Download the PDF").is_visible()
