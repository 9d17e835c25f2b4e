"""Reading single values of data files, once for every reader.

A :class:`~mutuality.formats.schema.Field` names its ``kind``; :data:`PARSERS`
holds the one parser of each kind, used by the partnership loader, the
evidence loader and (through them) the spreadsheet import alike. A value of
the wrong type or shape raises :class:`~mutuality.formats.schema.FieldValueError`,
whose message says what is allowed and is reported at the value's file, line
and field. A field of a kind no parser reads is a mistake in the program, not
in the file: :class:`UnknownKindError`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from mutuality.countries import country_code
from mutuality.formats.schema import Field, FieldValueError
from mutuality.framework import vocabulary
from mutuality.framework.sdgs import is_target
from mutuality.partnerships.models.base import KEY_PATTERN

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

Parser = Callable[[Field, Any], Any]


class UnknownKindError(LookupError):
    """A field of a kind no parser reads: a mistake in a spec or a reader, never in a data file."""


@dataclass(frozen=True)
class PartialDate:
    """A date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the period it names, and how precisely."""

    first: dt.date
    last: dt.date
    precision: str  # "year", "month" or "day"


# --- one value ----------------------------------------------------------------------------------


def read_key(value: Any) -> str:
    if not isinstance(value, str) or not re.match(KEY_PATTERN, value):
        raise FieldValueError(
            _("%(value)s is not a key: use lower-case letters, digits and hyphens") % {"value": repr(value)}
        )
    return value


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


def read_positive(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FieldValueError(
            _("expected a whole number of 1 or more, not %(value)s") % {"value": repr(value)}
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


def read_keys(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldValueError(_("expected a list of keys, e.g. [zeist-berkane]"))
    if len(set(value)) != len(value):
        raise FieldValueError(_("a value is listed twice"))
    return list(value)


def read_date(value: Any) -> PartialDate:
    """A date of the precision it is given in, with the first and the last day of the period it names."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    match = DATE_PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        raise FieldValueError(
            _("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not %(value)s") % {"value": repr(value)}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires it
    precision = "day" if day is not None else "month" if month is not None else "year"
    try:
        first = dt.date(year, 1 if month is None else month, 1 if day is None else day)
        last_month = 12 if month is None else month
        last_day = calendar.monthrange(year, last_month)[1] if day is None else day
        return PartialDate(first, dt.date(year, last_month, last_day), precision)
    except ValueError:
        raise FieldValueError(_("%(value)s is not a real date") % {"value": repr(value)}) from None


def read_vocab(field: Field, value: Any) -> str:
    vocab = vocabulary(field.vocab or "")
    if not isinstance(value, str) or value not in vocab:
        raise FieldValueError(
            _("unknown %(vocabulary)s %(value)s; allowed: %(allowed)s")
            % {"vocabulary": vocab.key, "value": repr(value), "allowed": ", ".join(vocab.keys())}
        )
    return value


def read_vocablist(field: Field, value: Any) -> list[str]:
    vocab = vocabulary(field.vocab or "")
    if not isinstance(value, list):
        raise FieldValueError(_("expected a list of %(vocabulary)s keys") % {"vocabulary": vocab.key})
    unknown = [item for item in value if not isinstance(item, str) or item not in vocab]
    if unknown:
        raise FieldValueError(
            _("unknown %(vocabulary)s %(value)s; allowed: %(allowed)s")
            % {
                "vocabulary": vocab.key,
                "value": ", ".join(map(repr, unknown)),
                "allowed": ", ".join(vocab.keys()),
            }
        )
    if len(set(value)) != len(value):
        raise FieldValueError(_("a value is listed twice"))
    return list(value)


def read_targets(value: Any) -> list[str]:
    """Targets of the Sustainable Development Goals, as text: YAML reads ``16.10`` unquoted as the
    number 16.1, a different target, so a number is refused rather than guessed at."""
    if not isinstance(value, list):
        raise FieldValueError(_("expected a list of SDG targets, e.g. ['11.6', '11.b']"))
    numbers = [item for item in value if isinstance(item, int | float) and not isinstance(item, bool)]
    if numbers:
        raise FieldValueError(
            _(
                "write each SDG target in quotes, e.g. '16.10': %(values)s was read as a number, "
                "which drops a final 0"
            )
            % {"values": ", ".join(map(str, numbers))}
        )
    if not all(isinstance(item, str) for item in value):
        raise FieldValueError(_("expected a list of SDG targets, e.g. ['11.6', '11.b']"))
    targets = [item.strip() for item in value]
    unknown = [item for item in targets if not is_target(item)]
    if unknown:
        raise FieldValueError(
            _("not a target of the 2030 Agenda: %(values)s (e.g. 11.6 or 11.b)")
            % {"values": ", ".join(map(repr, unknown))}
        )
    if len(set(targets)) != len(targets):
        raise FieldValueError(_("a value is listed twice"))
    return targets


def read_records(value: Any) -> list[Any]:
    """A nested list of records, each read later against its own spec."""
    if not isinstance(value, list):
        raise FieldValueError(_("expected a list of records"))
    return value


def _plain(read: Callable[[Any], Any]) -> Parser:
    return lambda _field, value: read(value)


# The parser of every kind. ``raw`` values are passed on as they are: the reader checks them where
# it uses them (a quote against its text, a side within the partnerships named). Kinds that need
# what only one reader knows (``ref``, ``municipalities``) are that reader's, given to
# :func:`parse_value` with these.
PARSERS: Mapping[str, Parser] = {
    "key": _plain(read_key),
    "text": _plain(read_text),
    "country": _plain(read_country),
    "year": _plain(read_year),
    "count": _plain(read_count),
    "positive": _plain(read_positive),
    "amount": _plain(read_amount),
    "bool": _plain(read_bool),
    "words": _plain(read_words),
    "keys": _plain(read_keys),
    "date": _plain(read_date),
    "vocab": read_vocab,
    "vocablist": read_vocablist,
    "targets": _plain(read_targets),
    "records": _plain(read_records),
    "raw": lambda _field, value: value,
}


def parser_for(field: Field, parsers: Mapping[str, Parser] = PARSERS) -> Parser:
    """The parser of the field's kind; :class:`UnknownKindError` if there is none."""
    try:
        return parsers[field.kind]
    except KeyError:
        raise UnknownKindError(
            f"field {field.name!r} is of kind {field.kind!r}, which no parser reads "
            f"(known: {', '.join(sorted(parsers))})"
        ) from None


def parse_value(field: Field, value: Any, parsers: Mapping[str, Parser] = PARSERS) -> Any:
    """The value read as its field's kind says; :class:`FieldValueError` saying what is allowed."""
    return parser_for(field, parsers)(field, value)


def empty_value(field: Field) -> Any:
    """What a field left out (or empty) stands for."""
    if isinstance(field.default, list):
        return list(field.default)  # a list of its own: the spec's default is shared
    if field.default is not None:
        return field.default
    if field.kind in ("text", "vocab"):
        return ""
    if field.kind in ("vocablist", "words", "keys", "targets", "records"):
        return []
    return None
