"""A REFI-QDA project uploaded in a real browser: its page shows it waiting, then the report once the
worker has imported it.

Against `mutuality serve --no-worker` (tests/reports/served.py), with `mutuality worker` started only
once the page shows the file waiting, so the test sees each state in turn, as on a server whose
workers run apart; not Django's live server, which has no worker.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import screenshot
from tests.commandline import COMMAND, command_env
from tests.formats.refi_qda.conftest import sample
from tests.reports.served import serving

pytestmark = pytest.mark.browser


def test_a_project_uploaded_in_the_browser_waits_then_shows_its_report(page, demo_data_folder):
    """`serve --demo` on the case studies (about 5 s to start), a login, the qc-demo project
    uploaded, then a worker started (about 2 s) that imports it (1–2 s), watched from its page."""
    project = sample("qc-demo.qdpx")
    with serving(demo_data_folder, "--no-worker") as served:
        page.goto(served.url + "/accounts/login/")
        page.fill("#id_username", "demo")
        page.fill("#id_password", served.password)
        page.click("form.record-form button[type=submit]")
        page.wait_for_url(served.url + "/")

        page.goto(served.url + "/refi-qda/")
        page.set_input_files(
            "#id_file", files=[{"name": "qc-demo.qdpx", "mimeType": "application/zip", "buffer": project}]
        )
        page.select_option("#id_partnership", "zeist-berkane")
        page.get_by_role("button", name="Import", exact=True).click()
        page.wait_for_url("**/imports/*/")
        assert page.locator("h1").inner_text() == "Import of qc-demo.qdpx"
        assert page.locator("#report-message").inner_text() == "Waiting for its turn…"
        assert page.locator("#report-progress").is_visible()
        screenshot(page, "import-waiting")

        worker_log = demo_data_folder / "worker.log"
        with worker_log.open("wb") as log:
            worker = subprocess.Popen(
                [*COMMAND, "worker"], env=command_env(demo_data_folder), stdout=log, stderr=log
            )
            try:
                # The script polls the job; once the worker has imported the file it goes on to the
                # report (or, had the import failed, back to the job's page, saying why).
                page.wait_for_url("**/refi-qda/imports/*/", timeout=60_000)
            except Exception as error:
                message = page.locator("main").inner_text()
                raise AssertionError(f"{message}\n--- worker:\n{worker_log.read_text()}") from error
            finally:
                worker.terminate()
                worker.wait(30)
        assert "The file is valid against the REFI-QDA schema." in page.content()
        assert not list((demo_data_folder / "imports").glob("*/*"))  # the upload is gone
