"""A record's fingerprint: a digest of its stored values, to tell whether it changed since it was read.

The edit-conflict check of every form (:mod:`mutuality.web.conflicts`) compares the fingerprint of
the record as it was opened with the fingerprint of the record as it is now. It sits with the
history, below the pages, because it says only what a record holds, not how a page shows it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models


def fingerprint(
    instance: models.Model, related: tuple[str, ...] = (), fields: tuple[str, ...] | None = None
) -> str:
    """A digest of the record's stored values: of the named ``fields`` only, or of all its fields,
    its many-to-many links and the ``related`` records (by the name of their manager)."""
    values: dict[str, Any] = {
        field.attname: field.value_to_string(instance)
        for field in instance._meta.concrete_fields
        if fields is None or field.name in fields
    }
    if instance.pk is not None and fields is None:
        for field in instance._meta.many_to_many:
            values[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        for name in related:
            rows = getattr(instance, name).order_by("pk")
            values[name] = [fingerprint(row) for row in rows]
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]
