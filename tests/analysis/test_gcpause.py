"""The garbage-collector pause the dataset build keeps (issue 16, item 7): it changes when the collector
runs, never what is built."""

from __future__ import annotations

import contextlib
import dataclasses
import gc

import pytest

from mutuality.analysis import dataset
from mutuality.analysis.dataset import Dataset
from mutuality.analysis.gcpause import paused_collector
from tests.analysis.test_dataset import DOCUMENT, EVIDENCE


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on):
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_nested_pause_ends_with_the_outermost(collector_on):
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(collector_on):
    with pytest.raises(ValueError), paused_collector():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(collector_on):
    gc.disable()
    with paused_collector():
        pass
    assert not gc.isenabled()


def test_building_under_the_pause_gives_the_dataset_built_without_it(collector_on, monkeypatch):
    paused = Dataset.from_document(DOCUMENT, EVIDENCE)
    assert gc.isenabled()
    calls = []

    @contextlib.contextmanager
    def collector_left_on():
        calls.append(gc.isenabled())
        yield

    monkeypatch.setattr(dataset, "paused_collector", collector_left_on)
    plain = Dataset.from_document(DOCUMENT, EVIDENCE)
    assert calls == [True]
    assert [name for name, _ in plain.tables()] == [name for name, _ in paused.tables()]
    for (name, records), (_, again) in zip(paused.tables(), plain.tables(), strict=True):
        assert records and records == again, name
        assert [hash(r) for r in records] == [hash(r) for r in again], name
        for record in records:
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(record, dataclasses.fields(record)[0].name, "changed")
    assert paused.with_codings(EVIDENCE).codings == plain.with_codings(EVIDENCE).codings
