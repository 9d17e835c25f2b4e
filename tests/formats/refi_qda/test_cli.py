"""The REFI-QDA commands, run as a user runs them."""

from __future__ import annotations

import zipfile

from tests.commandline import mutuality
from tests.formats.datasets import VALID_DATASET
from tests.formats.refi_qda.conftest import SAMPLES, sample


def test_export_import_and_export_the_codebook(data_folder, tmp_path):
    """Runs the command line six times (about a second each: a new process sets Django up)."""
    data_dir = data_folder
    dataset = tmp_path / "partnerships.yaml"
    dataset.write_text(VALID_DATASET, encoding="utf-8")
    assert mutuality(data_dir, "load", str(dataset)).returncode == 0
    qc_demo = tmp_path / "qc-demo.qdpx"
    qc_demo.write_bytes(sample("qc-demo.qdpx"))

    refused = mutuality(data_dir, "import-qdpx", str(qc_demo))
    assert refused.returncode == 1 and "choose the partnership to import into" in refused.stderr

    result = mutuality(data_dir, "import-qdpx", str(qc_demo), "--partnership", "zeist-berkane")
    assert result.returncode == 0, result.stderr
    assert "Read: users 1, codes 262" in result.stdout and "sources 2, codings 205" in result.stdout

    out = tmp_path / "out.qdpx"
    result = mutuality(data_dir, "export-qdpx", "-o", str(out), "--partnership", "zeist-berkane")
    assert result.returncode == 0, result.stderr
    assert "codings: 205" in result.stderr
    with zipfile.ZipFile(out) as archive:
        assert len([name for name in archive.namelist() if name.startswith("sources/")]) == 2

    result = mutuality(data_dir, "export-qdc")
    assert result.returncode == 0 and result.stdout.startswith("<?xml") and "rq1_definition" in result.stdout

    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a project")
    result = mutuality(data_dir, "import-qdpx", str(broken), "-p", "zeist-berkane")
    assert result.returncode == 1 and "nothing was loaded" in result.stderr


def test_a_codebook_imports_without_a_partnership(data_folder, tmp_path):
    path = SAMPLES / "spec-example-codebook.qdc"
    copy = tmp_path / "spec.qdc"
    copy.write_bytes(sample(path.name))
    result = mutuality(data_folder, "import-qdpx", str(copy))
    assert result.returncode == 0, result.stderr
    assert "not valid against the REFI-QDA schema" in result.stdout and "codes 6" in result.stdout


def test_the_commands_explain_themselves(tmp_path):
    for command in ("export-qdpx", "import-qdpx", "export-qdc"):
        result = mutuality(tmp_path, command, "--help")
        assert result.returncode == 0 and "REFI-QDA" in result.stdout
