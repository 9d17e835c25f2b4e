"""The record of a job: whose it is, how far it has come, why it failed; and the uploads waiting to be imported.

:class:`Job` holds what every job records and is abstract, so each kind of work keeps a table of its
own with what only it needs (a report's format and partnerships, an import's file and problems) and
no table holds columns that half its rows leave empty. :class:`~mutuality.reports.models.ReportJob`
is one; :class:`ImportJob` is the other, here rather than in ``formats/`` (a package of modules,
not an app) for the reason :class:`~mutuality.qdaexchange.models.QdaImport` lies apart from the
importer that writes it: the record sits below the work.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from mutuality.env import private_folder

#: Folder of the data folder that holds the uploads waiting to be imported, one subfolder per user.
UPLOADS = "imports"


class Job(models.Model):
    """One piece of work asked for from the web and done by the task worker, for the user who asked."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    # A random id, so a job's address tells nothing about other users' jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Each kind of job names its own way back from the user (report_jobs, import_jobs).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The language of the user who asked: the worker writes stages and messages in it.
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the worker does now, in the job's language, and the share of the work done (0 to 1).
    stage = models.CharField(max_length=300, blank=True)
    progress = models.FloatField(default=0.0)
    # Why it failed, in words for the user (never a traceback: that stays with the task backend).
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportJob(Job):
    """An uploaded file imported in the background: a REFI-QDA project or codebook, or a spreadsheet.

    The upload waits in its user's folder under the data folder (:attr:`upload_path`) until the
    worker has imported it, all of it or nothing, and is removed then, whichever way it went. The job
    keeps what the page shows afterwards: the problems found (nothing imported), or what was
    imported (the REFI-QDA import's record, the counts of a spreadsheet's rows).
    """

    class Kind(models.TextChoices):
        REFI_QDA = "refi-qda"
        SPREADSHEET = "spreadsheet"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The name the file was uploaded under: the importers name it in their problems, the page in its title.
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    # A REFI-QDA project's partnership for the sources no case places, by key ("" for none).
    partnership = models.CharField(max_length=80, blank=True)
    # Every problem found, as the importer located it (file, sheet, row, column, element), in the
    # job's language; nothing was imported when there are any.
    problems = models.JSONField(default=list, blank=True)
    # What was imported: {"import_id": …} of a REFI-QDA file, {"created": {…}, "updated": {…}} of a sheet.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import in the making")
        verbose_name_plural = _("imports in the making")
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} import {self.id}"

    @property
    def upload_path(self) -> Path:
        """Where the uploaded file waits: named after the job (never after the upload), in its user's folder."""
        return user_folder(UPLOADS, self.user_id) / f"{self.pk}.upload"


def user_folder(folder: str, user_id: int) -> Path:
    """One user's folder in ``folder`` of the data folder, both readable by the server's user only."""
    return private_folder(private_folder(Path(settings.DATA_DIR) / folder) / str(int(user_id)))


def remove_files(folder: str, user_id: int, job_id: Any) -> None:
    """Remove a job's files from its user's folder: the file named after the job and any part of one
    left half-written (:func:`mutuality.jobs.work.write_whole`)."""
    place = Path(settings.DATA_DIR) / folder / str(int(user_id))
    for path in (*place.glob(f"{job_id}.*"), *place.glob(f".{job_id}.*.part")):
        path.unlink(missing_ok=True)


@receiver(post_delete, sender=ImportJob)
def remove_upload(sender: Any, instance: ImportJob, **kwargs: Any) -> None:
    """A job removed (kept long enough, or its user deleted) takes any upload still waiting with it."""
    remove_files(UPLOADS, instance.user_id, instance.pk)
