"""A report made in the background: who asked for which report, how far it has come, and its file.

A PDF of a partnership takes seconds and a programme report up to half a minute, longer than a
browser should wait for an answer. A request for one becomes a :class:`ReportJob`, run by the task
worker (``mutuality.reports.tasks``); the page polls its progress and offers the file when it is
made. The file lies in the data folder, in a folder of the user who asked for it, and only that
user may fetch it (while they may still read every partnership in it).
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

#: Folder of the data folder that holds the made reports, one subfolder per user.
FOLDER = "reports"


class ReportJob(models.Model):
    """One report asked for from the web, made by the task worker, kept for its user a while."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership"
        PROGRAMME = "programme"

    # A random id, so a job's address tells nothing about other users' jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The partnerships' keys; an empty list is every partnership (a programme report by an administrator).
    partnerships = models.JSONField(default=list)
    format = models.CharField(max_length=10)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # What the worker does now, in the report's language, and the share of the work done (0 to 1).
    stage = models.CharField(max_length=300, blank=True)
    progress = models.FloatField(default=0.0)
    # Why it failed, in words for the user (never a traceback: that stays with the task backend).
    error = models.TextField(blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("report in the making")
        verbose_name_plural = _("reports in the making")
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} {self.id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def path(self) -> Path:
        """Where the file lies (or will): named after the job's id, in its user's folder."""
        return user_folder(self.user_id) / f"{self.pk}{Path(self.file_name).suffix}"


def user_folder(user_id: int) -> Path:
    """The folder of one user's made reports, readable by the server's user only."""
    return private_folder(private_folder(Path(settings.DATA_DIR) / FOLDER) / str(int(user_id)))


@receiver(post_delete, sender=ReportJob)
def remove_file(sender: Any, instance: ReportJob, **kwargs: Any) -> None:
    """A job removed (kept long enough, or its user deleted) takes its file and any part left with it."""
    folder = Path(settings.DATA_DIR) / FOLDER / str(int(instance.user_id))
    for path in (*folder.glob(f"{instance.pk}.*"), *folder.glob(f".{instance.pk}.*.part")):
        path.unlink(missing_ok=True)
