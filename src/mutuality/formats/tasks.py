"""Files uploaded on the web and imported in the background: REFI-QDA projects and codebooks, spreadsheets.

A large QDPX project takes seconds to open, check against the schema and write: longer than a page
should keep a browser waiting, and longer than a server's web worker should be held. The import
pages check the form and the file's size while the browser waits, then :func:`start` keeps the
upload in its user's folder under the data folder (readable by the server's user only, written
whole: :func:`mutuality.jobs.work.write_whole`, as the reports' files are), records an
:class:`~mutuality.jobs.models.ImportJob` and hands :func:`import_upload` to the task worker, which
makes the long reports too (``mutuality.reports.tasks``); the job's page polls its progress.

The worker asks again who may import what (the user's rights may have changed while the file
waited), imports in one transaction, all of it or nothing, as the user who uploaded it (the
history names them, via the web), and removes the upload whichever way it went. Problems are kept
with the job as the importers located them (file, sheet, row, column, element), in the user's
language; the log gets the job's id and where the code failed, never the file's name nor anything
in it.

Here, in the service that owns the importers, rather than in the web's views: the worker runs no
view, and the rules of who may import (:func:`may_import_sheets`, :func:`researched`,
:func:`check_placed_in`) are the same for the page that takes the file and the task that imports it.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from mutuality.accounts.access import Access
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Coding, Source
from mutuality.formats import spreadsheets
from mutuality.formats.refi_qda.importing import import_file
from mutuality.formats.refi_qda.package import QdaImportError
from mutuality.formats.sheetfiles import SpreadsheetError, read_spreadsheet
from mutuality.history.context import acting_for
from mutuality.jobs.models import UPLOADS, ImportJob, remove_files
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

logger = logging.getLogger(__name__)

#: How long a finished import's job is kept for its page; older jobs are removed (their uploads
#: are gone already, unless a worker never came to them).
KEPT_FOR = timedelta(hours=24)
#: Uploads one user may have waiting or being imported at once (each may be up to 200 MB on disk).
UNFINISHED_PER_USER = 3

#: Where each stage starts, as a share of the work: a REFI-QDA import opens the archive, reads the
#: project, checks it against the schema and writes it (most of the time, for a large project);
#: a spreadsheet is read, then its rows checked and written.
STAGE_STARTS = {
    ImportJob.Kind.REFI_QDA: [0.0, 0.1, 0.25, 0.4],
    ImportJob.Kind.SPREADSHEET: [0.0, 0.3],
}


# --- who may import ---------------------------------------------------------------------------


def may_import_sheets(access: Access) -> bool:
    """Administrators, and whoever may add records to a partnership (partner editors, contributors);
    each row is then checked against what they may write."""
    return access.is_admin or bool(access.partnership_ids([Role.PARTNER_EDITOR, Role.CONTRIBUTOR]))


def researched(access: Access) -> QuerySet[Partnership]:
    """The partnerships a REFI-QDA import may put sources in: those the user researches (every one
    for an administrator)."""
    if access.is_admin:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=access.partnership_ids([Role.RESEARCHER]))


def check_placed_in(partnerships: QuerySet[Partnership], newest: int, access: Access) -> None:
    """Refuse (and so roll back) an import whose cases put new sources (those after ``newest``) in
    partnerships the user does not research."""
    if access.is_admin:
        return
    placed = set(
        Source.partnerships.through.objects.filter(source_id__gt=newest).values_list(
            "partnership_id", flat=True
        )
    )
    if not placed <= set(partnerships.values_list("pk", flat=True)):
        raise PermissionDenied


class NotYoursToCode(PermissionDenied):
    """An import would add codings to sources already here that the user may not code."""


def check_coded_in(newest_source: int, newest_coding: int, access: Access) -> None:
    """Refuse (and so roll back) an import that added codings (those after ``newest_coding``) to
    sources already here (up to ``newest_source``) that the user may not code."""
    if access.is_admin:
        return
    existing = Source.objects.filter(
        pk__lte=newest_source, versions__codings__pk__gt=newest_coding
    ).distinct()
    if not all(access.can_code_source(source) for source in existing):
        raise NotYoursToCode


# --- jobs -------------------------------------------------------------------------------------


class TooManyImports(Exception):
    """The user already has :data:`UNFINISHED_PER_USER` files waiting or being imported."""


def start(user: Any, kind: str, data: bytes, file_name: str, partnership: str = "") -> ImportJob:
    """An uploaded file to be imported in the background for ``user`` (who may: the caller checked).

    The file is kept whole or not at all; if it cannot be kept (a full disk), the job goes with it
    and the error is the caller's to tell. A queue that cannot be reached leaves the job failed,
    with a message, and the file removed.
    """
    prune()
    unfinished = ImportJob.objects.filter(
        user=user, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    )
    if unfinished.count() >= UNFINISHED_PER_USER:
        raise TooManyImports
    job = ImportJob.objects.create(
        user=user,
        kind=kind,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        file_name=file_name[:255],
        size=len(data),
        partnership=partnership,
    )
    try:
        write_whole(job.upload_path, data)
    except BaseException:
        job.delete()
        raise
    try:
        result = import_upload.enqueue(str(job.pk))
    except Exception as error:  # the queue cannot be reached (a Redis server down, say)
        logger.error("Import %s could not be queued: %s", job.pk, type(error).__name__)
        fail(
            ImportJob,
            job.pk,
            _(
                "The file could not be queued for importing. Ask the administrator whether the task queue runs."
            ),
        )
        remove_files(UPLOADS, job.user_id, job.pk)
    else:
        ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


class ImportFailed(Exception):
    """An import failed unexpectedly; says which job only (the cause is logged without the data)."""


class _NotImported(Exception):
    """The file was not imported, for a reason its user can act on: ``message``, and the
    ``problems`` found in the file as the importer located them."""

    def __init__(self, message: str, problems: list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@task()
def import_upload(job_id: str) -> None:
    """Import the upload of job ``job_id``: run by the task worker.

    A job already started or gone is left alone (a task the queue delivers twice). Whatever
    happens, the upload is removed afterwards. A file with problems leaves them with the job; any
    other failure leaves the job failed with a message for its user, and the log the job's id and
    where the code failed, never the exception's text, which may quote the file.
    """
    if not claim(ImportJob, job_id):
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        with translation.override(job.language):
            try:
                _import(job)
            except _NotImported as refused:
                fail(ImportJob, job.pk, refused.message, problems=refused.problems)
                logger.info("Import %s (%s) not made: %d problems", job.pk, job.kind, len(refused.problems))
            except BaseException as error:
                fail(ImportJob, job.pk, _failure_message(error))
                logger.error(
                    "Import %s (%s) failed with %s at:\n%s",
                    job.pk,
                    job.kind,
                    type(error).__name__,
                    where(error),
                )
                if not isinstance(error, Exception):
                    raise  # the worker is being stopped: let it stop
                raise ImportFailed(f"import {job.pk} failed ({type(error).__name__})") from None
    finally:
        remove_files(UPLOADS, job.user_id, job.pk)


def _import(job: ImportJob) -> None:
    access = Access.of(job.user)
    steps = Steps(STAGE_STARTS[ImportJob.Kind(job.kind)], show_progress(ImportJob, job.pk))
    with acting_for(job.user):
        if job.kind == ImportJob.Kind.REFI_QDA:
            result = _import_refi_qda(job, access, steps)
        else:
            result = _import_spreadsheet(job, access, steps)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, progress=1.0, stage="", result=result, finished=timezone.now()
    )


def _import_refi_qda(job: ImportJob, access: Access, steps: Steps) -> dict[str, Any]:
    if not job.user.is_active or not access.is_researcher():
        raise _NotImported(_("You may no longer import files here, so nothing was imported."))
    partnerships = researched(access)
    chosen = None
    if job.partnership:
        chosen = partnerships.filter(key=job.partnership).first()
        if chosen is None:
            raise _NotImported(
                _("You no longer research the partnership you chose, so nothing was imported.")
            )
    data = job.upload_path.read_bytes()
    try:
        with transaction.atomic():
            newest = Source.objects.aggregate(newest=Max("pk"))["newest"] or 0
            newest_coding = Coding.objects.aggregate(newest=Max("pk"))["newest"] or 0
            report = import_file(data, job.file_name, partnership=chosen, user=job.user, progress=steps)
            check_placed_in(partnerships, newest, access)
            check_coded_in(newest, newest_coding, access)
    except QdaImportError as error:
        raise _NotImported(_problems_found(len(error.problems)), [str(p) for p in error.problems]) from None
    except NotYoursToCode:
        raise _NotImported(
            _(
                "The file adds codings to sources here that you may not code; nothing was imported. "
                "Ask a researcher of their partnership, or an administrator."
            )
        ) from None
    except PermissionDenied:
        raise _NotImported(
            _(
                "The file places sources in partnerships you do not research; nothing was imported. "
                "Choose one of your partnerships, or ask an administrator."
            )
        ) from None
    return {"import_id": report.import_id}


def _import_spreadsheet(job: ImportJob, access: Access, steps: Steps) -> dict[str, Any]:
    if not job.user.is_active or not may_import_sheets(access):
        raise _NotImported(_("You may no longer import files here, so nothing was imported."))
    data = job.upload_path.read_bytes()
    try:
        steps(_("Reading the spreadsheet"))
        sheets = read_spreadsheet(data, job.file_name)
        steps(_("Checking and writing the rows"))
        with transaction.atomic():
            summary = spreadsheets.import_sheets(sheets, user=job.user)
    except SpreadsheetError as error:
        problems = [
            {
                "sheet": problem.sheet,
                "row": problem.row,
                "column": problem.column,
                "letter": problem.letter,
                "message": problem.message,
            }
            for problem in error.problems
        ]
        raise _NotImported(_problems_found(len(problems)), problems) from None
    return {"created": dict(summary.created), "updated": dict(summary.updated)}


def _problems_found(count: int) -> str:
    return ngettext(
        "%(counter)s problem found; nothing was imported:",
        "%(counter)s problems found; nothing was imported:",
        count,
    ) % {"counter": count}


def _failure_message(error: BaseException) -> str:
    if not isinstance(error, Exception):
        return _(
            "The server stopped while the file was being imported; nothing was imported. Import it again."
        )
    if isinstance(error, OSError):
        return _(
            "The uploaded file could not be read on the server; nothing was imported. Upload it again, "
            "or tell the administrator."
        )
    return _(
        "The file could not be imported, and nothing was changed. Try again; if it fails again, tell "
        "the administrator the time it failed (the server's log says where)."
    )


def fail_interrupted() -> int:
    """Mark the imports a stopped worker left half-done as failed (their transaction was never
    committed, so nothing of them was imported) and remove their uploads; only for the one worker of
    a laptop, which ``mutuality serve`` calls before it starts its own. Returns how many there were."""
    ids = fail_running(
        ImportJob,
        _("The server stopped while the file was being imported; nothing was imported. Import it again."),
    )
    for job in ImportJob.objects.filter(pk__in=ids):
        remove_files(UPLOADS, job.user_id, job.pk)
    return len(ids)


def prune(now: Any = None) -> int:
    """Remove the import jobs started more than :data:`KEPT_FOR` ago, with any upload still waiting
    (:func:`mutuality.jobs.models.remove_upload`), and the task queue's rows as old."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    prune_task_results(cutoff)
    return ImportJob.objects.filter(created__lt=cutoff).delete()[0]
