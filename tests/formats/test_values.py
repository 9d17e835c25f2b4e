"""The value parsers every data-file reader uses, one per kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutuality.formats.schema import Field, FieldValueError
from mutuality.formats.values import (
    PARSERS,
    PartialDate,
    UnknownKindError,
    empty_value,
    parse_value,
    read_date,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2008", PartialDate(dt.date(2008, 1, 1), dt.date(2008, 12, 31), "year")),
        (2008, PartialDate(dt.date(2008, 1, 1), dt.date(2008, 12, 31), "year")),
        ("2008-02", PartialDate(dt.date(2008, 2, 1), dt.date(2008, 2, 29), "month")),
        ("2008-05-12", PartialDate(dt.date(2008, 5, 12), dt.date(2008, 5, 12), "day")),
    ],
)
def test_a_date_names_the_first_and_last_day_of_its_period(written, expected):
    assert read_date(written) == expected


@pytest.mark.parametrize("written", ["2008-13", "2008-02-30", "2008-00", "2008-05-00", "0000", "08-05", True])
def test_a_date_that_does_not_exist_is_refused(written):
    with pytest.raises(FieldValueError):
        read_date(written)


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("key", "zeist-berkane", "zeist-berkane"),
        ("text", "  Zeist ", "Zeist"),
        ("country", "Maroc", "MA"),
        ("year", 2008, 2008),
        ("count", 0, 0),
        ("positive", 1, 1),
        ("amount", 4000.5, Decimal("4000.5")),
        ("bool", False, False),
        ("words", [" fire safety "], ["fire safety"]),
        ("keys", ["a", "b"], ["a", "b"]),
        ("vocab", "field_visit", "field_visit"),
        ("vocablist", ["field_visit"], ["field_visit"]),
        ("records", [{"a": 1}], [{"a": 1}]),
        ("raw", {"any": "thing"}, {"any": "thing"}),
    ],
)
def test_each_kind_reads_its_values(kind, raw, value):
    assert parse_value(Field("x", kind, vocab="exchange_method"), raw) == value


def test_a_kind_no_parser_reads_raises_instead_of_passing_the_value_on():
    with pytest.raises(UnknownKindError, match="'x' is of kind 'nonsense'"):
        parse_value(Field("x", "nonsense"), "anything")
    assert not issubclass(UnknownKindError, FieldValueError)  # never reported as a problem of the file


def test_a_reader_may_add_kinds_of_its_own():
    parsers = {**PARSERS, "shout": lambda _field, raw: str(raw).upper()}
    assert parse_value(Field("x", "shout"), "hi", parsers) == "HI"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (Field("x", "text"), ""),
        (Field("x", "vocab", vocab="exchange_method"), ""),
        (Field("x", "words"), []),
        (Field("x", "keys"), []),
        (Field("x", "records"), []),
        (Field("x", "year"), None),
        (Field("x", "bool", default=True), True),
    ],
)
def test_a_field_left_out_takes_its_default_or_the_empty_value_of_its_kind(field, value):
    assert empty_value(field) == value
