"""The example notebook runs: its code cells, executed in order against the test database."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import nbformat
import pandas as pd

from mutuality import notebook
from mutuality.casestudies import load_case_studies
from mutuality.formats.data_export import export_document

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore-case-studies.ipynb"


def test_the_example_notebook_is_valid_and_its_cells_run(db):
    """Its cells load the case studies for real (3–4 s), as a reader's first run of the notebook does."""
    book = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(book)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in book.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, f"{NOTEBOOK.name} cell", "exec"), namespace)  # noqa: S102
    assert isinstance(namespace["table_8_1"], pd.DataFrame) and len(namespace["table_8_1"]) == 6
    assert namespace["learning_flows"]["outcomes"].sum() == len(namespace["project"].learning_outcomes)
    assert len(namespace["knowledge_flows"]) > 0


def test_a_project_loads_from_the_database_or_from_an_export_file(db, tmp_path):
    """Loads the case studies for real (3–4 s), then reads them as DataFrames three times: from the
    database, from an export file and for one partnership."""
    load_case_studies()
    from_database = notebook.load(evidence=False)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_document()), encoding="utf-8")
    from_file = notebook.load(file=path)
    assert len(from_database.exchanges) == len(from_file.exchanges) > 0
    assert sorted(from_file.partnerships.key) == sorted(from_database.partnerships.key)
    one = from_database.exchanges.partnership.iloc[0]
    assert set(notebook.load([one]).exchanges.partnership) == {one}
