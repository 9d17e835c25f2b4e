"""Pages for REFI-QDA: import a project or codebook and see the report; download exports."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.accounts.roles import Role
from mutuality.evidence.models import Source
from mutuality.formats.refi_qda.exporting import codebook_bytes, qdpx_bytes
from mutuality.formats.refi_qda.importing import ImportReport, import_file
from mutuality.formats.refi_qda.package import DEFAULT_LIMITS, QdaImportError, size_text
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import QdaImport
from mutuality.web.refi_qda.forms import ImportForm


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    require(access.is_researcher())
    researched = (
        Partnership.objects.all()
        if access.is_admin
        else Partnership.objects.filter(pk__in=access.partnership_ids([Role.RESEARCHER]))
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    # ImportForm declares the field a ModelChoiceField; `fields` holds it as a form field.
    cast(forms.ModelChoiceField, form.fields["partnership"]).queryset = researched
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > DEFAULT_LIMITS.max_file_bytes:
            problems = [
                gettext("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": size_text(upload.size), "limit": size_text(DEFAULT_LIMITS.max_file_bytes)}
            ]
        else:
            try:
                with transaction.atomic():
                    newest = Source.objects.aggregate(newest=Max("pk"))["newest"] or 0
                    report = import_file(
                        upload.read(),
                        upload.name,
                        partnership=form.cleaned_data["partnership"],
                        user=request.user,
                    )
                    _check_placed_in(researched, newest, access)
            except QdaImportError as error:
                problems = [str(problem) for problem in error.problems]
            except PermissionDenied:
                problems = [
                    gettext(
                        "The file places sources in partnerships you do not research; nothing was imported. "
                        "Choose one of your partnerships, or ask an administrator."
                    )
                ]
            else:
                return redirect("qda-import-report", pk=report.import_id)
    context = {
        "form": form,
        "problems": problems,
        "partnerships": researched,
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


def _check_placed_in(researched: QuerySet[Partnership], newest: int, access: Access) -> None:
    """Refuse (and so roll back) an import whose cases put new sources in partnerships the user does not research."""
    if access.is_admin:
        return
    placed = set(
        Source.partnerships.through.objects.filter(source_id__gt=newest).values_list(
            "partnership_id", flat=True
        )
    )
    if not placed <= set(researched.values_list("pk", flat=True)):
        raise PermissionDenied


def _imports_of(access: Access) -> QuerySet[QdaImport]:
    """Earlier imports this user may see: their own (all of them for an administrator)."""
    imports = QdaImport.objects.select_related("partnership", "imported_by")
    return imports if access.is_admin else imports.filter(imported_by=access.user)
