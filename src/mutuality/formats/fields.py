"""Each partnership record kind's fields, said once, and what every place makes of them.

A kind's fields were typed by hand in six places (issue 16, item 1): the model, the data format
(:mod:`mutuality.formats.schema`), the web forms, the API serializers, the analysis records
(:mod:`mutuality.analysis.dataset`) and the spreadsheet columns, and nothing but a reviewer noticed
when one of them fell behind. Now the model says which fields there are and the schema in which
order; this module says, for each place, which of them it leaves out and why, which it names
otherwise and why, and which names it adds that are no field of the model. The forms and the
serializers take their lists from :func:`field_names`, the spreadsheet columns and the database
reader of :mod:`mutuality.datasets` take theirs from it too, so a field added to a model reaches
the forms and the API at once, and ``tests/formats/test_field_coverage.py`` fails until every
other place holds it or this module says why not.

The tables are plain data, so the test reads them as they are and a reviewer sees every decision
with its reason in one place. Entry points are not imported here: they import this.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models

from mutuality.formats import schema
from mutuality.formats.schema import Field
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    KnowledgeFlow,
    LearningOutcome,
    Municipality,
    Objective,
    Participation,
    Partnership,
    Project,
    ResourceContribution,
    Side,
    SupportProgramme,
)

__all__ = [
    "EXCLUDED",
    "EXTRA",
    "FOLLOWS",
    "KINDS",
    "KIND_BY_NAME",
    "LIST_KINDS",
    "NO_PLACE",
    "PLACES",
    "RENAMED",
    "Extra",
    "Kind",
    "Renamed",
    "field_names",
    "kept",
    "kind",
    "model_fields",
    "ordered_fields",
]

#: Where a kind's fields are handled: the data format, the web forms, the API, the analysis records
#: and the spreadsheet columns.
PLACES = ("schema", "form", "api", "analysis", "spreadsheet")


@dataclass(frozen=True)
class Kind:
    """A record kind: its model, its fields in the data format, and the list of the format that holds it.

    ``spec`` is empty for a side, which the format holds as one of a partnership's ``municipalities``.
    """

    name: str
    model: type[models.Model]
    spec: tuple[Field, ...] = ()
    list_name: str | None = None


KINDS = (
    Kind("municipality", Municipality, schema.MUNICIPALITY, "municipalities"),
    Kind("support_programme", SupportProgramme, schema.SUPPORT_PROGRAMME, "support_programmes"),
    Kind("partnership", Partnership, schema.PARTNERSHIP, "partnerships"),
    Kind("side", Side),
    Kind("actor", Actor, schema.ACTOR, "actors"),
    Kind("objective", Objective, schema.OBJECTIVE, "objectives"),
    Kind("project", Project, schema.PROJECT, "projects"),
    Kind("exchange", Exchange, schema.EXCHANGE, "exchanges"),
    Kind("participant", Participation, schema.PARTICIPANT, "participants"),
    Kind("knowledge_flow", KnowledgeFlow, schema.KNOWLEDGE, "knowledge"),
    Kind("learning_outcome", LearningOutcome, schema.LEARNING_OUTCOME, "learning_outcomes"),
    Kind("resource", ResourceContribution, schema.RESOURCE, "resources"),
)
KIND_BY_NAME = {found.name: found for found in KINDS}
#: The kind of each list of the data format (and sheet), by the list's name.
LIST_KINDS = {found.list_name: found.name for found in KINDS if found.list_name}

# The kinds a data file nests in a partnership.
NESTED = ("actor", "objective", "project", "exchange", "learning_outcome", "resource")


class Renamed(NamedTuple):
    """The name a place gives a model field, and why it is not the field's own."""

    name: str
    reason: str


class Extra(NamedTuple):
    """A name a place holds that is no field of the kind's model: the name it follows, and why it is there.

    ``after`` is a name of the same place (after renaming); ``None`` puts it first.
    """

    after: str | None
    reason: str


#: (kind, model field): the field a model field outside the data format follows in the kind's order.
#: The schema's order is the order of every place; these few are placed where the forms and the API
#: have always shown them.
FOLLOWS: dict[tuple[str, str], str] = {
    **{(name, "partnership"): "key" for name in NESTED},
    ("exchange", "date_precision"): "end_date",
}

#: Places a kind has no part in at all.
NO_PLACE: dict[tuple[str, str], str] = {
    ("participant", "spreadsheet"): "participants have no sheet; an import keeps an exchange's stored ones",
    (
        "knowledge_flow",
        "spreadsheet",
    ): "knowledge flows have no sheet; an import keeps an exchange's stored ones",
}

#: (kind, place, model field): the name the place gives the field, and why it differs.
RENAMED: dict[tuple[str, str, str], Renamed] = {
    **{
        ("exchange", place, field): Renamed(
            name, "the format writes a date with its precision: YYYY[-MM[-DD]]"
        )
        for place in ("schema", "analysis", "spreadsheet")
        for field, name in (("start_date", "start"), ("end_date", "end"))
    },
    ("knowledge_flow", "schema", "from_side"): Renamed(
        "from", "the format's name: a flow goes from a side to a side"
    ),
    ("knowledge_flow", "schema", "to_side"): Renamed(
        "to", "the format's name: a flow goes from a side to a side"
    ),
    **{
        ("side", place, "municipality"): Renamed(
            "municipalities", "a partnership lists its municipalities; each one makes a side"
        )
        for place in ("schema", "form", "spreadsheet")
    },
    ("side", "analysis", "municipality"): Renamed("key", "a side is named by its municipality's key"),
}

#: (kind, place, model field): why the place does not have the field.
EXCLUDED: dict[tuple[str, str, str], str] = {
    # The database's own id: records are named by key (a side by its municipality's key).
    **{
        (found.name, place, "id"): "internal id; records are named by key"
        for found in KINDS
        for place in PLACES
    },
    **{
        (found.name, "form", "key"): "made from the name when the record is first saved, then never edited"
        for found in KINDS
        if any(f.name == "key" for f in found.model._meta.concrete_fields)
    },
    **{
        (name, place, "partnership"): reason
        for name in NESTED
        for place, reason in (
            ("schema", "the record is nested in its partnership"),
            ("form", "set from the partnership whose page the form is on"),
        )
    },
    **{
        (name, place, "exchange"): "the record is nested in its exchange"
        for name in ("participant", "knowledge_flow")
        for place in ("schema", "form", "api", "analysis")
    },
    **{
        ("side", place, "partnership"): "a side is part of its partnership's record"
        for place in ("schema", "form", "api", "spreadsheet")
    },
    **{
        ("side", place, "position"): "the order of the partnership's municipalities"
        for place in ("schema", "form", "spreadsheet")
    },
    **{
        ("exchange", place, "date_precision"): "written into start and end: YYYY, YYYY-MM or YYYY-MM-DD"
        for place in ("schema", "analysis", "spreadsheet")
    },
    # Blind coding is in the data format, so an export loads back whole; elsewhere it stays a setting
    # of access to the evidence, switched by a researcher on the members page.
    ("partnership", "form", "blind_coding"): (
        "a setting of access to the evidence, switched by a researcher on the members page "
        "(accounts.views.blind_coding), not by whoever may edit the partnership"
    ),
    ("partnership", "api", "blind_coding"): (
        "a setting of access to the evidence, switched by a researcher on the members page; "
        "the API's partnership records (and its OpenAPI description) stay as they are"
    ),
    ("partnership", "analysis", "blind_coding"): (
        "no analysis reads it: it decides which codings a coder sees, applied when the dataset "
        "is read (Access.codings)"
    ),
    ("partnership", "spreadsheet", "blind_coding"): (
        "a setting of access, not data a sheet edits; templates and exports keep their columns "
        "and an import leaves it as stored"
    ),
    # The analysis records hold what the analyses group and count by; texts and citations stay out.
    **{
        (name, "analysis", "source"): "a citation; the analyses do not read it"
        for name in (
            "municipality",
            "support_programme",
            "partnership",
            "actor",
            "objective",
            "project",
            "exchange",
            "learning_outcome",
            "resource",
        )
    },
    **{
        (name, "analysis", "description"): "free text; the analyses do not read it"
        for name in ("partnership", "actor", "project", "exchange")
    },
    ("partnership", "analysis", "translocal_description"): "free text; the analyses do not read it",
    ("support_programme", "analysis", "focus"): "free text; the analyses do not read it",
    ("project", "analysis", "sdg_targets"): (
        "the programme report counts by goal (sdgs); no analysis reads the targets"
    ),
}

#: (kind, place, name): a name a place holds that is no model field of the kind, where it goes and why.
EXTRA: dict[tuple[str, str, str], Extra] = {
    ("partnership", "schema", "municipalities"): Extra("form", "its sides, one a municipality (kind side)"),
    ("partnership", "form", "municipalities"): Extra("name", "its sides, one a municipality (kind side)"),
    ("partnership", "form", "first_municipality"): Extra(
        "municipalities", "which of its sides comes first, the one that keeps the record (Side.position)"
    ),
    ("partnership", "api", "municipalities"): Extra("form", "its sides, one a municipality (kind side)"),
    ("partnership", "api", "sides"): Extra(
        "municipalities", "its sides, read only (SideSerializer, kind side)"
    ),
    ("partnership", "spreadsheet", "municipalities"): Extra(
        "form", "its sides, one a municipality (kind side)"
    ),
    ("partnership", "analysis", "sides"): Extra("name", "its sides' municipality keys (kind side)"),
    ("side", "api", "name"): Extra("municipality", "the municipality's, shown with the side"),
    ("side", "api", "country"): Extra("name", "the municipality's, shown with the side"),
    ("side", "analysis", "name"): Extra("key", "the municipality's, shown with the side"),
    ("side", "analysis", "country"): Extra("name", "the municipality's, shown with the side"),
    **{
        ("exchange", place, name): Extra(
            after, "its participations and knowledge flows (kinds participant, knowledge_flow)"
        )
        for place in ("schema", "api", "analysis")
        for name, after in (("participants", "host"), ("knowledge", "participants"))
    },
}


def kind(name: str) -> Kind:
    """The kind called ``name``: places name kinds as the tables do, and a typo is told the names there are."""
    try:
        return KIND_BY_NAME[name]
    except KeyError:
        raise KeyError(f"no record kind {name!r}; the kinds are {', '.join(KIND_BY_NAME)}") from None


def model_fields(model: type[models.Model]) -> list[str]:
    """The model's editable fields, in the model's order: the primary key too, since it has its exclusions."""
    concrete = [f.name for f in model._meta.concrete_fields if f.editable]
    return [*concrete, *(f.name for f in model._meta.many_to_many if f.editable)]


def ordered_fields(name: str, fields: list[str] | None = None) -> list[str]:
    """The kind's model fields in the order every place shows them.

    The data format's order comes first (the forms and the API have always followed it), with the
    fields it does not hold placed after the field :data:`FOLLOWS` names; the rest (the primary
    key, a side's fields, a field no one has placed yet) follow in the model's order. ``fields``
    stands in for the model's fields, so a test can ask what a new one would do.
    """
    found = kind(name)
    fields = model_fields(found.model) if fields is None else fields
    in_spec = [f.model_attr for f in found.spec if f.model_attr in fields]
    following: dict[str, list[str]] = defaultdict(list)
    rest: list[str] = []
    for field in fields:
        if field in in_spec:
            continue
        anchor = FOLLOWS.get((name, field))
        (following[anchor] if anchor in in_spec else rest).append(field)
    return [item for field in in_spec for item in (field, *following[field])] + rest


def kept(name: str, place: str, fields: list[str] | None = None) -> list[str]:
    """The model fields ``place`` holds of the kind, under their model names: what a reader of the
    database asks for, whatever the place calls them."""
    if (name, place) in NO_PLACE:
        raise LookupError(f"{name} has no place in {place}: {NO_PLACE[(name, place)]}")
    if place not in PLACES:
        raise LookupError(f"no place {place!r}; the places are {', '.join(PLACES)}")
    return [field for field in ordered_fields(name, fields) if (name, place, field) not in EXCLUDED]


def field_names(name: str, place: str, fields: list[str] | None = None) -> list[str]:
    """The names ``place`` holds of the kind, in order: its model fields (renamed where the place
    names them otherwise) and the names it adds (:data:`EXTRA`), each after the name it follows.

    A form's or serializer's ``Meta.fields`` is this list, so the form shows what it always showed;
    ``fields`` stands in for the model's fields, as in :func:`ordered_fields`.
    """
    names = [
        RENAMED.get((name, place, field), Renamed(field, "")).name for field in kept(name, place, fields)
    ]
    for (kind_name, extra_place, extra), (after, _reason) in EXTRA.items():
        if (kind_name, extra_place) != (name, place):
            continue
        if after is None:
            names.insert(0, extra)
        elif after in names:
            names.insert(names.index(after) + 1, extra)
        else:
            raise LookupError(f"{name}: {place}: {extra!r} follows {after!r}, which the place does not hold")
    return names
