"""A whole project as pandas DataFrames, for notebooks and scripts.

::

    from mutuality import notebook
    project = notebook.load()                 # the configured database (MUTUALITY_DATA_DIR / DATABASE_URL)
    project = notebook.load(["zeist-berkane"])  # some partnerships
    project = notebook.load(file="export.json", evidence_file="evidence.json")  # `mutuality export` files

    project.partnerships, project.exchanges, project.learning_outcomes, project.codings  # DataFrames
    project.knowledge_flows, project.participants   # one row per flow / participant of an exchange
    project.dataset                                 # the Dataset every analysis reads

Reading the database sets Django up first (:func:`setup`); the texts of
codings are read with real names replaced, as every export does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from mutuality.analysis.dataset import Dataset

__all__ = ["Project", "load", "setup"]


def setup(
    data_dir: str | Path | None = None, database_url: str | None = None, *, migrate: bool = False
) -> None:
    """Set Django up (once) with the app's settings; optionally another data folder or database.

    ``migrate=True`` also creates or upgrades the tables, as ``mutuality migrate`` does.
    """
    if data_dir is not None:
        os.environ["MUTUALITY_DATA_DIR"] = str(data_dir)
    if database_url is not None:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


@dataclass
class Project:
    """The dataset and every list of it as a DataFrame, named as in the data format."""

    dataset: Dataset
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.frames:
            from mutuality.analysis.frames import dataset_frames

            self.frames = dataset_frames(self.dataset)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames") or {}
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.frames})

    @property
    def tables(self) -> list[str]:
        return sorted(self.frames)


def load(
    partnerships: Sequence[str] | None = None,
    *,
    file: str | Path | None = None,
    evidence_file: str | Path | None = None,
    evidence: bool = True,
) -> Project:
    """The project from the database (``partnerships``: keys, all when ``None``) or from export files."""
    if file is not None:
        from mutuality.formats.located import read_data_file

        document = read_data_file(Path(file))
        evidence_document = read_data_file(Path(evidence_file)) if evidence_file is not None else None
        if partnerships is not None:
            document = _only(document, partnerships)
        return Project(Dataset.from_document(document, evidence_document))
    setup()
    from mutuality.datasets import load_dataset

    return Project(load_dataset(partnerships, evidence=evidence))


def _only(document: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    wanted = set(keys)
    return {
        **document,
        "partnerships": [p for p in document.get("partnerships", []) if p.get("key") in wanted],
    }
