"""``{% history_url record %}``: the link to a record's History page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(record: Any) -> str:
    if record is None or getattr(record, "pk", None) is None:
        return ""
    return reverse("record-history", args=[record._meta.label_lower, record.pk])
