"""Pages for REFI-QDA: import a project or codebook (in the background: ``mutuality.web.views_imports``)
and see the report; download exports."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.formats.refi_qda.exporting import codebook_bytes, qdpx_bytes
from mutuality.formats.refi_qda.importing import ImportReport
from mutuality.formats.refi_qda.package import DEFAULT_LIMITS, size_text
from mutuality.formats.tasks import researched
from mutuality.jobs.models import ImportJob
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import QdaImport
from mutuality.web.refi_qda.forms import ImportForm
from mutuality.web.views_imports import start_import


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """The form; a file sent with it is checked for size here and imported in the background
    (``mutuality.formats.tasks``), the browser sent to the job's page, which goes on to the report."""
    access = Access.of(request.user)
    require(access.is_researcher())
    partnerships = researched(access)
    form = ImportForm(request.POST or None, request.FILES or None)
    # ImportForm declares the field a ModelChoiceField; `fields` holds it as a form field.
    cast(forms.ModelChoiceField, form.fields["partnership"]).queryset = partnerships
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        chosen = form.cleaned_data["partnership"]
        if upload.size > DEFAULT_LIMITS.max_file_bytes:
            problems = [
                gettext("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": size_text(upload.size), "limit": size_text(DEFAULT_LIMITS.max_file_bytes)}
            ]
        else:
            started = start_import(
                request, ImportJob.Kind.REFI_QDA, upload, partnership=chosen.key if chosen else ""
            )
            if isinstance(started, ImportJob):
                return redirect("import-job", started.pk)
            problems = [started]
    context = {
        "form": form,
        "problems": problems,
        "partnerships": partnerships,
        "imports": _imports_of(access)[:20],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "qdaexchange/import.html", context, status=status)


@login_required
@require_GET
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(_imports_of(Access.of(request.user)), pk=pk)
    report = ImportReport.from_json(record.report)
    context = {
        "record": record,
        "report": report,
        "read": report.labelled(report.read),
        "imported": report.labelled(report.imported),
    }
    return render(request, "qdaexchange/report.html", context)


@login_required
@require_GET
def export_qdpx_view(request: HttpRequest) -> HttpResponse:
    # The whole project, confidential texts included: for administrators. Real names are replaced
    # unless ?with_names=1, as in every export.
    require(Access.of(request.user).is_admin)
    key = request.GET.get("partnership") or None
    partnership = get_object_or_404(Partnership, key=key) if key else None
    with_names = request.GET.get("with_names") == "1"
    response = HttpResponse(qdpx_bytes(partnership, with_names=with_names), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{key or "mutuality"}.qdpx"'
    return response


@login_required
@require_GET
def export_qdc_view(request: HttpRequest) -> HttpResponse:
    require(Access.of(request.user).can_read_evidence())
    response = HttpResponse(codebook_bytes(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mutuality-codebook.qdc"'
    return response


def _imports_of(access: Access) -> QuerySet[QdaImport]:
    """Earlier imports this user may see: their own (all of them for an administrator)."""
    imports = QdaImport.objects.select_related("partnership", "imported_by")
    return imports if access.is_admin else imports.filter(imported_by=access.user)
