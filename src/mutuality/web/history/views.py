"""A record's history page and the administrators' CSV download."""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mutuality.accounts.access import Access, require
from mutuality.formats.history_log import write_history_csv
from mutuality.history.models import Change
from mutuality.history.readers import can_read, hidden_codings
from mutuality.history.recorder import tracked_models
from mutuality.privacy.reader import reader_of

PAGE_SIZE = 500


@login_required
@require_GET
def record_history(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    labels = {m._meta.label_lower: m for m in tracked_models()}
    if model not in labels:
        raise Http404(model)
    record = labels[model]._base_manager.filter(pk=pk).first()
    if record is None and not Change.objects.filter(model=model, object_id=str(pk)).exists():
        raise Http404(model)
    require(can_read(Access.of(request.user), model, record))
    hidden = hidden_codings(Access.of(request.user), model, record)
    changes = Change.objects.filter(_scope(model, str(pk))).exclude(hidden)[:PAGE_SIZE]
    source = _source_of(record)
    reader = reader_of(request)
    shown = reader.text(record, source) if record is not None else f"#{pk}"
    context = {
        "record": record,
        "shown_record": shown,
        "names_source": source,
        "title": gettext("History of %(record)s") % {"record": shown},
        "rows": [_row(change, model, str(pk)) for change in changes],
        "is_admin": Access.of(request.user).is_admin,
    }
    return render(request, "history/record.html", context)


def _source_of(record: Any) -> Any:
    """The source whose names rule the texts of a history page (mutuality.privacy.reader), if any."""
    for path in ("version.source", "coding.version.source", "source"):
        found = record
        for name in path.split("."):
            found = getattr(found, name, None)
        if found is not None and found.__class__.__name__ == "Source":
            return found
    return record if record.__class__.__name__ == "Source" else None


def _scope(model: str, pk: str) -> Q:
    """The record's own changes and those of records shown with it (a source's versions and codings…)."""
    scope = Q(model=model, object_id=pk) | Q(parent_model=model, parent_id=pk)
    if model == "evidence.source":
        versions = Change.objects.filter(model="evidence.sourceversion", parent_model=model, parent_id=pk)
        scope |= Q(parent_model="evidence.sourceversion", parent_id__in=versions.values("object_id"))
    return scope


def _row(change: Change, model: str, pk: str) -> dict[str, Any]:
    own = change.model == model and change.object_id == pk
    try:
        kind = apps.get_model(change.model)._meta.verbose_name
    except LookupError:
        kind = change.model
    return {
        "change": change,
        "what": None if own else (kind, change.object_repr),  # a record shown with it: its kind and name
        "fields": [
            (_verbose(change.model, name), before, after) for name, (before, after) in change.changes.items()
        ]
        if isinstance(change.changes, dict)
        else [],
    }


def _verbose(label: str, name: str) -> str:
    try:
        model = apps.get_model(label)
        field = next(
            f for f in model._meta.get_fields() if getattr(f, "attname", f.name) == name or f.name == name
        )
        return str(getattr(field, "verbose_name", name))
    except (LookupError, StopIteration):
        return name


@login_required
@require_GET
def history_csv(request: HttpRequest) -> HttpResponse:
    require(Access.of(request.user).is_admin)
    stream = io.StringIO()
    write_history_csv(stream)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="history.csv"'
    return response
