"""Uploads imported in the background (mutuality.formats.tasks): a task delivered twice, a worker
stopped half-way, and how long jobs and their uploads are kept.

The pages and the imports themselves are in tests/web/test_views_imports.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from mutuality.formats import tasks
from mutuality.formats.spreadsheets import csv_bytes, template_rows
from mutuality.jobs.models import ImportJob
from mutuality.jobs.work import write_whole

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: The actors template, filled with nothing: an import that changes nothing.
EMPTY_CSV = csv_bytes("actors", template_rows())


@pytest.fixture(autouse=True)
def waiting_in_a_folder_of_its_own(settings, tmp_path):
    """Tasks wait in the database's queue and no worker comes; uploads go to this test's data folder."""
    settings.TASKS = DATABASE
    settings.DATA_DIR = tmp_path


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", password="a-long-test-password")


def test_a_task_delivered_twice_imports_once(admin):
    job = tasks.start(admin, ImportJob.Kind.SPREADSHEET, EMPTY_CSV, "actors.csv")
    tasks.import_upload.call(str(job.pk))
    job.refresh_from_db()
    finished = job.finished
    assert job.status == "done" and not job.upload_path.exists()
    tasks.import_upload.call(str(job.pk))  # the queue delivers it again: left alone
    job.refresh_from_db()
    assert job.status == "done" and job.finished == finished


def test_an_import_a_stopped_worker_left_half_done_is_failed_and_its_upload_removed(admin):
    running = ImportJob.objects.create(
        user=admin, kind="spreadsheet", language="en", file_name="a.csv", status="running"
    )
    write_whole(running.upload_path, EMPTY_CSV)
    waiting = tasks.start(admin, ImportJob.Kind.SPREADSHEET, EMPTY_CSV, "b.csv")
    assert tasks.fail_interrupted() == 1
    running.refresh_from_db()
    assert running.status == "failed" and running.error.startswith(
        "The server stopped while the file was being imported; nothing was imported."
    )
    assert not running.upload_path.exists()
    assert waiting.upload_path.exists()  # still waiting for the worker, which takes it when it starts


def test_imports_are_kept_a_day_and_then_removed_with_any_upload_left(admin):
    job = tasks.start(admin, ImportJob.Kind.SPREADSHEET, EMPTY_CSV, "actors.csv")
    assert tasks.prune(timezone.now() + timedelta(hours=23)) == 0
    assert job.upload_path.exists()
    assert tasks.prune(timezone.now() + timedelta(hours=25)) == 1
    assert not ImportJob.objects.exists() and not job.upload_path.exists()
    assert list(job.upload_path.parent.iterdir()) == []
