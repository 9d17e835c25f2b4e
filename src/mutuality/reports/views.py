"""The report pages: one partnership and the whole programme, with downloads (?format=html|md|pdf)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from mutuality.accounts.access import Access, require
from mutuality.datasets import load_report_data
from mutuality.evidence.models import Coding, Source
from mutuality.partnerships.models import Partnership
from mutuality.reports import partnership_sections, programme_sections
from mutuality.reports.blocks import Report
from mutuality.reports.render import FORMATS, page_context, render_html_body
from mutuality.reports.render import render as render_report


@login_required
def partnership_report(request: HttpRequest, key: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    data = load_report_data(
        [partnership.key], readable_sources=_readable(access), readable_codings=_codings(access)
    )
    report = partnership_sections.partnership_report(data, partnership.key)
    return _respond(request, report, f"{partnership.key}-report")


@login_required
def programme_report(request: HttpRequest) -> HttpResponse:
    access = Access.of(request.user)
    visible = access.partnerships(Partnership.objects.all())
    keys = [k for k in request.GET.getlist("partnership") if k]
    if keys:
        found = set(visible.filter(key__in=keys).values_list("key", flat=True))
        if found != set(keys):
            raise Http404
    elif not access.is_admin:
        keys = sorted(visible.values_list("key", flat=True))
        require(bool(keys))
    data = load_report_data(
        keys or None, readable_sources=_readable(access), readable_codings=_codings(access)
    )
    report = programme_sections.programme_report(data, keys or None)
    return _respond(request, report, "programme-report", urlencode([("partnership", k) for k in keys]))


def _readable(access: Access) -> set[int] | None:
    """The sources whose evidence this reader's reports may use (``None``: all)."""
    return None if access.is_admin else set(access.sources(Source.objects.all()).values_list("pk", flat=True))


def _codings(access: Access) -> QuerySet[Coding] | None:
    """The codings this reader's reports may use (``None``: all); under blind coding a coder's own."""
    return None if access.is_admin else access.codings(Coding.objects.all())


def _respond(request: HttpRequest, report: Report, filename: str, query: str = "") -> HttpResponse:
    fmt = request.GET.get("format", "")
    if not fmt:
        body = render_html_body(report, source_link=lambda key: reverse("source", args=[key]))
        context = page_context(report, body) | {"query": f"{query}&" if query else ""}
        return render(request, "reports/report_page.html", context)
    if fmt not in FORMATS:
        raise Http404
    media_type, extension = FORMATS[fmt]
    response = HttpResponse(render_report(report, fmt), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
