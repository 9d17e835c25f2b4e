"""Every field of a record kind is in each place that handles the kind, or left out with a reason.

The fields of a record are written by hand in several places (issue 16, item 1): the model, the data
format (:mod:`mutuality.formats.schema`), the web forms, the API serializers, the analysis records
(:mod:`mutuality.analysis.dataset`, free of Django) and the spreadsheet columns. Until they are derived
from one definition, this test ties them together: a concrete, editable model field must appear in
every place — under its own name or under the name :data:`RENAMED` gives — or be listed in
:data:`EXCLUDED` with the reason it is not there. A name in a place that is neither a model field nor
renamed nor listed in :data:`EXTRA` fails too, so stale names are caught. Only ``_meta`` and imports
are read: no database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import models

from mutuality.analysis import dataset
from mutuality.api import serializers
from mutuality.formats import schema
from mutuality.formats.spreadsheets import TABLE_BY_NAME
from mutuality.partnerships import models as records
from mutuality.web import forms

PLACES = ("schema", "form", "api", "analysis", "spreadsheet")


def _spec(spec: tuple[schema.Field, ...]) -> Callable[[], list[str]]:
    return lambda: [f.name for f in spec]


def _form(form: type) -> Callable[[], list[str]]:
    return lambda: list(form.base_fields)


def _serializer(serializer: type) -> Callable[[], list[str]]:
    def names() -> list[str]:
        meta = getattr(serializer, "Meta", None)
        declared = list(serializer._declared_fields)
        return [
            *getattr(meta, "fields", ()),
            *(name for name in declared if name not in getattr(meta, "fields", ())),
        ]

    return names


def _record(cls: type) -> Callable[[], list[str]]:
    return lambda: [f.name for f in dataclasses.fields(cls)]


def _columns(table: str) -> Callable[[], list[str]]:
    return lambda: TABLE_BY_NAME[table].columns


def _only(names: Callable[[], list[str]], wanted: tuple[str, ...]) -> Callable[[], list[str]]:
    """The names of a place that belong to records of another kind held in it (a partnership's sides)."""

    def found() -> list[str]:
        present = names()
        missing = [name for name in wanted if name not in present]
        assert not missing, f"expected {missing} among {present}"
        return list(wanted)

    return found


@dataclass(frozen=True)
class Kind:
    """A record kind of the data format: its model and how each place names its fields."""

    name: str
    model: type[models.Model]
    places: dict[str, Callable[[], list[str]]]


KINDS = (
    Kind(
        "municipality",
        records.Municipality,
        {
            "schema": _spec(schema.MUNICIPALITY),
            "form": _form(forms.MunicipalityForm),
            "api": _serializer(serializers.MunicipalitySerializer),
            "analysis": _record(dataset.Municipality),
            "spreadsheet": _columns("municipalities"),
        },
    ),
    Kind(
        "support_programme",
        records.SupportProgramme,
        {
            "schema": _spec(schema.SUPPORT_PROGRAMME),
            "form": _form(forms.SupportProgrammeForm),
            "api": _serializer(serializers.SupportProgrammeSerializer),
            "analysis": _record(dataset.SupportProgramme),
            "spreadsheet": _columns("support_programmes"),
        },
    ),
    Kind(
        "partnership",
        records.Partnership,
        {
            "schema": _spec(schema.PARTNERSHIP),
            "form": _form(forms.PartnershipForm),
            "api": _serializer(serializers.PartnershipSerializer),
            "analysis": _record(dataset.Partnership),
            "spreadsheet": _columns("partnerships"),
        },
    ),
    # A side is not a list of the format: a partnership's ``municipalities`` make its sides, in order.
    Kind(
        "side",
        records.Side,
        {
            "schema": _only(_spec(schema.PARTNERSHIP), ("municipalities",)),
            "form": _only(_form(forms.PartnershipForm), ("municipalities",)),
            "api": _serializer(serializers.SideSerializer),
            "analysis": _record(dataset.Side),
            "spreadsheet": _only(_columns("partnerships"), ("municipalities",)),
        },
    ),
    Kind(
        "actor",
        records.Actor,
        {
            "schema": _spec(schema.ACTOR),
            "form": _form(forms.ActorForm),
            "api": _serializer(serializers.ActorSerializer),
            "analysis": _record(dataset.Actor),
            "spreadsheet": _columns("actors"),
        },
    ),
    Kind(
        "objective",
        records.Objective,
        {
            "schema": _spec(schema.OBJECTIVE),
            "form": _form(forms.ObjectiveForm),
            "api": _serializer(serializers.ObjectiveSerializer),
            "analysis": _record(dataset.Objective),
            "spreadsheet": _columns("objectives"),
        },
    ),
    Kind(
        "project",
        records.Project,
        {
            "schema": _spec(schema.PROJECT),
            "form": _form(forms.ProjectForm),
            "api": _serializer(serializers.ProjectSerializer),
            "analysis": _record(dataset.Project),
            "spreadsheet": _columns("projects"),
        },
    ),
    Kind(
        "exchange",
        records.Exchange,
        {
            "schema": _spec(schema.EXCHANGE),
            "form": _form(forms.ExchangeForm),
            "api": _serializer(serializers.ExchangeSerializer),
            "analysis": _record(dataset.Exchange),
            "spreadsheet": _columns("exchanges"),
        },
    ),
    Kind(
        "participant",
        records.Participation,
        {
            "schema": _spec(schema.PARTICIPANT),
            "form": _form(forms.ParticipationFormSet.form),
            "api": _serializer(serializers.ParticipantSerializer),
            "analysis": _record(dataset.Participant),
        },
    ),
    Kind(
        "knowledge_flow",
        records.KnowledgeFlow,
        {
            "schema": _spec(schema.KNOWLEDGE),
            "form": _form(forms.KnowledgeFlowFormSet.form),
            "api": _serializer(serializers.KnowledgeSerializer),
            "analysis": _record(dataset.KnowledgeFlow),
        },
    ),
    Kind(
        "learning_outcome",
        records.LearningOutcome,
        {
            "schema": _spec(schema.LEARNING_OUTCOME),
            "form": _form(forms.LearningOutcomeForm),
            "api": _serializer(serializers.LearningOutcomeSerializer),
            "analysis": _record(dataset.LearningOutcome),
            "spreadsheet": _columns("learning_outcomes"),
        },
    ),
    Kind(
        "resource",
        records.ResourceContribution,
        {
            "schema": _spec(schema.RESOURCE),
            "form": _form(forms.ResourceContributionForm),
            "api": _serializer(serializers.ResourceSerializer),
            "analysis": _record(dataset.Resource),
            "spreadsheet": _columns("resources"),
        },
    ),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}

#: Places a kind has no part in at all.
NO_PLACE = {
    ("participant", "spreadsheet"): "participants have no sheet; an import keeps an exchange's stored ones",
    (
        "knowledge_flow",
        "spreadsheet",
    ): "knowledge flows have no sheet; an import keeps an exchange's stored ones",
}

#: (kind, place, model field): the name the place gives the field, and why it differs.
RENAMED: dict[tuple[str, str, str], tuple[str, str]] = {
    **{
        ("exchange", place, field): (name, "the format writes a date with its precision: YYYY[-MM[-DD]]")
        for place in ("schema", "analysis", "spreadsheet")
        for field, name in (("start_date", "start"), ("end_date", "end"))
    },
    ("knowledge_flow", "schema", "from_side"): (
        "from",
        "the format's name: a flow goes from a side to a side",
    ),
    ("knowledge_flow", "schema", "to_side"): ("to", "the format's name: a flow goes from a side to a side"),
    **{
        ("side", place, "municipality"): (
            "municipalities",
            "a partnership lists its municipalities; each one makes a side",
        )
        for place in ("schema", "form", "spreadsheet")
    },
    ("side", "analysis", "municipality"): ("key", "a side is named by its municipality's key"),
}

#: (kind, place, model field): why the place does not have the field.
EXCLUDED: dict[tuple[str, str, str], str] = {
    # The database's own id: records are named by key (a side by its municipality's key).
    **{
        (kind.name, place, "id"): "internal id; records are named by key"
        for kind in KINDS
        for place in PLACES
    },
    **{
        (kind.name, "form", "key"): "made from the name when the record is first saved, then never edited"
        for kind in KINDS
        if any(f.name == "key" for f in kind.model._meta.concrete_fields)
    },
    **{
        (kind, place, "partnership"): reason
        for kind in ("actor", "objective", "project", "exchange", "learning_outcome", "resource")
        for place, reason in (
            ("schema", "the record is nested in its partnership"),
            ("form", "set from the partnership whose page the form is on"),
        )
    },
    **{
        (kind, place, "exchange"): "the record is nested in its exchange"
        for kind in ("participant", "knowledge_flow")
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
    **{
        ("partnership", place, "blind_coding"): (
            "a setting of access to the evidence, changed on the members page "
            "(accounts.views.blind_coding), not partnership data"
        )
        for place in PLACES
    },
    # The analysis records hold what the analyses group and count by; texts and citations stay out.
    **{
        (kind, "analysis", "source"): "a citation; the analyses do not read it"
        for kind in (
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
        (kind, "analysis", "description"): "free text; the analyses do not read it"
        for kind in ("partnership", "actor", "project", "exchange")
    },
    ("partnership", "analysis", "translocal_description"): "free text; the analyses do not read it",
    ("municipality", "analysis", "region"): "the analyses group by country, not region, yet",
    ("municipality", "analysis", "population"): "no analysis weighs by population yet — issue 16 item 1",
    ("municipality", "analysis", "population_year"): "goes with population, which the analyses lack",
    ("support_programme", "analysis", "focus"): "free text; the analyses do not read it",
}

#: (kind, place, name): why a place has a name that is no model field of the kind.
EXTRA: dict[tuple[str, str, str], str] = {
    **{
        ("partnership", place, "municipalities"): "its sides, one a municipality (kind side)"
        for place in ("schema", "form", "api", "spreadsheet")
    },
    ("partnership", "api", "sides"): "its sides, read only (SideSerializer, kind side)",
    ("partnership", "analysis", "sides"): "its sides' municipality keys (kind side)",
    **{
        ("side", place, name): "the municipality's, shown with the side"
        for place in ("api", "analysis")
        for name in ("name", "country")
    },
    **{
        (
            "exchange",
            place,
            name,
        ): "its participations and knowledge flows (kinds participant, knowledge_flow)"
        for place in ("schema", "api", "analysis")
        for name in ("participants", "knowledge")
    },
}


def model_fields(model: type[models.Model]) -> list[str]:
    """The concrete, editable fields and the many-to-many fields (the primary key too: it has its exclusions)."""
    concrete = [f.name for f in model._meta.concrete_fields if f.editable]
    return [*concrete, *(f.name for f in model._meta.many_to_many if f.editable)]


def problems(kind: Kind, fields: list[str]) -> list[str]:
    """What is wrong with how the places of ``kind`` hold ``fields``, one readable line each."""
    found = []
    for place in PLACES:
        if place not in kind.places:
            if (kind.name, place) not in NO_PLACE:
                found.append(f"{kind.name}: {place}: no names given and not in NO_PLACE")
            continue
        names = kind.places[place]()
        expected = set()
        for field in fields:
            name = RENAMED.get((kind.name, place, field), (field, ""))[0]
            expected.add(name)
            excluded = (kind.name, place, field) in EXCLUDED
            if name in names and excluded:
                found.append(
                    f"{kind.name}: {place}: {field!r} is there but listed in EXCLUDED; remove that entry"
                )
            elif name not in names and not excluded:
                found.append(
                    f"{kind.name}: {place}: model field {field!r} is missing"
                    + (f" (looked for {name!r})" if name != field else "")
                    + "; add it there or to EXCLUDED with the reason"
                )
        for name in names:
            if name not in expected and (kind.name, place, name) not in EXTRA:
                found.append(
                    f"{kind.name}: {place}: {name!r} is no field of {kind.model.__name__}; "
                    "rename it in RENAMED, explain it in EXTRA or remove it"
                )
    return found


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_model_field_is_in_every_place_or_left_out_with_a_reason(kind):
    found = problems(kind, model_fields(kind.model))
    assert not found, "\n".join(found)


def test_a_new_model_field_is_named_with_its_kind_and_every_place():
    """A field added to a model and nowhere else fails once for each place, each line saying where."""
    kind = KIND_BY_NAME["learning_outcome"]
    found = problems(kind, [*model_fields(kind.model), "disseminated_abroad"])
    assert found == [
        f"learning_outcome: {place}: model field 'disseminated_abroad' is missing; "
        "add it there or to EXCLUDED with the reason"
        for place in PLACES
    ]


def test_a_stale_name_in_a_place_fails(monkeypatch):
    kind = KIND_BY_NAME["resource"]
    monkeypatch.setitem(
        kind.places, "api", lambda: [*_serializer(serializers.ResourceSerializer)(), "currency"]
    )
    assert problems(kind, model_fields(kind.model)) == [
        "resource: api: 'currency' is no field of ResourceContribution; "
        "rename it in RENAMED, explain it in EXTRA or remove it"
    ]


def test_an_exclusion_of_a_field_that_is_there_fails(monkeypatch):
    kind = KIND_BY_NAME["actor"]
    monkeypatch.setitem(EXCLUDED, ("actor", "api", "roles"), "stale")
    assert problems(kind, model_fields(kind.model)) == [
        "actor: api: 'roles' is there but listed in EXCLUDED; remove that entry"
    ]


def test_every_entry_of_the_tables_names_a_kind_a_place_and_a_field():
    """An entry left behind after a field is removed or renamed fails here."""
    stale = []
    for table in (RENAMED, EXCLUDED):
        for kind, place, field in table:
            if kind not in KIND_BY_NAME or place not in PLACES:
                stale.append((kind, place, field))
            elif field not in model_fields(KIND_BY_NAME[kind].model):
                stale.append((kind, place, field))
    for kind, place, name in EXTRA:
        if kind not in KIND_BY_NAME or name not in KIND_BY_NAME[kind].places[place]():
            stale.append((kind, place, name))
    assert not stale
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXTRA.values(), *NO_PLACE.values()])
    assert all(reason.strip() for _name, reason in RENAMED.values())


def test_the_renames_of_the_format_agree_with_the_schema():
    """The schema says itself which model attribute a data name stands for (``Field.attr``)."""
    specs = {
        "municipality": schema.MUNICIPALITY,
        "support_programme": schema.SUPPORT_PROGRAMME,
        "partnership": schema.PARTNERSHIP,
        "actor": schema.ACTOR,
        "objective": schema.OBJECTIVE,
        "project": schema.PROJECT,
        "exchange": schema.EXCHANGE,
        "participant": schema.PARTICIPANT,
        "knowledge_flow": schema.KNOWLEDGE,
        "learning_outcome": schema.LEARNING_OUTCOME,
        "resource": schema.RESOURCE,
    }
    for kind, spec in specs.items():
        declared = {(kind, "schema", f.attr): f.name for f in spec if f.attr}
        listed = {key: name for key, (name, _reason) in RENAMED.items() if key[:2] == (kind, "schema")}
        assert declared == listed, kind
