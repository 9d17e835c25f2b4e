"""Everything in the database as one document in the Mutuality data format.

The exporter walks the same field specs as the loader, so ``export`` →
``load`` into an empty database → ``export`` gives the same document.
Records are ordered by key so two exports of the same data are identical.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from mutuality.formats import schema
from mutuality.formats.schema import Field
from mutuality.partnerships.models import Exchange, Municipality, Partnership, SupportProgramme


def export_document() -> dict[str, Any]:
    return {
        "format": schema.FORMAT,
        "municipalities": [_record(m, schema.MUNICIPALITY) for m in Municipality.objects.order_by("key")],
        "support_programmes": [
            _record(p, schema.SUPPORT_PROGRAMME) for p in SupportProgramme.objects.order_by("key")
        ],
        "partnerships": [_partnership(p) for p in _partnerships()],
    }


def export_json() -> str:
    return json.dumps(export_document(), ensure_ascii=False, indent=2) + "\n"


def _partnerships() -> Any:
    return Partnership.objects.order_by("key").prefetch_related(
        "sides__municipality",
        "actors__side__municipality",
        "projects__support_programme",
        "objectives__side__municipality",
        "objectives__actor",
        "objectives__project",
        "exchanges__project",
        "exchanges__host__municipality",
        "exchanges__participations__side__municipality",
        "exchanges__participations__actor",
        "exchanges__knowledge_flows__from_side__municipality",
        "exchanges__knowledge_flows__to_side__municipality",
        "learning_outcomes__side__municipality",
        "learning_outcomes__actor",
        "learning_outcomes__learned_from__municipality",
        "learning_outcomes__project",
        "learning_outcomes__exchange",
        "resources__side__municipality",
        "resources__actor",
        "resources__project",
        "resources__programme",
    )


def _partnership(partnership: Partnership) -> dict[str, Any]:
    document = _record(partnership, schema.PARTNERSHIP)
    for list_name, spec in schema.PARTNERSHIP_LISTS:
        records = sorted(getattr(partnership, list_name).all(), key=lambda r: r.key)
        document[list_name] = [_record(record, spec) for record in records]
    return document


def _record(instance: models.Model, spec: tuple[Field, ...]) -> dict[str, Any]:
    """The record as the format writes it; a sparse field only when it is set (``Field.sparse`` says why)."""
    record = {}
    for field in spec:
        value = _value(instance, field)
        if not (field.sparse and value == field.default):
            record[field.name] = value
    return record


def _value(instance: Any, field: Field) -> Any:
    kind = field.kind
    if kind == "municipalities":
        return [side.municipality.key for side in sorted(instance.sides.all(), key=lambda s: s.position)]
    if kind == "records":
        return _children(instance, field.name)
    value = getattr(instance, field.model_attr)
    if kind == "ref":
        return None if value is None else value.key
    if kind == "date":
        return schema.write_date(value, instance.date_precision)
    if kind == "amount":
        return schema.write_amount(value)
    return value


def _children(exchange: Exchange, name: str) -> list[dict[str, Any]]:
    if name == "participants":
        return [_record(p, schema.PARTICIPANT) for p in exchange.participations.all()]
    return [_record(k, schema.KNOWLEDGE) for k in exchange.knowledge_flows.all()]
