"""The fields of the Mutuality data format (docs/data-format.md), once.

The loader reads records with these specs and the exporter writes them, so
the two cannot drift apart: an export is always loadable, and loading it into
an empty database and exporting again gives the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FORMAT = "mutuality/1"


class FieldValueError(ValueError):
    """A value of the wrong type or shape; the message says what is allowed."""


@dataclass(frozen=True)
class Field:
    """One field of a record in a data file.

    ``kind`` says how the value is read (:data:`mutuality.formats.values.PARSERS`):
    ``key``, ``text``, ``year``, ``count``, ``positive``, ``amount``, ``bool``,
    ``country``, ``words``, ``keys``, ``date``, ``vocab`` / ``vocablist`` (keys
    of ``vocab``), ``targets`` (targets of the Sustainable Development Goals),
    ``records`` (a nested list) and ``raw`` (checked where it is used); the partnership loader adds ``ref`` (key of another record, of kind
    ``ref``) and ``municipalities``.
    ``attr`` is the model attribute when it differs from the data name.
    ``sparse``: written only when it is not ``default``, and a record that leaves it out keeps
    what is stored — for a field added to the format after files were written without it, so
    that exports do not gain a line and loading an older file (or a sheet without the column)
    does not reset it.
    """

    name: str
    kind: str = "text"
    required: bool = False
    vocab: str | None = None
    ref: str | None = None
    attr: str | None = None
    default: Any = None
    sparse: bool = False

    @property
    def model_attr(self) -> str:
        return self.attr or self.name


def F(name: str, kind: str = "text", **options: Any) -> Field:
    return Field(name, kind, **options)


def V(name: str, vocab: str, **options: Any) -> Field:
    return Field(name, "vocab", vocab=vocab, **options)


def R(name: str, ref: str, **options: Any) -> Field:
    return Field(name, "ref", ref=ref, **options)


MUNICIPALITY = (
    F("key", "key", required=True),
    F("name", required=True),
    F("country", "country", required=True),
    F("region"),
    F("population", "count"),
    F("population_year", "year"),
    V("migration_role", "migration_role", default=""),
    F("source"),
)

SUPPORT_PROGRAMME = (
    F("key", "key", required=True),
    F("name", required=True),
    F("funder"),
    F("start_year", "year"),
    F("end_year", "year"),
    F("focus"),
    F("source"),
)

PARTNERSHIP = (
    F("key", "key", required=True),
    F("name", required=True),
    V("form", "partnership_form", default="city_link"),
    F("municipalities", "municipalities", required=True),
    F("since", "year"),
    V("status", "partnership_status", default="active"),
    F("status_year", "year"),
    V("initiation", "initiation", default=""),
    V("translocal_linkage", "translocal_linkage", default=""),
    F("translocal_description"),
    V("governance_model", "governance_model", default=""),
    F("description"),
    F("blind_coding", "bool", default=False, sparse=True),
    F("source"),
)

ACTOR = (
    F("key", "key", required=True),
    R("side", "side", required=True),
    F("name", required=True),
    V("kind", "actor_kind", default="organisation"),
    V("type", "actor_type", required=True),
    Field("roles", "vocablist", vocab="actor_role"),
    F("migrant_background", "bool", default=False),
    F("description"),
    F("source"),
)

PROJECT = (
    F("key", "key", required=True),
    F("name", required=True),
    Field("types", "vocablist", vocab="project_type", required=True),
    V("scale_level", "scale_level", default="project"),
    R("support_programme", "programme"),
    F("start_year", "year"),
    F("end_year", "year"),
    F("budget_eur", "amount"),
    F("subjects", "words"),
    # Added with issue 19, so sparse: files and sheets written before keep what is stored.
    Field("sdgs", "vocablist", vocab="sdg", default=[], sparse=True),
    F("sdg_targets", "targets", default=[], sparse=True),
    F("description"),
    F("source"),
)

OBJECTIVE = (
    F("key", "key", required=True),
    R("side", "side", required=True),
    R("actor", "actor"),
    R("project", "project"),
    V("type", "objective_type", required=True),
    F("wording"),
    F("clearly_formulated", "bool", default=False),
    F("source"),
)

PARTICIPANT = (
    R("side", "side", required=True),
    R("actor", "actor"),
    F("count", "count"),
)

KNOWLEDGE = (
    R("from", "side", required=True, attr="from_side"),
    R("to", "side", required=True, attr="to_side"),
    V("type", "knowledge_type", required=True),
    V("domain", "knowledge_domain", required=True),
    F("description"),
)

EXCHANGE = (
    F("key", "key", required=True),
    F("title", required=True),
    R("project", "project"),
    F("start", "date", required=True, attr="start_date"),
    F("end", "date", attr="end_date"),
    V("method", "exchange_method", required=True),
    V("direction", "exchange_direction", default="vertical"),
    V("setting", "exchange_setting", default="formal"),
    V("stage", "exchange_stage", default="follow_up"),
    R("host", "side"),
    F("participants", "records"),
    F("knowledge", "records"),
    F("description"),
    F("source"),
)

LEARNING_OUTCOME = (
    F("key", "key", required=True),
    R("side", "side", required=True),
    R("actor", "actor"),
    R("learned_from", "side"),
    R("project", "project"),
    R("exchange", "exchange"),
    F("description", required=True),
    V("form", "learning_form", required=True),
    Field("skills", "vocablist", vocab="skill"),
    V("theme", "learning_theme", default=""),
    V("issue_relation", "issue_relation", default=""),
    # What became of the learning: true, false, or not known (null or left out; never read as false).
    F("intended", "bool"),
    F("recognised", "bool"),
    F("implemented", "bool"),
    F("disseminated_internally", "bool"),
    F("disseminated_externally", "bool"),
    F("institutionalised", "bool"),
    F("source"),
)

RESOURCE = (
    F("key", "key", required=True),
    R("side", "side", required=True),
    R("actor", "actor"),
    R("project", "project"),
    R("programme", "programme"),
    V("kind", "resource_kind", required=True),
    F("amount", "amount"),
    V("unit", "resource_unit", default=""),
    F("start_year", "year"),
    F("end_year", "year"),
    F("description"),
    F("source"),
)

# The lists nested in a partnership, in the order they must be loaded.
PARTNERSHIP_LISTS = (
    ("actors", ACTOR),
    ("projects", PROJECT),
    ("objectives", OBJECTIVE),
    ("exchanges", EXCHANGE),
    ("learning_outcomes", LEARNING_OUTCOME),
    ("resources", RESOURCE),
)
TOP_LEVEL = ("format", "municipalities", "support_programmes", "partnerships")


# --- writing single values (reading them: mutuality.formats.values) --------------------------


def write_date(value: dt.date | None, precision: str) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def write_amount(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
