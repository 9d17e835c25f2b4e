"""Long reports asked for on the web are made in the background: the job's page, its progress, its file.

Here the task runs in the request (django-tasks' immediate backend, as the framework offers for
tests) or not at all (the database queue with no worker, to see a job waiting);
tests/reports/test_worker.py runs the real worker.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.partnerships.models import Partnership
from mutuality.reports import tasks
from mutuality.reports.models import ReportJob
from tests.reports.conftest import ZEIST_BERKANE

URL = f"/partnerships/{ZEIST_BERKANE}/report/"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def data_folder_of_its_own(settings, tmp_path):
    """Made reports go to a data folder of this test's own (user ids repeat from test to test)."""
    settings.DATA_DIR = tmp_path


@pytest.fixture
def immediate(settings):
    """Tasks run as they are asked for, in the request (no worker)."""
    settings.TASKS = IMMEDIATE


def viewer_client(name: str = "partner") -> tuple[object, Client]:
    """A user who may read Zeist–Berkane only, logged in."""
    user = get_user_model().objects.create_user(name, password="a-long-test-password")
    Membership.objects.create(
        user=user, partnership=Partnership.objects.get(key=ZEIST_BERKANE), role=Role.VIEWER
    )
    client = Client()
    client.force_login(user)
    return user, client


def files_of(user) -> list[str]:
    folder = Path(tasks.settings.DATA_DIR) / "reports" / str(user.pk)
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_the_report_page_asks_for_a_pdf_with_a_form_and_keeps_quick_files_as_links(
    case_studies, officer_client
):
    """Builds the Zeist–Berkane report page with its charts (about 2 s)."""
    page = officer_client.get(URL).content.decode()
    assert 'href="?format=html"' in page and 'href="?format=md"' in page
    assert 'name="format" value="pdf"' in page and 'method="post"' in page
    assert 'href="?format=pdf"' not in page


def test_a_pdf_asked_for_is_made_in_the_background_and_offered_to_its_user(case_studies, immediate):
    """Lays out the Zeist–Berkane PDF with WeasyPrint (about 4 s)."""
    user, client = viewer_client()
    response = client.post(URL, {"format": "pdf"})
    job = ReportJob.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == f"/reports/made/{job.pk}/"

    page = client.get(response["Location"]).content.decode()
    assert "Report of Zeist–Berkane · PDF" in page
    assert 'src="/static/reports/report-job.js"' in page
    state = client.get(f"/reports/made/{job.pk}/status/").json()
    assert state["status"] == "done" and state["file"] == f"/reports/made/{job.pk}/file/"
    assert "zeist-berkane-report.pdf" in state["message"]

    download = client.get(state["file"])
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="zeist-berkane-report.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert files_of(user) == [f"{job.pk}.pdf"]
    assert (job.path.stat().st_mode & 0o077) == 0 and (job.path.parent.stat().st_mode & 0o077) == 0


def test_a_report_that_fails_says_so_clearly_and_leaves_no_file(case_studies, immediate, monkeypatch, caplog):
    user, client = viewer_client()

    def broken(report, fmt, progress=None):
        raise ValueError("Interview with Zaynab Quillfeather could not be laid out")

    monkeypatch.setattr(tasks, "render", broken)
    job_page = client.post("/reports/programme/", {"format": "md"})["Location"]
    job = ReportJob.objects.get(user=user)
    state = client.get(job_page + "status/").json()
    assert state["status"] == "failed" and state["file"] is None
    assert state["message"].startswith("The report could not be made, and nothing was kept.")
    page = client.get(job_page).content.decode()
    assert 'class="errors"' in page and "nothing was kept" in page
    assert files_of(user) == []
    assert client.get(f"/reports/made/{job.pk}/file/").status_code == 404
    # The log says which job failed and where, never what the records say.
    assert str(job.pk) in caplog.text and "ValueError" in caplog.text
    assert "Quillfeather" not in caplog.text


def test_a_file_that_cannot_be_written_whole_is_not_kept_at_all(case_studies, immediate, monkeypatch):
    user, client = viewer_client()
    written = []

    def disk_full(descriptor):
        written.extend(os.listdir(Path(tasks.settings.DATA_DIR) / "reports" / str(user.pk)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    job_page = client.post("/reports/programme/", {"format": "md"})["Location"]
    state = client.get(job_page + "status/").json()
    assert written and written[0].endswith(".part")  # it was being written …
    assert files_of(user) == []  # … and nothing of it is left
    assert state["status"] == "failed" and "could not be saved on the server" in state["message"]


def test_only_the_user_who_asked_sees_the_job_and_fetches_the_file(case_studies, immediate):
    owner, client = viewer_client("owner")
    job_page = client.post("/reports/programme/", {"format": "md"})["Location"]
    job = ReportJob.objects.get(user=owner)
    _other, someone_else = viewer_client("someone-else")
    for url in (job_page, job_page + "status/", job_page + "file/"):
        assert someone_else.get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to the login
    # The owner who may no longer read the partnership no longer gets the file.
    assert client.get(job_page + "file/").status_code == 200
    Membership.objects.filter(user=owner).delete()
    assert client.get(job_page + "file/").status_code == 403
    assert job.path.exists()


def test_a_job_waits_for_the_worker_and_asking_again_is_the_same_job(case_studies):
    """The database queue without a worker: the job waits, and the page says so."""
    user, client = viewer_client()
    first = client.post("/reports/programme/", {"format": "md"})["Location"]
    again = client.post("/reports/programme/", {"format": "md"})["Location"]
    assert first == again and ReportJob.objects.filter(user=user).count() == 1
    state = client.get(first + "status/").json()
    assert state == {"status": "queued", "progress": 0.0, "file": None, "message": "Waiting for its turn…"}
    assert "Reload this page to see how far it has come." in client.get(first).content.decode()
    from django_tasks_db.models import DBTaskResult

    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [str(ReportJob.objects.get().pk)], "kwargs": {}}


def test_a_user_has_at_most_three_reports_in_the_making(case_studies):
    _user, client = viewer_client()
    for fmt in ("md", "html", "pdf"):
        client.post("/reports/programme/", {"format": fmt})
    response = client.post(URL, {"format": "pdf"}, follow=True)
    assert "Three of your reports are already being made." in response.content.decode()
    assert ReportJob.objects.count() == 3


def test_a_link_to_a_pdf_offers_the_button_that_asks_for_it(case_studies, officer_client):
    page = officer_client.get(URL, {"format": "pdf"}).content.decode()
    assert "Make the PDF" in page and 'method="post"' in page
    assert ReportJob.objects.count() == 0  # a GET asks for nothing


def test_reports_kept_a_day_are_removed_with_their_files(case_studies, immediate):
    user, client = viewer_client()
    client.post("/reports/programme/", {"format": "md"})
    job = ReportJob.objects.get(user=user)
    assert job.path.exists()
    assert tasks.prune(timezone.now() + timedelta(hours=23)) == 0
    assert tasks.prune(timezone.now() + timedelta(hours=25)) == 1
    assert not job.path.exists() and files_of(user) == []


def test_a_file_no_longer_there_is_not_offered(case_studies, immediate):
    """As after restoring a backup on another machine: the job is there, its file is not."""
    user, client = viewer_client()
    job_page = client.post("/reports/programme/", {"format": "md"})["Location"]
    ReportJob.objects.get(user=user).path.unlink()
    state = client.get(job_page + "status/").json()
    assert state["status"] == "failed" and state["file"] is None
    assert state["message"] == "This file is no longer kept. Ask for the report again."
    assert client.get(job_page + "file/").status_code == 404


def test_a_job_left_half_made_by_a_stopped_worker_is_marked_failed(case_studies):
    user, _client = viewer_client()
    job = ReportJob.objects.create(user=user, kind="programme", format="md", language="en", status="running")
    assert tasks.fail_interrupted() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith(
        "The server stopped while the report was being made."
    )


def test_the_progress_moves_forward_and_ends_below_the_whole():
    shown = []
    spec = tasks.ReportSpec("programme", (), "pdf")
    steps = tasks.Steps(spec.stage_starts(), lambda stage, fraction: shown.append(fraction))
    for stage in range(30):  # more stages than expected, as a large PDF tells each section
        steps(str(stage))
    assert shown == sorted(shown) and shown[0] == 0.0 and shown[-1] < 0.95


def test_a_programme_report_of_chosen_partnerships_keeps_them(case_studies, officer_client):
    """The programme page's buttons post to its own address, whose query names the partnerships."""
    response = officer_client.post(f"/reports/programme/?partnership={ZEIST_BERKANE}", {"format": "pdf"})
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/made/{job.pk}/"
    assert (job.kind, job.partnerships, job.format) == ("programme", [ZEIST_BERKANE], "pdf")
    assert officer_client.post("/reports/programme/?partnership=nowhere", {"format": "md"}).status_code == 404
    assert officer_client.post("/reports/programme/", {"format": "docx"}).status_code == 404


def test_a_programme_as_data_is_made_in_the_background_of_the_partnerships_its_user_reads(
    case_studies, immediate
):
    user, client = viewer_client()
    job_page = client.post("/reports/programme/", {"format": "json"})["Location"]
    job = ReportJob.objects.get(user=user)
    assert (job.kind, job.partnerships, job.format) == ("programme", [ZEIST_BERKANE], "json")
    state = client.get(job_page + "status/").json()
    assert state["status"] == "done" and "programme-report.json" in state["message"]
    assert "JSON data" in client.get(job_page).content.decode()
    download = client.get(state["file"])
    assert download["Content-Type"] == "application/json"
    assert download["Content-Disposition"] == 'attachment; filename="programme-report.json"'
    document = json.loads(b"".join(download.streaming_content))
    assert [partnership["key"] for partnership in document["partnerships"]] == [ZEIST_BERKANE]
    assert files_of(user) == [f"{job.pk}.json"]
