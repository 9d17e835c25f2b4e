"""A record made by a bulk builder is exactly the record its own constructor makes."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from mutuality.analysis.dataset import Coding, Exchange, KnowledgeFlow, LearningOutcome, Participant
from mutuality.analysis.fastrecords import record_builder


def values_of(record: type) -> tuple[object, ...]:
    """A distinct value per field, of a type the field could hold."""
    return tuple(
        (f"v{n}",) if "tuple" in str(field.type) else f"v{n}"
        for n, field in enumerate(dataclasses.fields(record))
    )


@pytest.mark.parametrize("record", [Coding, Exchange, Participant, KnowledgeFlow, LearningOutcome])
def test_the_built_record_equals_the_constructed_one(record: type):
    values = values_of(record)
    built, constructed = record_builder(record)(*values), record(*values)
    assert type(built) is record
    assert built == constructed and hash(built) == hash(constructed)
    assert repr(built) == repr(constructed)
    assert dataclasses.astuple(built) == values
    assert pickle.loads(pickle.dumps(built)) == constructed


def test_the_built_record_is_frozen():
    coding = record_builder(Coding)(*values_of(Coding))
    with pytest.raises(dataclasses.FrozenInstanceError):
        coding.code = "dimension/trust"  # type: ignore[misc]


def test_every_field_must_be_given():
    with pytest.raises(TypeError, match="needs all"):
        record_builder(Coding)("only-an-id")


def test_records_the_trick_does_not_fit_are_refused():
    @dataclasses.dataclass(frozen=True)
    class WithoutSlots:
        name: str

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        name: str

        def __post_init__(self) -> None:
            assert self.name

    for record in (WithoutSlots, Checked):
        with pytest.raises(TypeError, match="in bulk"):
            record_builder(record)
