"""How the task worker runs a job, whatever its work: claimed once, its progress shown, failed with a
message and a log that quotes no data, its files written whole.

Reports (``mutuality.reports.tasks``) and imports (``mutuality.formats.tasks``) call these, so a
job's life is the same for both and their pages poll the same state.
"""

from __future__ import annotations

import os
import traceback
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from mutuality.jobs.models import Job


def claim(model: type[Job], job_id: Any) -> bool:
    """Mark a waiting job running; ``False`` if it was not waiting (started already, or gone), as
    when a queue delivers a task twice: the second delivery then leaves it alone."""
    return bool(
        model._default_manager.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started=timezone.now()
        )
    )


def show_progress(model: type[Job], job_id: Any) -> Callable[[str, float], None]:
    """What tells the job's page each stage and the share of the work done, as the work reaches it."""

    def show(stage: str, fraction: float) -> None:
        model._default_manager.filter(pk=job_id).update(stage=stage[:300], progress=fraction)

    return show


def fail(model: type[Job], job_id: Any, message: str, **fields: Any) -> None:
    """The job failed: ``message`` is for its user, in their words (the cause goes to the log)."""
    model._default_manager.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=message, stage="", finished=timezone.now(), **fields
    )


def fail_running(model: type[Job], message: str) -> list[Any]:
    """Mark the jobs a stopped worker left running as failed; only for the one worker of a laptop,
    before it starts again, when no other worker can be running them. Returns their ids."""
    ids = list(model._default_manager.filter(status=Job.Status.RUNNING).values_list("pk", flat=True))
    for job_id in ids:
        fail(model, job_id, message)
    return ids


def prune_task_results(cutoff: Any) -> None:
    """Remove the database queue's rows of tasks finished before ``cutoff``: every kind of job's,
    once its job is past keeping (nothing to do with another queue, which keeps its own)."""
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()


def where(error: BaseException) -> str:
    """Where the code failed: file, line and function of each frame, without the source lines (the
    exception's message and the local values stay out of the log too: they may quote the records)."""
    frames = traceback.extract_tb(error.__traceback__)
    return "\n".join(f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames)


def unfinished_state(job: Job) -> dict[str, Any]:
    """A waiting or running job's state for its page and the page's script: the status, the share of
    the work done, and a sentence (the stage, with the seconds it has taken so far)."""
    state: dict[str, Any] = {"status": job.status, "progress": round(job.progress, 3)}
    if job.status == Job.Status.QUEUED:
        state["message"] = _("Waiting for its turn…")
    else:
        seconds = int((timezone.now() - (job.started or job.created)).total_seconds())
        state["message"] = _("%(stage)s (%(seconds)d s so far)") % {
            "stage": job.stage or _("Starting"),
            "seconds": seconds,
        }
    return state


class Steps:
    """Turns the stages a piece of work reports into a share of the work done, for a progress bar.

    The shares are estimates, given as where each expected stage starts. Stages beyond those
    expected (a large PDF laid out section by section tells each) each take a third of what is left
    to 95 %, so the bar moves and never reaches the end before the work is done.
    """

    def __init__(self, starts: Sequence[float], show: Callable[[str, float], None]) -> None:
        self.starts = list(starts)
        self.done = 0
        self.fraction = 0.0
        self.show = show

    def __call__(self, stage: str) -> None:
        if self.done < len(self.starts):
            self.fraction = self.starts[self.done]
        else:
            self.fraction += (0.95 - self.fraction) / 3
        self.done += 1
        self.show(stage, self.fraction)


def write_whole(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` whole or not at all: into a file of its own beside it (readable
    by its owner only), flushed to disk, then renamed over ``path``; on any failure the part is removed."""
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            for start in range(0, len(payload), 1 << 20):
                stream.write(payload[start : start + (1 << 20)])
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
