"""The page of a file being imported in the background, for the REFI-QDA and the spreadsheet imports.

The import pages take the file and hand it to :func:`start_import`; the worker imports it
(``mutuality.formats.tasks``). The job's page shows the stage and a bar, polled by the script the
report pages use (``reports/report-job.js``: the same states, the same words), or reloaded by hand
without script. When the import is over the page goes on: to the REFI-QDA import's report, or to
itself, which then lists what a spreadsheet brought or every problem found, as the importers
located them. Only the user who uploaded the file sees the page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mutuality.formats.records import LoadSummary
from mutuality.formats.tasks import TooManyImports, start
from mutuality.jobs.models import ImportJob
from mutuality.jobs.work import unfinished_state


def start_import(
    request: HttpRequest, kind: str, upload: UploadedFile, partnership: str = ""
) -> ImportJob | str:
    """The job importing ``upload`` for the request's user (who may: the caller checked), or why
    there is none, in words for the form."""
    try:
        return start(request.user, kind, upload.read(), upload.name or "", partnership=partnership)
    except TooManyImports:
        return _("Three of your files are already being imported. Wait until one is done, then import again.")
    except OSError:
        return _(
            "The file could not be kept on the server to be imported (is its disk full?); nothing was "
            "imported. Try again later, or tell the administrator."
        )


def _own_job(request: HttpRequest, job_id: UUID) -> ImportJob:
    """The job, if it is this user's: another user's is not found, as one that never was."""
    return get_object_or_404(ImportJob, pk=job_id, user=request.user)


def import_state(job: ImportJob) -> dict[str, Any]:
    """The job's state for the page and its script: the status, a sentence, and once it is over
    where the page goes on to (``next``): the REFI-QDA report, or the job's page itself to show the
    result in full."""
    if not job.is_finished:
        return unfinished_state(job) | {"next": None}
    state: dict[str, Any] = {
        "status": job.status,
        "progress": 1.0,
        "next": reverse("import-job", args=[job.pk]),
    }
    if job.status == ImportJob.Status.FAILED:
        state["message"] = job.error
    elif job.kind == ImportJob.Kind.REFI_QDA:
        state["message"] = _("Imported.")
        state["next"] = reverse("qda-import-report", args=[job.result["import_id"]])
    else:
        state["message"] = _("Imported: %(summary)s.") % {"summary": summary_of(job)}
    return state


def summary_of(job: ImportJob) -> LoadSummary:
    """What a spreadsheet brought, said in the reader's language (the job keeps the counts)."""
    return LoadSummary(
        created=Counter(job.result.get("created", {})), updated=Counter(job.result.get("updated", {}))
    )


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The page of a file being imported: its progress, then what was imported or why nothing was."""
    job = _own_job(request, job_id)
    state = import_state(job)
    if job.status == ImportJob.Status.DONE and job.kind == ImportJob.Kind.REFI_QDA:
        return redirect(state["next"])
    if job.kind == ImportJob.Kind.REFI_QDA:
        back, back_label = reverse("qda-import"), _("REFI-QDA exchange")
    else:
        back, back_label = reverse("spreadsheet-import"), _("Import a spreadsheet")
    context = {
        "job": job,
        "title": _("Import of %(file)s") % {"file": job.file_name},
        "state": state,
        "back": back,
        "back_label": back_label,
    }
    return render(request, "mutuality/import_job.html", context)


@login_required
@require_GET
def import_job_status(request: HttpRequest, job_id: UUID) -> JsonResponse:
    """How far the import has come, as the job page's script polls it."""
    response = JsonResponse(import_state(_own_job(request, job_id)))
    response["Cache-Control"] = "no-store"
    return response
