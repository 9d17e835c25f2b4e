"""The change log as CSV, for administrators (a view and ``mutuality export-history`` both call this)."""

from __future__ import annotations

import csv
import json
from typing import IO

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from mutuality.formats.cells import safe_cell
from mutuality.history.models import Change

COLUMNS = (
    "at",
    "user",
    "via",
    "action",
    "model",
    "object_id",
    "object",
    "parent_model",
    "parent_id",
    "changes",
)


def write_history_csv(stream: IO[str], changes: QuerySet[Change] | None = None) -> int:
    """Write every change (oldest first), or those given; return how many rows were written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    rows = (
        (Change.objects.all() if changes is None else changes)
        .order_by("at", "id")
        .values_list(
            "at",
            "username",
            "via",
            "action",
            "model",
            "object_id",
            "object_repr",
            "parent_model",
            "parent_id",
            "changes",
        )
    )
    count = 0
    for at, *values, changed in rows.iterator(chunk_size=5000):
        text = json.dumps(changed, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder)
        writer.writerow([safe_cell(value) for value in (at.isoformat(), *values, text)])
        count += 1
    return count
