"""The fields of the Mutuality data format (docs/data-format.md), once.

The loader reads records with these specs and the exporter writes them, so
the two cannot drift apart: an export is always loadable, and loading it into
an empty database and exporting again gives the same document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from mutuality.countries import country_code

FORMAT = "mutuality/1"
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class FieldValueError(ValueError):
    """A value of the wrong type or shape; the message says what is allowed."""


@dataclass(frozen=True)
class Field:
    """One field of a record in a data file.

    ``kind`` says how the value is read: ``text``, ``year``, ``count``,
    ``amount``, ``bool``, ``country``, ``words``, ``vocab`` / ``vocablist``
    (keys of ``vocab``), ``ref`` (key of another record, of kind ``ref``).
    ``attr`` is the model attribute when it differs from the data name.
    """

    name: str
    kind: str = "text"
    required: bool = False
    vocab: str | None = None
    ref: str | None = None
    attr: str | None = None
    default: Any = None

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
    F("intended", "bool", default=False),
    F("recognised", "bool", default=False),
    F("implemented", "bool", default=False),
    F("disseminated_internally", "bool", default=False),
    F("disseminated_externally", "bool", default=False),
    F("institutionalised", "bool", default=False),
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


# --- reading single values ------------------------------------------------------


def read_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldValueError(_("expected text"))
    if "\x00" in str(value):
        raise FieldValueError(_("must not contain a NUL character (\\0)"))
    return str(value).strip()


def read_country(value: Any) -> str:
    """An ISO 3166 country code, from a code (any case) or a country's name in one of our languages."""
    text = read_text(value)
    code = country_code(text)
    if code is None:
        raise FieldValueError(
            _(
                "expected an ISO 3166 country (a code such as NL, or a name such as Netherlands), not %(value)s"
            )
            % {"value": repr(value)}
        )
    return code


def read_year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2999:
        raise FieldValueError(_("expected a year such as 2008, not %(value)s") % {"value": repr(value)})
    return value


def read_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldValueError(
            _("expected a whole number of 0 or more, not %(value)s") % {"value": repr(value)}
        )
    return value


def read_amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise FieldValueError(_("expected a number, not true/false"))
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise FieldValueError(_("expected a number, not %(value)s") % {"value": repr(value)}) from None
    if not amount.is_finite():
        raise FieldValueError(_("expected a number, not %(value)s") % {"value": repr(value)})
    if amount < 0:
        raise FieldValueError(_("must not be negative (got %(value)s)") % {"value": value})
    return amount


def read_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldValueError(_("expected true or false, not %(value)s") % {"value": repr(value)})
    return value


def read_words(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldValueError(_("expected a list of words, e.g. [fire safety, waste management]"))
    if any("\x00" in item for item in value):
        raise FieldValueError(_("must not contain a NUL character (\\0)"))
    return [item.strip() for item in value]


def read_date(value: Any, *, end: bool = False) -> tuple[dt.date, str]:
    """A date of the given precision; an end date means the last day of its period."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = DATE_PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        raise FieldValueError(
            _("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not %(value)s") % {"value": repr(value)}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    precision = "day" if day is not None else "month" if month is not None else "year"
    month = month if month is not None else (12 if end else 1)
    try:
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        day = day if day is not None else (last if end else 1)
        return dt.date(year, month, day), precision
    except ValueError:
        raise FieldValueError(_("%(value)s is not a real date") % {"value": repr(value)}) from None


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
