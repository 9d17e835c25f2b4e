"""Spreadsheet pages: download templates and exports (XLSX or CSV) and import an edited file.

The views only check access and hand over to :mod:`mutuality.formats.spreadsheets`,
which the ``mutuality import-sheet`` and ``export-sheet`` commands call too; an import through
:mod:`mutuality.formats.tasks`, in the background (``mutuality.web.views_imports``).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.formats import spreadsheets
from mutuality.formats.sheetfiles import MAX_FILE_BYTES, size_text
from mutuality.formats.tasks import may_import_sheets
from mutuality.jobs.models import ImportJob
from mutuality.partnerships.models import Partnership
from mutuality.web.views_imports import start_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX, "zip": "application/zip", "csv": "text/csv; charset=utf-8"}


class SpreadsheetForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel workbook (.xlsx), a CSV file named after its table (actors.csv …) or a zip of CSV files."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.zip"}),
    )


def _download(payload: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table(name: str) -> str:
    if name not in spreadsheets.TABLE_BY_NAME:
        raise Http404
    return name


@login_required
@require_GET
def spreadsheets_page(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    context = {
        "tables": [table.name for table in spreadsheets.TABLES],
        "partnerships": access.partnerships(Partnership.objects.order_by("name")),
        "may_import": may_import_sheets(access),
        "form": SpreadsheetForm(),
    }
    return render(request, "mutuality/spreadsheets.html", context)


@login_required
@require_GET
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = spreadsheets.template_rows()
    if fmt == "xlsx":
        return _download(spreadsheets.xlsx_bytes(rows), fmt, "mutuality-template.xlsx")
    if fmt == "zip":
        return _download(spreadsheets.csv_zip_bytes(rows), fmt, "mutuality-template-csv.zip")
    raise Http404


@login_required
@require_GET
def template_csv(request: HttpRequest, table: str) -> HttpResponse:
    payload = spreadsheets.csv_bytes(_table(table), spreadsheets.template_rows())
    return _download(payload, "csv", f"{table}.csv")


def _readable(request: HttpRequest) -> tuple[QuerySet[Partnership], str]:
    """The partnerships the user may read, narrowed to ?partnership=KEY when given, and a file name."""
    partnerships = Access.of(request.user).partnerships(Partnership.objects.all())
    key = request.GET.get("partnership")
    if key:
        chosen = get_object_or_404(partnerships, key=key)
        return partnerships.filter(pk=chosen.pk), f"mutuality-{chosen.key}"
    return partnerships, "mutuality"


@login_required
@require_GET
def export_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "zip"):
        raise Http404
    partnerships, name = _readable(request)
    rows = spreadsheets.export_rows(partnerships)
    if fmt == "xlsx":
        return _download(spreadsheets.xlsx_bytes(rows), fmt, f"{name}.xlsx")
    return _download(spreadsheets.csv_zip_bytes(rows), fmt, f"{name}-csv.zip")


@login_required
@require_GET
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    partnerships, name = _readable(request)
    rows = spreadsheets.export_rows(partnerships)
    return _download(spreadsheets.csv_bytes(_table(table), rows), "csv", f"{name}-{table}.csv")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """The form; a file sent with it is checked for size here and imported in the background
    (``mutuality.formats.tasks``), the browser sent to the job's page, which says what was imported."""
    require(may_import_sheets(Access.of(request.user)))
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            problems = [
                gettext("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": size_text(upload.size), "limit": size_text(MAX_FILE_BYTES)}
            ]
        else:
            started = start_import(request, ImportJob.Kind.SPREADSHEET, upload)
            if isinstance(started, ImportJob):
                return redirect("import-job", started.pk)
            problems = [started]
    context = {"form": form, "problems": problems}
    status = 400 if request.method == "POST" else 200
    return render(request, "mutuality/spreadsheets_import.html", context, status=status)
