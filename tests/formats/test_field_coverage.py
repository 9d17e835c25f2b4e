"""Every place that handles a record kind holds what :mod:`mutuality.formats.fields` says it holds.

The definition says, for each kind and place (the data format, the web forms, the API serializers,
the analysis records and the spreadsheet columns), which model fields the place leaves out and why,
which it names otherwise and why, and which names it adds. The forms, the serializers and the sheets
take their lists from it; the data format and the analysis records (free of Django) are written by
hand. Here every place is read as it is — ``base_fields``, the serializer's fields, the dataclass,
the columns, the spec — and compared with the definition: a concrete, editable model field must be
in every place under the name the place gives it, or be excluded with a reason, and a name that is
neither fails too, so stale names are caught. Only ``_meta`` and imports are read: no database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from mutuality.analysis import dataset
from mutuality.api import serializers
from mutuality.formats import fields, schema
from mutuality.formats.fields import (
    EXCLUDED,
    EXTRA,
    FOLLOWS,
    KINDS,
    NO_PLACE,
    PLACES,
    RENAMED,
    field_names,
    model_fields,
)
from mutuality.formats.spreadsheets import TABLE_BY_NAME
from mutuality.web import forms

Names = Callable[[], list[str]]


def _spec(spec: tuple[schema.Field, ...]) -> Names:
    return lambda: [f.name for f in spec]


def _form(form: type) -> Names:
    return lambda: list(form.base_fields)


def _serializer(serializer: type) -> Names:
    def names() -> list[str]:
        meta = getattr(serializer, "Meta", None)
        listed = list(getattr(meta, "fields", ()))
        return [*listed, *(name for name in serializer._declared_fields if name not in listed)]

    return names


def _record(cls: type) -> Names:
    return lambda: [f.name for f in dataclasses.fields(cls)]


def _columns(table: str) -> Names:
    return lambda: TABLE_BY_NAME[table].columns


def _only(names: Names, wanted: tuple[str, ...]) -> Names:
    """The names of a place that belong to records of another kind held in it (a partnership's sides)."""

    def found() -> list[str]:
        present = names()
        missing = [name for name in wanted if name not in present]
        assert not missing, f"expected {missing} among {present}"
        return list(wanted)

    return found


#: How each place is read, per kind (a place a kind has no part in is in NO_PLACE).
PLACE_NAMES: dict[str, dict[str, Names]] = {
    "municipality": {
        "schema": _spec(schema.MUNICIPALITY),
        "form": _form(forms.MunicipalityForm),
        "api": _serializer(serializers.MunicipalitySerializer),
        "analysis": _record(dataset.Municipality),
        "spreadsheet": _columns("municipalities"),
    },
    "support_programme": {
        "schema": _spec(schema.SUPPORT_PROGRAMME),
        "form": _form(forms.SupportProgrammeForm),
        "api": _serializer(serializers.SupportProgrammeSerializer),
        "analysis": _record(dataset.SupportProgramme),
        "spreadsheet": _columns("support_programmes"),
    },
    "partnership": {
        "schema": _spec(schema.PARTNERSHIP),
        "form": _form(forms.PartnershipForm),
        "api": _serializer(serializers.PartnershipSerializer),
        "analysis": _record(dataset.Partnership),
        "spreadsheet": _columns("partnerships"),
    },
    # A side is not a list of the format: a partnership's ``municipalities`` make its sides, in order.
    "side": {
        "schema": _only(_spec(schema.PARTNERSHIP), ("municipalities",)),
        "form": _only(_form(forms.PartnershipForm), ("municipalities",)),
        "api": _serializer(serializers.SideSerializer),
        "analysis": _record(dataset.Side),
        "spreadsheet": _only(_columns("partnerships"), ("municipalities",)),
    },
    "actor": {
        "schema": _spec(schema.ACTOR),
        "form": _form(forms.ActorForm),
        "api": _serializer(serializers.ActorSerializer),
        "analysis": _record(dataset.Actor),
        "spreadsheet": _columns("actors"),
    },
    "objective": {
        "schema": _spec(schema.OBJECTIVE),
        "form": _form(forms.ObjectiveForm),
        "api": _serializer(serializers.ObjectiveSerializer),
        "analysis": _record(dataset.Objective),
        "spreadsheet": _columns("objectives"),
    },
    "project": {
        "schema": _spec(schema.PROJECT),
        "form": _form(forms.ProjectForm),
        "api": _serializer(serializers.ProjectSerializer),
        "analysis": _record(dataset.Project),
        "spreadsheet": _columns("projects"),
    },
    "exchange": {
        "schema": _spec(schema.EXCHANGE),
        "form": _form(forms.ExchangeForm),
        "api": _serializer(serializers.ExchangeSerializer),
        "analysis": _record(dataset.Exchange),
        "spreadsheet": _columns("exchanges"),
    },
    "participant": {
        "schema": _spec(schema.PARTICIPANT),
        "form": _form(forms.ParticipationFormSet.form),
        "api": _serializer(serializers.ParticipantSerializer),
        "analysis": _record(dataset.Participant),
    },
    "knowledge_flow": {
        "schema": _spec(schema.KNOWLEDGE),
        "form": _form(forms.KnowledgeFlowFormSet.form),
        "api": _serializer(serializers.KnowledgeSerializer),
        "analysis": _record(dataset.KnowledgeFlow),
    },
    "learning_outcome": {
        "schema": _spec(schema.LEARNING_OUTCOME),
        "form": _form(forms.LearningOutcomeForm),
        "api": _serializer(serializers.LearningOutcomeSerializer),
        "analysis": _record(dataset.LearningOutcome),
        "spreadsheet": _columns("learning_outcomes"),
    },
    "resource": {
        "schema": _spec(schema.RESOURCE),
        "form": _form(forms.ResourceContributionForm),
        "api": _serializer(serializers.ResourceSerializer),
        "analysis": _record(dataset.Resource),
        "spreadsheet": _columns("resources"),
    },
}

#: Places whose order is their own: the analysis records' constructors take their fields by position,
#: and a nested sheet starts with its partnership's key.
OWN_ORDER = {"analysis", "spreadsheet"}


def problems(kind: str, place_names: dict[str, Names], model: list[str] | None = None) -> list[str]:
    """What is wrong with how the places of ``kind`` hold its fields, one readable line each.

    ``model`` stands in for the model's fields, so a test can show what a field added without a
    decision does.
    """
    fields_ = model_fields(fields.kind(kind).model) if model is None else model
    found = []
    for place in PLACES:
        if place not in place_names:
            if (kind, place) not in NO_PLACE:
                found.append(f"{kind}: {place}: no names given and not in NO_PLACE")
            continue
        names = place_names[place]()
        expected = set()
        for field in fields_:
            name = RENAMED.get((kind, place, field), (field, ""))[0]
            expected.add(name)
            excluded = (kind, place, field) in EXCLUDED
            if name in names and excluded:
                found.append(f"{kind}: {place}: {field!r} is there but listed in EXCLUDED; remove that entry")
            elif name not in names and not excluded:
                found.append(
                    f"{kind}: {place}: model field {field!r} is missing"
                    + (f" (looked for {name!r})" if name != field else "")
                    + "; add it there or to EXCLUDED with the reason"
                )
        for name in names:
            if name not in expected and (kind, place, name) not in EXTRA:
                found.append(
                    f"{kind}: {place}: {name!r} is no field of {fields.kind(kind).model.__name__}; "
                    "rename it in RENAMED, explain it in EXTRA or remove it"
                )
    return found


def test_every_kind_is_read_in_every_place():
    assert list(PLACE_NAMES) == [kind.name for kind in KINDS]


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_every_model_field_is_in_every_place_or_left_out_with_a_reason(kind):
    found = problems(kind, PLACE_NAMES[kind])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_every_place_holds_what_the_definition_says_in_its_order(kind):
    """The forms, the serializers and the data format in the definition's order; the others as sets."""
    for place, names in PLACE_NAMES[kind].items():
        if place in OWN_ORDER:
            assert sorted(names()) == sorted(field_names(kind, place)), (kind, place)
        else:
            assert names() == field_names(kind, place), (kind, place)


def test_a_new_model_field_is_named_with_its_kind_and_every_place():
    """A field added to a model and nowhere else fails once for each place, each line saying where.

    The forms and the API would take it from the definition at once; the data format, the analysis
    records and the sheets need a decision, and until there is one the field is named for every place.
    """
    kind = "learning_outcome"
    model = [*model_fields(fields.kind(kind).model), "disseminated_abroad"]
    assert problems(kind, PLACE_NAMES[kind], model) == [
        f"learning_outcome: {place}: model field 'disseminated_abroad' is missing; "
        "add it there or to EXCLUDED with the reason"
        for place in PLACES
    ]
    assert field_names(kind, "form", model)[-1] == "disseminated_abroad"
    assert field_names(kind, "api", model)[-1] == "disseminated_abroad"


def test_a_new_model_field_left_out_with_a_reason_passes(monkeypatch):
    kind = "learning_outcome"
    model = [*model_fields(fields.kind(kind).model), "disseminated_abroad"]
    for place in PLACES:
        monkeypatch.setitem(EXCLUDED, (kind, place, "disseminated_abroad"), "not decided yet")
    assert problems(kind, PLACE_NAMES[kind], model) == []
    assert "disseminated_abroad" not in field_names(kind, "form", model)


def test_a_stale_name_in_a_place_fails():
    places = dict(PLACE_NAMES["resource"])
    places["api"] = lambda: [*_serializer(serializers.ResourceSerializer)(), "currency"]
    assert problems("resource", places) == [
        "resource: api: 'currency' is no field of ResourceContribution; "
        "rename it in RENAMED, explain it in EXTRA or remove it"
    ]


def test_an_exclusion_of_a_field_that_is_there_fails(monkeypatch):
    monkeypatch.setitem(EXCLUDED, ("actor", "api", "roles"), "stale")
    assert problems("actor", PLACE_NAMES["actor"]) == [
        "actor: api: 'roles' is there but listed in EXCLUDED; remove that entry"
    ]


def test_an_exclusion_leaves_the_field_out_of_the_derived_places(monkeypatch):
    monkeypatch.setitem(EXCLUDED, ("actor", "form", "roles"), "a test")
    assert "roles" not in field_names("actor", "form")
    assert "roles" in field_names("actor", "api")


def test_every_entry_of_the_tables_names_a_kind_a_place_and_a_field():
    """An entry left behind after a field is removed or renamed fails here."""
    kinds = {kind.name: kind for kind in KINDS}
    stale = []
    for table in (RENAMED, EXCLUDED):
        for kind, place, field in table:
            if kind not in kinds or place not in PLACES:
                stale.append((kind, place, field))
            elif field not in model_fields(kinds[kind].model):
                stale.append((kind, place, field))
    for kind, place, name in EXTRA:
        if kind not in kinds or name not in PLACE_NAMES[kind][place]():
            stale.append((kind, place, name))
    for kind, field in FOLLOWS:
        if kind not in kinds or field not in model_fields(kinds[kind].model):
            stale.append((kind, "follows", field))
    for kind, place in NO_PLACE:
        if kind not in kinds or place not in PLACES or place in PLACE_NAMES[kind]:
            stale.append((kind, place, ""))
    assert not stale
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *NO_PLACE.values()])
    assert all(reason.strip() for _name, reason in [*RENAMED.values(), *EXTRA.values()])


def test_the_renames_of_the_format_agree_with_the_schema():
    """The schema says itself which model attribute a data name stands for (``Field.attr``).

    A side has no spec of its own: its municipality is one of its partnership's ``municipalities``.
    """
    for kind in (kind for kind in KINDS if kind.spec):
        declared = {(kind.name, "schema", f.attr): f.name for f in kind.spec if f.attr}
        listed = {key: name for key, (name, _reason) in RENAMED.items() if key[:2] == (kind.name, "schema")}
        assert declared == listed, kind.name


def test_the_order_is_the_formats_with_the_fields_it_lacks_where_they_follow():
    assert field_names("exchange", "form") == [
        "title",
        "project",
        "start_date",
        "end_date",
        "date_precision",
        "method",
        "direction",
        "setting",
        "stage",
        "host",
        "description",
        "source",
    ]
    assert field_names("actor", "api")[:3] == ["key", "partnership", "side"]
    assert field_names("partnership", "form")[:4] == ["name", "municipalities", "first_municipality", "form"]
    assert field_names("side", "analysis") == ["partnership", "key", "name", "country", "position"]


def test_a_place_a_kind_has_no_part_in_has_no_names():
    with pytest.raises(LookupError, match="no sheet"):
        field_names("participant", "spreadsheet")
    with pytest.raises(LookupError, match="no place"):
        field_names("actor", "notebook")
    with pytest.raises(KeyError, match="no record kind"):
        field_names("village", "form")


def test_an_extra_name_after_a_name_the_place_lacks_fails(monkeypatch):
    monkeypatch.setitem(EXTRA, ("actor", "api", "links"), fields.Extra("homepage", "a test"))
    with pytest.raises(LookupError, match="'links' follows 'homepage'"):
        field_names("actor", "api")
