"""Edit conflicts: the second of two people saving the same record is told, not silently overwritten.

A form carries the record's fingerprint from when it was opened; saving
compares it with the record as it is now, under a row lock where the database
has them. No version column is needed, so data files and exports stay as
they are.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

FIELD = "base_fingerprint"


def fingerprint(instance: models.Model, related: tuple[str, ...] = ()) -> str:
    """A digest of the record's stored values (and of the named related records)."""
    values: dict[str, Any] = {
        field.attname: field.value_to_string(instance) for field in instance._meta.concrete_fields
    }
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            values[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        for name in related:
            rows = getattr(instance, name).order_by("pk")
            values[name] = [fingerprint(row) for row in rows]
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


def changed_since(instance: models.Model, base: str | None, related: tuple[str, ...] = ()) -> bool:
    """Whether the stored record differs from what the form was opened on (locks the row until commit)."""
    if instance.pk is None or not base:
        return False
    manager = type(instance)._default_manager
    current = manager.select_for_update().get(pk=instance.pk)
    return fingerprint(current, related) != base
