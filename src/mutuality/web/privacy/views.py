"""Consent and names to hide, edited by those who may see real names; the codings CSV download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.evidence.models import Coding, Respondent, Source
from mutuality.formats.codings_csv import codings_csv_chunks
from mutuality.partnerships.naming import named
from mutuality.web.privacy.forms import ConsentForm, NamesToHideForm


@login_required
@require_http_methods(["GET", "POST"])
def consent_edit(request: HttpRequest, key: str) -> HttpResponse:
    respondent = get_object_or_404(Respondent, key=key)
    require(Access.of(request.user).can_see_real_name(respondent))
    form = ConsentForm(request.POST or None, instance=respondent)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Consent saved for %(respondent)s.") % {"respondent": respondent})
        return redirect("respondent-edit", key=respondent.key)
    title = gettext("Consent of %(respondent)s") % {"respondent": respondent}
    context = {"form": form, "title": title, "record": respondent, "back": "respondent-edit"}
    return render(request, "privacy/form.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def names_edit(request: HttpRequest, key: str) -> HttpResponse:
    source = get_object_or_404(Source, key=key)
    require(Access.of(request.user).can_manage_source(source))
    form = NamesToHideForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, gettext("Saved the names to hide in %(source)s.") % {"source": named(source)}
        )
        return redirect("source", key=source.key)
    title = gettext("Names to hide in %(source)s") % {"source": source}
    context = {"form": form, "title": title, "record": source, "back": "source"}
    return render(request, "privacy/form.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def codings_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The codings this user may read, with real names replaced; unchanged only for administrators."""
    access = Access.of(request.user)
    require(access.can_read_evidence())
    with_names = request.GET.get("with_names") == "1"
    require(not with_names or access.is_admin)
    # Rows are sent as they are read, so the download's memory stays the same however many codings.
    chunks = codings_csv_chunks(access.codings(Coding.objects.all()), with_names=with_names)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="codings.csv"'
    return response
