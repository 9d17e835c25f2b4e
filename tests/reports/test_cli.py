"""`mutuality report` writes a file, names the partnership by name or key, and shows its progress."""

from __future__ import annotations

from tests.commandline import mutuality
from tests.formats.datasets import VALID_DATASET


def loaded(folder, tmp_path):
    """``folder`` (a data folder) after loading the Zeist–Berkane dataset into it."""
    data = tmp_path / "data.yaml"
    data.write_text(VALID_DATASET, encoding="utf-8")
    assert mutuality(folder, "load", str(data)).returncode == 0
    return folder


def test_the_report_of_a_partnership_named_by_its_name_is_written_to_a_file(data_folder, tmp_path):
    """Two commands as a user runs them, each its own process: load, then report (about 2 s)."""
    folder = loaded(data_folder, tmp_path)
    output = folder / "zeist.md"
    result = mutuality(
        folder, "report", "--partnership", "Zeist–Berkane", "--format", "md", "-o", str(output)
    )
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Mutual learning in Zeist–Berkane\n")
    assert "## Diagnostics and recommendations" in text
    assert "Reading the database" in result.stderr and f"Wrote {output}" in result.stderr


def test_the_programme_report_and_a_pdf(data_folder, tmp_path):
    """Runs the command line three times (about a second each), writing the programme report and a PDF
    laid out by WeasyPrint."""
    folder = loaded(data_folder, tmp_path)
    html = folder / "programme.html"
    result = mutuality(folder, "report", "--all", "--format", "html", "-o", str(html))
    assert result.returncode == 0, result.stderr
    assert "Table 8.1" in result.stderr  # a stage of the analysis, as it starts
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")
    pdf = folder / "zeist.pdf"
    result = mutuality(folder, "report", "-p", "zeist-berkane", "--format", "pdf", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_without_a_file_name_the_report_is_named_after_the_partnership(data_folder, tmp_path):
    """Two commands as a user runs them, each its own process: load, then report (about 2 s)."""
    folder = loaded(data_folder, tmp_path)
    result = mutuality(folder, "report", "-p", "zeist-berkane", "--lang", "nl", cwd=folder)
    assert result.returncode == 0, result.stderr
    written = folder / "zeist-berkane-report.html"
    assert '<html lang="nl" dir="ltr">' in written.read_text(encoding="utf-8")


def test_mistakes_are_refused_with_a_message(data_folder, tmp_path):
    """Runs the command line six times (about a second each: a new process sets Django up)."""
    folder = loaded(data_folder, tmp_path)
    for args, message in (
        (["report"], "Give either --partnership NAME or --all."),
        (["report", "--all", "-p", "zeist-berkane"], "Give either --partnership NAME or --all."),
        (["report", "-p", "Utrecht–Berkane"], "No partnership is called 'Utrecht–Berkane'"),
        (["report", "--all", "--format", "docx"], "Unknown format 'docx'"),
        (["report", "--all", "--lang", "xx"], "Unknown language 'xx'"),
    ):
        result = mutuality(folder, *args)
        assert result.returncode == 1 and message in result.stderr, result.stderr
