"""A report made in the background: who asked for which report, how far it has come, and its file.

A PDF of a partnership takes seconds and a programme report up to half a minute, longer than a
browser should wait for an answer. A request for one becomes a :class:`ReportJob`, run by the task
worker (``mutuality.reports.tasks``); the page polls its progress and offers the file when it is
made. The file lies in the data folder, in a folder of the user who asked for it, and only that
user may fetch it (while they may still read every partnership in it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from mutuality.jobs.models import Job, remove_files
from mutuality.jobs.models import user_folder as jobs_user_folder

#: Folder of the data folder that holds the made reports, one subfolder per user.
FOLDER = "reports"


class ReportJob(Job):
    """One report asked for from the web, made by the task worker, kept for its user a while.

    What every job records (its user, language, status, stage, progress, error and times) comes
    from :class:`~mutuality.jobs.models.Job`, which imports in the background share."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership"
        PROGRAMME = "programme"
        SELF_ASSESSMENT = "self-assessment"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The partnerships' keys; an empty list is every partnership (a programme report by an administrator).
    partnerships = models.JSONField(default=list)
    format = models.CharField(max_length=10)
    # A self-assessment round's report: the round (its partnership's key is in ``partnerships``).
    round = models.ForeignKey(
        "selfassessment.Round", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("report in the making")
        verbose_name_plural = _("reports in the making")
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} {self.id}"

    @property
    def path(self) -> Path:
        """Where the file lies (or will): named after the job's id, in its user's folder."""
        return user_folder(self.user_id) / f"{self.pk}{Path(self.file_name).suffix}"


def user_folder(user_id: int) -> Path:
    """The folder of one user's made reports, readable by the server's user only."""
    return jobs_user_folder(FOLDER, user_id)


@receiver(post_delete, sender=ReportJob)
def remove_file(sender: Any, instance: ReportJob, **kwargs: Any) -> None:
    """A job removed (kept long enough, or its user deleted) takes its file and any part left with it."""
    remove_files(FOLDER, instance.user_id, instance.pk)
