"""The report pages: one partnership and the whole programme, with downloads (?format=html|md|pdf|json).

The pages themselves and the quick files (one partnership's HTML, Markdown and the report as data,
JSON) are made while the browser waits. What takes seconds or more — a partnership's PDF, every
file of a programme report — is asked for with a POST and made in the background
(``mutuality.reports.tasks``): the browser is sent to the job's page, which shows how far it has
come and offers the file when it is made. Only the user who asked sees that page and fetches the
file, and only while they may still read every partnership in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.jobs.work import unfinished_state
from mutuality.partnerships.models import Partnership
from mutuality.reports.models import ReportJob
from mutuality.selfassessment.models import Round

# The report's builders (.tasks, .render: the analysis, every section, the PDF's writer) are
# imported by the functions that make or name a report, not with this module: every page loads the
# URLconf that names these views, and with it this module (about 5 MiB in a server process).
if TYPE_CHECKING:
    from mutuality.reports.blocks import Report
    from mutuality.reports.tasks import ReportSpec

#: A partnership's files made in the background; a programme's are all made so.
PARTNERSHIP_BACKGROUND = {"pdf"}


def _no_progress(_stage: str) -> None:
    """The page waits for a quick report; there is no one to tell its stages to."""


@login_required
@require_http_methods(["GET", "POST"])
def partnership_report(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    from mutuality.reports.tasks import ReportSpec, build, build_report

    fmt = _format(request)
    spec = ReportSpec(ReportJob.Kind.PARTNERSHIP, (partnership.key,), fmt)
    if request.method == "POST" or fmt in PARTNERSHIP_BACKGROUND:
        return _background(request, spec, reverse("partnership-report", args=[partnership.key]))
    if fmt:
        return _download(spec, build(spec, access, _no_progress))
    return _page(request, build_report(spec, access, _no_progress), spec)


@login_required
@require_http_methods(["GET", "POST"])
def programme_report(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.can_read_programme_report())
    keys = [k for k in request.GET.getlist("partnership") if k]
    if keys:
        visible = access.partnerships(Partnership.objects.filter(key__in=keys))
        if set(visible.values_list("key", flat=True)) != set(keys):
            raise Http404
    elif not access.is_admin:  # the programme of the partnerships they read
        keys = sorted(access.partnerships(Partnership.objects.all()).values_list("key", flat=True))
    from mutuality.reports.tasks import ReportSpec, build_report

    fmt = _format(request)
    spec = ReportSpec(ReportJob.Kind.PROGRAMME, tuple(keys), fmt)
    query = urlencode([("partnership", k) for k in request.GET.getlist("partnership") if k])
    if request.method == "POST" or fmt:
        return _background(request, spec, reverse("programme-report") + (f"?{query}" if query else ""))
    return _page(request, build_report(spec, access, _no_progress), spec, query)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_report(request: HttpRequest, key: str, round: int) -> HttpResponse:
    """A self-assessment round's report for whoever reads its partnership: the page and its HTML and
    Markdown files while the browser waits, its PDF in the background like a partnership's."""
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    found = get_object_or_404(Round, pk=round, partnership=partnership)
    from mutuality.reports.render import FORMATS
    from mutuality.reports.tasks import ReportSpec, build, build_report

    fmt = _format(request)
    if fmt and fmt not in FORMATS:  # the report as data is the API's (self-assessment/)
        raise Http404
    spec = ReportSpec(ReportJob.Kind.SELF_ASSESSMENT, (partnership.key,), fmt, found.pk)
    if request.method == "POST" or fmt in PARTNERSHIP_BACKGROUND:
        return _background(request, spec, reverse("assessment-report", args=[partnership.key, found.pk]))
    if fmt:
        return _download(spec, build(spec, access, _no_progress))
    return _page(request, build_report(spec, access, _no_progress), spec)


def _format(request: HttpRequest) -> str:
    """The format asked for (none: the web page); one this app does not write is not found."""
    from mutuality.reports.tasks import FILE_FORMATS

    fmt = request.POST.get("format", "") if request.method == "POST" else request.GET.get("format", "")
    if (fmt and fmt not in FILE_FORMATS) or (request.method == "POST" and not fmt):
        raise Http404
    return fmt


def _page(request: HttpRequest, report: Report, spec: ReportSpec, query: str = "") -> HttpResponse:
    from mutuality.reports.render import FORMATS, page_context, render_html_body
    from mutuality.reports.tasks import FILE_FORMATS

    body = render_html_body(report, source_link=lambda key: reverse("source", args=[key]))
    background = set(FILE_FORMATS) if spec.kind == ReportJob.Kind.PROGRAMME else PARTNERSHIP_BACKGROUND
    offered = FORMATS if spec.kind == ReportJob.Kind.SELF_ASSESSMENT else FILE_FORMATS
    downloads = [
        {
            "format": fmt,
            "label": format_label(fmt),
            "background": fmt in background,
            "title": format_title(fmt),
        }
        for fmt in offered
    ]
    context = page_context(report, body) | {"query": f"{query}&" if query else "", "downloads": downloads}
    return render(request, "reports/report_page.html", context)


def _download(spec: ReportSpec, payload: bytes) -> HttpResponse:
    from mutuality.reports.tasks import FILE_FORMATS

    response = HttpResponse(payload, content_type=FILE_FORMATS[spec.fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{spec.file_name()}"'
    return response


def format_label(fmt: str) -> str:
    """A format as a download button names it."""
    labels = {"html": _("HTML file"), "md": _("Markdown"), "pdf": _("PDF"), "json": _("JSON data")}
    return labels.get(fmt, fmt.upper())


def format_title(fmt: str) -> str:
    """What a download is, for a format whose name alone does not say (shown when pointed at)."""
    from mutuality.reports.render import FORMATS

    if fmt in FORMATS:
        return ""
    return _("The report as data: its figures, findings and data gaps, for a notebook or another program.")


def _background(request: HttpRequest, spec: ReportSpec, back: str) -> HttpResponse:
    """A GET (a link from elsewhere) is offered the button that asks; a POST asks and goes to the job."""
    from mutuality.reports.tasks import TooManyReports, ask

    if request.method != "POST":
        context = {"title": _title(spec), "format": format_label(spec.fmt), "spec": spec, "back": back}
        return render(request, "reports/report_ask.html", context)
    try:
        job = ask(request.user, spec)
    except TooManyReports:
        messages.error(
            request,
            _("Three of your reports are already being made. Wait until one is ready, then ask again."),
        )
        return redirect(back)
    return redirect("report-job", job.pk)


def _title(spec: ReportSpec) -> str:
    if spec.kind == ReportJob.Kind.SELF_ASSESSMENT:
        found = Round.objects.filter(pk=spec.round or 0).select_related("partnership").first()
        if found is None:
            return _("Self-assessment")
        return _("Self-assessment of %(partnership)s") % {"partnership": found.partnership.name} + (
            f" · {found.name}"
        )
    if spec.kind == ReportJob.Kind.PARTNERSHIP:
        name = Partnership.objects.filter(key=spec.keys[0]).values_list("name", flat=True).first()
        return _("Report of %(partnership)s") % {"partnership": name or spec.keys[0]}
    return _("Programme report")


def _own_job(request: HttpRequest, job_id: UUID) -> ReportJob:
    """The job, if it is this user's: another user's is not found, as one that never was."""
    return get_object_or_404(ReportJob, pk=job_id, user=request.user)


@login_required
@require_GET
def report_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The page of a report being made: its progress, then its file or why it failed."""
    from mutuality.reports.tasks import spec_of

    job = _own_job(request, job_id)
    spec = spec_of(job)
    if job.kind == ReportJob.Kind.SELF_ASSESSMENT:
        back = reverse("assessment-report", args=[job.partnerships[0], job.round_id or 0])
    elif job.kind == ReportJob.Kind.PARTNERSHIP:
        back = reverse("partnership-report", args=[job.partnerships[0]])
    else:
        query = urlencode([("partnership", k) for k in job.partnerships])
        back = reverse("programme-report") + (f"?{query}" if query else "")
    context = {
        "job": job,
        "title": _title(spec),
        "format": format_label(job.format),
        "state": status(job),
        "back": back,
    }
    return render(request, "reports/report_job.html", context)


@login_required
@require_GET
def report_job_status(request: HttpRequest, job_id: UUID) -> JsonResponse:
    """How far the report has come, as the job page's script polls it."""
    response = JsonResponse(status(_own_job(request, job_id)))
    response["Cache-Control"] = "no-store"
    return response


def status(job: ReportJob) -> dict[str, Any]:
    """The job's state for the page and its script: the status, a sentence, and the file when made."""
    if not job.is_finished:  # waiting or being made: as every job (mutuality.jobs.work)
        return unfinished_state(job) | {"file": None}
    seconds = int(((job.finished or timezone.now()) - (job.started or job.created)).total_seconds())
    state: dict[str, Any] = {"status": job.status, "progress": round(job.progress, 3), "file": None}
    if job.status == ReportJob.Status.DONE and not job.path.exists():  # removed, or a restored database
        state["status"] = ReportJob.Status.FAILED
        state["message"] = _("This file is no longer kept. Ask for the report again.")
    elif job.status == ReportJob.Status.DONE:
        state["message"] = _("Made in %(seconds)d s: %(file)s, %(size)s.") % {
            "seconds": seconds,
            "file": job.file_name,
            "size": filesizeformat(job.size or 0),
        }
        state["file"] = reverse("report-job-file", args=[job.pk])
    else:
        state["message"] = job.error
    return state


@login_required
@require_GET
def report_job_file(request: HttpRequest, job_id: UUID) -> FileResponse:
    """The made file, for the user who asked, while they may still read every partnership in it."""
    from mutuality.reports.tasks import FILE_FORMATS, may_read

    job = _own_job(request, job_id)
    require(may_read(Access.of(request.user), job.kind, job.partnerships))
    if job.status != ReportJob.Status.DONE:
        raise Http404
    try:
        stream = job.path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        stream, as_attachment=True, filename=job.file_name, content_type=FILE_FORMATS[job.format][0]
    )
