"""Files imported on the web are imported in the background: the job's page, its progress, where it goes on to.

Here the task runs in the request (django-tasks' immediate backend) or waits in the database queue
with no worker, until the test runs it as the worker would (``import_upload.call``); the browser
test (tests/browser/test_import_background.py) watches a page poll one.
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Source
from mutuality.formats.sheetfiles import MAX_FILE_BYTES
from mutuality.formats.tasks import ImportFailed, import_upload
from mutuality.history.models import Change
from mutuality.jobs.models import ImportJob
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import QdaImport
from tests.formats.refi_qda.conftest import partnership_rows as partnership_rows  # noqa: F401
from tests.formats.refi_qda.conftest import partnerships as partnerships  # noqa: F401
from tests.formats.refi_qda.conftest import sample

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ZEIST_BERKANE = "zeist-berkane"

pytestmark = pytest.mark.usefixtures("partnerships")  # the case-study partnerships, no evidence


@pytest.fixture(autouse=True)
def data_folder_of_its_own(settings, tmp_path):
    """Uploads wait in a data folder of this test's own (user ids repeat from test to test)."""
    settings.DATA_DIR = tmp_path


@pytest.fixture
def immediate(settings):
    """Tasks run as they are asked for, in the request (no worker)."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def queued(settings):
    """Tasks wait in the database's queue, and no worker comes."""
    settings.TASKS = DATABASE


def researcher_client(name: str = "researcher") -> tuple[object, Client]:
    """A researcher of Zeist–Berkane, logged in."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(name, password="a-long-test-password")
    Membership.objects.create(
        user=user, partnership=Partnership.objects.get(key=ZEIST_BERKANE), role=Role.RESEARCHER
    )
    client = Client()
    client.force_login(user)
    return user, client


def post_project(client: Client, data: bytes, name: str = "qc-demo.qdpx"):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("qda-import"), {"file": upload, "partnership": ZEIST_BERKANE})


def uploads_of(user) -> list[str]:
    folder = Path(settings.DATA_DIR) / "imports" / str(user.pk)
    return sorted(os.listdir(folder)) if folder.exists() else []


def damaged(project: bytes) -> bytes:
    """The project with its XML cut in half, as a download broken off would leave it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(project)) as whole, zipfile.ZipFile(buffer, "w") as cut:
        for name in whole.namelist():
            content = whole.read(name)
            cut.writestr(name, content[: len(content) // 2] if name.endswith(".qde") else content)
    return buffer.getvalue()


def test_a_project_imported_on_the_web_ends_on_its_report_with_the_sources_in(immediate):
    """Imports the qc-demo project (262 codes, 205 codings) and renders its report (about 3 s)."""
    user, client = researcher_client()
    response = post_project(client, sample("qc-demo.qdpx"))
    job = ImportJob.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"

    record = QdaImport.objects.get()
    report_url = reverse("qda-import-report", args=[record.pk])
    assert client.get(response["Location"])["Location"] == report_url  # done: on to the report
    state = client.get(f"/imports/{job.pk}/status/").json()
    assert state == {"status": "done", "progress": 1.0, "next": report_url, "message": "Imported."}
    report = client.get(report_url).content.decode()
    assert (
        "The file is valid against the REFI-QDA schema." in report
        and "<td>codings</td><td>205</td>" in report
    )
    assert (
        Source.objects.filter(partnerships__key=ZEIST_BERKANE).count() == record.report["imported"]["sources"]
    )
    assert record.imported_by == user and uploads_of(user) == []
    # The worker wrote it, but the history names who uploaded it, on the web.
    written = Change.objects.filter(model="evidence.source")
    assert written.exists() and set(written.values_list("username", "via")) == {("researcher", "web")}


def test_a_damaged_project_fails_saying_where_and_nothing_is_saved_nor_kept(immediate, caplog):
    caplog.set_level(logging.INFO, logger="mutuality.formats.tasks")
    user, client = researcher_client()
    job_page = post_project(client, damaged(sample("qc-demo.qdpx")), "Interview Quillfeather.qdpx")[
        "Location"
    ]
    job = ImportJob.objects.get(user=user)

    state = client.get(job_page + "status/").json()
    assert state["status"] == "failed" and state["next"] == job_page
    assert state["message"] == "1 problem found; nothing was imported:"
    page = client.get(job_page)
    text = page.content.decode()
    assert page.status_code == 200 and 'class="errors"' in text
    assert "Interview Quillfeather.qdpx › project.qde, line 1" in text and "not well-formed" in text
    assert not Source.objects.exists() and not QdaImport.objects.exists()
    assert uploads_of(user) == []
    # The log says which job, never which file.
    assert str(job.pk) in caplog.text and "Quillfeather" not in caplog.text


def test_only_the_user_who_uploaded_the_file_sees_its_job(queued):
    _user, client = researcher_client()
    job_page = post_project(client, sample("qc-demo.qdpx"))["Location"]
    _other, other_client = researcher_client("another-researcher")
    assert other_client.get(job_page).status_code == 404
    assert other_client.get(job_page + "status/").status_code == 404
    anonymous = Client().get(job_page)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_a_file_waits_for_the_worker_in_a_private_folder_and_its_page_says_so(queued):
    user, client = researcher_client()
    job_page = post_project(client, sample("qc-demo.qdpx"))["Location"]
    job = ImportJob.objects.get(user=user)
    assert (job.status, job.file_name, job.partnership) == ("queued", "qc-demo.qdpx", ZEIST_BERKANE)

    state = client.get(job_page + "status/").json()
    assert state == {"status": "queued", "progress": 0.0, "message": "Waiting for its turn…", "next": None}
    page = client.get(job_page).content.decode()
    assert "Import of qc-demo.qdpx" in page and '<progress id="report-progress"' in page
    assert "Reload this page to see how far it has come." in page  # without script
    assert 'src="/static/reports/report-job.js"' in page
    assert uploads_of(user) == [f"{job.pk}.upload"]  # named after the job, not the upload
    assert (job.upload_path.stat().st_mode & 0o077) == 0 and (
        job.upload_path.parent.stat().st_mode & 0o077
    ) == 0
    assert job.upload_path.read_bytes() == sample("qc-demo.qdpx")
    assert not Source.objects.exists()

    import_upload.call(str(job.pk))  # the worker comes
    assert client.get(job_page)["Location"] == reverse("qda-import-report", args=[QdaImport.objects.get().pk])
    assert uploads_of(user) == []


def test_the_worker_asks_again_who_may_import(queued):
    """Rights lost while the file waited: nothing is imported."""
    user, client = researcher_client()
    job_page = post_project(client, sample("qc-demo.qdpx"))["Location"]
    Membership.objects.filter(user=user).delete()
    import_upload.call(str(ImportJob.objects.get().pk))
    state = client.get(job_page + "status/").json()
    assert state["status"] == "failed"
    assert state["message"] == "You may no longer import files here, so nothing was imported."
    assert not Source.objects.exists() and uploads_of(user) == []


def test_an_upload_the_worker_cannot_read_fails_clearly(queued, caplog):
    """As when a worker runs on a machine without the web server's data folder."""
    user, client = researcher_client()
    job_page = post_project(client, sample("qc-demo.qdpx"), "Quillfeather.qdpx")["Location"]
    job = ImportJob.objects.get()
    job.upload_path.unlink()
    with pytest.raises(ImportFailed):
        import_upload.call(str(job.pk))
    state = client.get(job_page + "status/").json()
    assert state["status"] == "failed"
    assert state["message"].startswith(
        "The uploaded file could not be read on the server; nothing was imported."
    )
    assert str(job.pk) in caplog.text and "FileNotFoundError" in caplog.text
    assert "Quillfeather" not in caplog.text


def test_an_upload_the_server_cannot_keep_is_refused_at_once_and_nothing_is_left(queued, monkeypatch):
    user, client = researcher_client()

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    response = post_project(client, sample("qc-demo.qdpx"))
    assert response.status_code == 400
    assert (
        "The file could not be kept on the server to be imported (is its disk full?)"
        in response.content.decode()
    )
    assert not ImportJob.objects.exists() and uploads_of(user) == []


def test_a_user_has_at_most_three_files_waiting(queued):
    user, client = researcher_client()
    for _ in range(3):
        assert post_project(client, sample("qc-demo.qdpx")).status_code == 302
    refused = post_project(client, sample("qc-demo.qdpx"))
    assert refused.status_code == 400
    assert "Three of your files are already being imported." in refused.content.decode()
    assert ImportJob.objects.count() == 3 and len(uploads_of(user)) == 3


def test_a_spreadsheet_too_large_is_refused_at_once_and_nothing_waits(django_user_model, queued):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("admin", password="a-long-test-password"))
    too_large = SimpleUploadedFile("big.csv", b"x" * (MAX_FILE_BYTES + 1))
    response = client.post(reverse("spreadsheet-import"), {"file": too_large})
    assert response.status_code == 400
    assert "The file is too large (10.0 MB); the limit is 10.0 MB." in response.content.decode()
    assert not ImportJob.objects.exists() and not (Path(settings.DATA_DIR) / "imports").exists()
