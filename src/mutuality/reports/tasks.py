"""Reports made in the background, with their progress, and the files they leave for their users.

A partnership's PDF takes seconds and a programme report up to half a minute: longer than a page
should keep a browser waiting, and longer than a server's worker should be held. The web asks for
such a report with :func:`ask`, which records a :class:`~mutuality.reports.models.ReportJob` and
hands :func:`make_report` to the task framework (django-tasks, Django 6's tasks as a package). The
task worker — started by ``mutuality serve`` itself, or run as ``mutuality worker`` — builds the
report with the rights of the user who asked, writes each stage and its share of the work to the
job (the page polls it), and leaves the file in that user's folder under the data folder. The file
appears whole or not at all: it is written beside its final name and renamed when complete, and a
failure leaves a message in the user's words and no file.

:func:`build` is the one way a report is made: the command line's ``mutuality report`` calls it in
its own process with a progress bar, the task worker with the job's progress, the report pages
directly for what is quick (the web page and the HTML, Markdown and JSON files of one partnership).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mutuality.accounts.access import Access
from mutuality.datasets import ReportData, load_report_data
from mutuality.evidence.models import Coding, Source
from mutuality.jobs.work import (
    Steps,
    claim,
    fail,
    fail_running,
    prune_task_results,
    show_progress,
    where,
    write_whole,
)
from mutuality.partnerships.models import Partnership
from mutuality.reports import partnership_sections, programme_sections, self_assessment
from mutuality.reports.blocks import Report
from mutuality.reports.models import ReportJob
from mutuality.reports.render import DATA_FORMATS, FORMATS, render, render_data
from mutuality.selfassessment.models import Round

logger = logging.getLogger(__name__)

#: How long a made report is kept for its user; older jobs and their files are removed.
KEPT_FOR = timedelta(hours=24)
#: Reports one user may have waiting or being made at once.
UNFINISHED_PER_USER = 3

Progress = Callable[[str], None]

#: Every file a report is made as: written out (HTML, Markdown, PDF) or as data (JSON), format ->
#: (media type, file extension).
FILE_FORMATS: dict[str, tuple[str, str]] = {**FORMATS, **DATA_FORMATS}


# --- what a report is and how it is made --------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """Which report: of one partnership (``keys`` holds its key) or a programme (``keys`` empty: all)."""

    kind: str
    keys: tuple[str, ...]
    fmt: str
    round: int | None = None  # a self-assessment round's id (``keys`` holds its partnership's key)

    def file_name(self) -> str:
        """The name the file is offered under, as the command line names it."""
        if self.kind == ReportJob.Kind.SELF_ASSESSMENT:
            stem = f"{self.keys[0]}-self-assessment-{self.round}"
        elif self.kind == ReportJob.Kind.PARTNERSHIP:
            stem = f"{self.keys[0]}-report"
        else:
            stem = "programme-report"
        return f"{stem}.{FILE_FORMATS[self.fmt][1]}"

    def stage_starts(self) -> list[float]:
        """The share of the work done as each stage of :func:`build` starts: reading, analysing (for
        a programme, then each of its sections), writing. An estimate from the case studies: laying
        out a PDF takes most of the time, writing HTML or Markdown little. The report as data: reading,
        then each partnership (of a programme of every partnership, their number is not known here)."""
        if self.fmt in DATA_FORMATS:
            count = len(self.keys)
            return [0.0, *(0.1 + 0.85 * i / count for i in range(count))] if count else [0.0, 0.1]
        writing = 0.2 if self.fmt == "pdf" else 0.7
        if self.kind in (ReportJob.Kind.PARTNERSHIP, ReportJob.Kind.SELF_ASSESSMENT):
            return [0.0, 0.1, writing]
        sections = 10  # programme_sections' stages
        step = (writing - 0.1) / (sections + 1)
        return [0.0, 0.1, *(0.1 + step * (i + 1) for i in range(sections)), writing]


def readable_sources(access: Access | None) -> set[int] | None:
    """The sources whose evidence this reader's reports may use (``None``: all)."""
    if access is None or access.is_admin:
        return None
    return set(access.sources(Source.objects.all()).values_list("pk", flat=True))


def readable_codings(access: Access | None) -> QuerySet[Coding] | None:
    """The codings this reader's reports may use (``None``: all); under blind coding a coder's own."""
    return None if access is None or access.is_admin else access.codings(Coding.objects.all())


def _read(spec: ReportSpec, access: Access | None, progress: Progress) -> ReportData:
    """The report's data as this reader may read it: the evidence of the sources open to them only
    (confidential sources to their researchers), codings as blind coding lets them see them."""
    progress(_("Reading the database"))
    return load_report_data(
        list(spec.keys) or None,
        readable_sources=readable_sources(access),
        readable_codings=readable_codings(access),
        self_assessment=spec.kind == ReportJob.Kind.PARTNERSHIP,  # only its report shows the scores
    )


def build_report(spec: ReportSpec, access: Access | None, progress: Progress) -> Report:
    """The report's sections for a reader (``access``; ``None``: the command line, which reads all)."""
    if spec.kind == ReportJob.Kind.SELF_ASSESSMENT:  # scores only: nothing the reader's rights narrow
        progress(_("Reading the database"))
        found = Round.objects.select_related("partnership", "instrument").get(
            pk=spec.round or 0, partnership__key=spec.keys[0]
        )
        progress(_("Analysing"))
        return self_assessment.round_report(found)
    data = _read(spec, access, progress)
    progress(_("Analysing"))
    if spec.kind == ReportJob.Kind.PARTNERSHIP:
        return partnership_sections.partnership_report(data, spec.keys[0])
    return programme_sections.programme_report(data, list(spec.keys) or None, progress=progress)


def build(spec: ReportSpec, access: Access | None, progress: Progress) -> bytes:
    """The report written out in its format, telling ``progress`` each stage as it starts.

    The report as data (JSON) is made from the same data read for the same reader, partnership by
    partnership (each a stage), as ``mutuality report --format json`` makes it."""
    if spec.fmt in DATA_FORMATS:
        data = _read(spec, access, progress)
        return render_data(data, list(spec.keys) or None, spec.fmt, progress=progress)
    report = build_report(spec, access, progress)
    progress(_("Writing %(format)s") % {"format": spec.fmt.upper()})
    return render(report, spec.fmt, progress=progress)


# --- who may ask ------------------------------------------------------------------------------


def may_read(access: Access, kind: str, keys: Sequence[str]) -> bool:
    """Whether this reader may have this report: every partnership in it readable to them; the
    programme of every partnership (no keys) is for administrators (others get theirs listed)."""
    if kind in (ReportJob.Kind.PARTNERSHIP, ReportJob.Kind.SELF_ASSESSMENT) and len(keys) != 1:
        return False
    if not keys:
        return access.is_admin
    visible = access.partnerships(Partnership.objects.filter(key__in=keys))
    return visible.count() == len(set(keys))


# --- jobs -------------------------------------------------------------------------------------


class TooManyReports(Exception):
    """The user already has :data:`UNFINISHED_PER_USER` reports waiting or being made."""


def ask(user: Any, spec: ReportSpec) -> ReportJob:
    """A report to be made in the background for ``user`` (who may read it: the caller checked).

    The same report asked for again while it is still being made is the same job, so a second
    click or a reload does not make it twice.
    """
    prune()
    language = translation.get_language() or settings.LANGUAGE_CODE
    unfinished = ReportJob.objects.filter(
        user=user, status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
    )
    same = unfinished.filter(
        kind=spec.kind, partnerships=list(spec.keys), format=spec.fmt, language=language, round=spec.round
    )
    if (found := same.first()) is not None:
        return found
    if unfinished.count() >= UNFINISHED_PER_USER:
        raise TooManyReports
    job = ReportJob.objects.create(
        user=user,
        kind=spec.kind,
        partnerships=list(spec.keys),
        format=spec.fmt,
        language=language,
        file_name=spec.file_name(),
        round_id=spec.round,
    )
    try:
        result = make_report.enqueue(str(job.pk))
    except Exception as error:  # the queue cannot be reached (a Redis server down, say)
        logger.error("Report %s could not be queued: %s", job.pk, type(error).__name__)
        _fail(job.pk, _("The report could not be queued. Ask the administrator whether the task queue runs."))
    else:
        ReportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def spec_of(job: ReportJob) -> ReportSpec:
    return ReportSpec(job.kind, tuple(job.partnerships), job.format, job.round_id)


class ReportFailed(Exception):
    """A report could not be made; says which job only (the cause is logged without the data)."""


@task()
def make_report(job_id: str) -> None:
    """Make the report of job ``job_id``: run by the task worker.

    A job already started or gone is left alone (a task the queue delivers twice). Any failure
    leaves the job failed with a message for its user and no file; the log gets the job's id and
    where the code failed, never the exception's text, which may quote the records.
    """
    if not claim(ReportJob, job_id):
        return
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language):
        try:
            _make(job)
        except BaseException as error:
            _fail(job.pk, _failure_message(error))
            logger.error(
                "Report %s (%s, %s) failed with %s at:\n%s",
                job.pk,
                job.kind,
                job.format,
                type(error).__name__,
                where(error),
            )
            if not isinstance(error, Exception):
                raise  # the worker is being stopped: let it stop
            raise ReportFailed(f"report {job.pk} failed ({type(error).__name__})") from None


class _Refused(Exception):
    """The user may no longer read every partnership of the report."""


def _make(job: ReportJob) -> None:
    spec = spec_of(job)
    access = Access.of(job.user)
    if not job.user.is_active or not may_read(access, spec.kind, spec.keys):
        raise _Refused

    payload = build(spec, access, Steps(spec.stage_starts(), show_progress(ReportJob, job.pk)))
    write_whole(job.path, payload)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, progress=1.0, stage="", size=len(payload), finished=timezone.now()
    )


def _failure_message(error: BaseException) -> str:
    if isinstance(error, _Refused):
        return _("You may no longer read every partnership in this report, so it was not made.")
    if not isinstance(error, Exception):
        return _("The server stopped while the report was being made. Ask for it again.")
    if isinstance(error, OSError):
        return _(
            "The report was made but could not be saved on the server (is its disk full?). "
            "Nothing was kept. Ask for it again, or tell the administrator."
        )
    return _(
        "The report could not be made, and nothing was kept. Ask for it again; if it fails again, "
        "tell the administrator the time it failed (the server's log says where)."
    )


def _fail(job_id: Any, message: str) -> None:
    fail(ReportJob, job_id, message)


def fail_interrupted() -> int:
    """Mark the jobs a stopped worker left half-made as failed; only for the one worker of a laptop.

    ``mutuality serve`` calls it before it starts its own worker, when no other worker can be
    making them. Returns how many there were.
    """
    return len(
        fail_running(ReportJob, _("The server stopped while the report was being made. Ask for it again."))
    )


def prune(now: Any = None) -> int:
    """Remove the jobs asked for more than :data:`KEPT_FOR` ago; their files go with them
    (:func:`mutuality.reports.models.remove_file`), and so do the database queue's finished tasks."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    prune_task_results(cutoff)
    return ReportJob.objects.filter(created__lt=cutoff).delete()[0]
