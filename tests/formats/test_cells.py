"""No download starts a cell with a formula: every CSV file and workbook the app writes, from a page or
the command line, writes text starting with =, +, -, @, a tab or a carriage return after a quote.

Such text is planted in every text column of every table of the partnership data and in the names,
titles, memos, quotes, summaries and user names the evidence downloads show; then every download is
read back as a spreadsheet program would read it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import typer
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.matrix import ATTRIBUTES
from mutuality.evidence.models import Code, Coding, FrameworkCell, Respondent, Source
from mutuality.evidence.versions import add_version
from mutuality.formats import spreadsheets
from mutuality.formats.cells import FORMULA_STARTS, safe_cell, unescape_cell
from mutuality.formats.data_export import export_document
from mutuality.formats.data_load import NESTED_MODELS, load_documents
from mutuality.partnerships.models import Municipality, Partnership, SupportProgramme
from mutuality.selfassessment.models import Answer, Instrument, Item, Response, Round, SideLink
from tests.web.conftest import SMALL_DATASET

PLANTED = ('=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(1)", "\tx", "\rx")
TABLE_MODELS = {
    "municipalities": Municipality,
    "support_programmes": SupportProgramme,
    "partnerships": Partnership,
    **NESTED_MODELS,
}
QUOTED = tuple("'" + start for start in FORMULA_STARTS)


def test_formula_text_is_quoted_and_the_quote_taken_off_again():
    for value in (*PLANTED, "'=x", "''+1", "'plain", "plain", "", "a=b"):
        assert unescape_cell(safe_cell(value)) == value
        assert not str(safe_cell(value)).startswith(FORMULA_STARTS)
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("'=x") == "''=x" and safe_cell("'plain") == "'plain"
    assert safe_cell(-2) == -2 and safe_cell(None) is None


def plant(values: tuple[str, ...]) -> None:
    """Every text column of every table of the partnership data, set to one of ``values`` in turn."""
    for table in spreadsheets.TABLES:
        model = TABLE_MODELS[table.name]
        for index, field in enumerate(table.spec):
            value = values[index % len(values)]
            if field.kind == "text":
                model.objects.update(**{field.model_attr: value})
            elif field.kind == "words":
                model.objects.update(**{field.model_attr: [value, "+3"]})


def routes(resolver=None, prefix: str = "") -> dict[str, str]:
    """Every route of the URLconf -> its name."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        if hasattr(entry, "url_patterns"):
            found.update(routes(entry, prefix + str(entry.pattern)))
        else:
            found[prefix + str(entry.pattern)] = entry.name
    return found


@pytest.fixture
def planted(db: None) -> dict[str, object]:
    """Partnership data with formula-like text in every text column, and evidence with it everywhere."""
    load_documents([("small dataset", SMALL_DATASET)])
    partnership = Partnership.objects.get()
    emirdag = partnership.sides.get(municipality__key="emirdag")
    partnership.objectives.create(key="objective", side=emirdag, type="international_norms")
    partnership.resources.create(key="resource", side=emirdag, kind="in_kind")
    plant(PLANTED)
    user = get_user_model().objects.create_superuser("+coder", password="a-long-test-password")
    parent = Code.objects.create(name="-2 waste", description="=1+1")
    code = Code.objects.create(name="@SUM(1)", parent=parent, description="+described")
    respondent = Respondent.objects.create(key="r-1", label="=R1", role="+1 officer", side=emirdag)
    source = Source.objects.create(
        title=PLANTED[0], kind="interview", language="en", side=emirdag, respondent=respondent
    )
    source.partnerships.add(partnership)
    text = f"{PLANTED[0]} said the officer.\n-2 trucks\n@SUM(1) and more"
    version = add_version(source, text, user=user).version
    trust = framework_code("dimension", "process_trust")
    for words, chosen, memo in (
        (PLANTED[0], code, "\tmemo"),
        ("-2 trucks", trust, "\rmemo"),
        ("@SUM(1)", code, "=m"),
    ):
        start = text.index(words)
        Coding.objects.create(
            version=version,
            start=start,
            end=start + len(words),
            code=chosen,
            coder=user,
            memo=memo,
            assessment="strong" if chosen == trust else "",
            factor_role="enabling" if chosen == trust else "",
        )
    for side in (None, emirdag):
        FrameworkCell.objects.create(partnership=partnership, side=side, code=code, summary="+summary")
    round = planted_round(partnership)
    client = Client()
    client.force_login(user)
    return {"client": client, "codes": [code.pk, trust.pk], "round": round}


def planted_round(partnership: Partnership) -> Round:
    """A named self-assessment round whose questionnaire, respondents and comments hold formula text."""
    instrument = Instrument.objects.create(
        key="planted", names={"en": "=HYPERLINK(1)"}, scales={"own": {"en": "+own"}}
    )
    item = Item.objects.create(
        instrument=instrument, key="trust-1", scale="own", texts={"en": "-1 trust"}, position=1
    )
    round = Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        name="@round",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 2, 1),
        anonymous=False,
    )
    for side in partnership.sides.all():
        link, _token = SideLink.issue(round, side)
        for number in range(3):
            response = Response.objects.create(
                link=link,
                round=round,
                side=side,
                resume_hash=f"{side.pk}-{number}",
                name=f"=name{number}",
                role="+role",
                submitted_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                consent_to_evidence=True,
            )
            Answer.objects.create(response=response, item=item, value=number + 2, comment="=1+1 comment")
    return round


def web_downloads(codes: list[int], round: Round) -> dict[str, str]:
    """Every table the pages offer as a file: URL -> the name its route has in the URLconf."""
    tables = [table.name for table in spreadsheets.TABLES]
    chosen = "&".join(f"code={pk}" for pk in codes)
    assessment = f"/partnerships/{round.partnership.key}/self-assessment/{round.pk}"
    return {
        f"{assessment}/answers.csv": "assessment-answers",
        f"{assessment}/answers.xlsx": "assessment-answers",
        f"{assessment}/scores.csv": "assessment-scores",
        "/spreadsheets/template.xlsx": "spreadsheet-template",
        "/spreadsheets/template.zip": "spreadsheet-template",
        **{f"/spreadsheets/template/{t}.csv": "spreadsheet-template-csv" for t in tables},
        "/spreadsheets/export.xlsx": "spreadsheet-export",
        "/spreadsheets/export.zip": "spreadsheet-export",
        **{f"/spreadsheets/export/{t}.csv": "spreadsheet-export-csv" for t in tables},
        "/codings.csv": "codings-csv",
        "/codings.csv?with_names=1": "codings-csv",
        "/history.csv": "history-csv",
        **{f"/matrix/?by={a}&format={f}": "matrix" for a in ATTRIBUTES for f in ("csv", "xlsx")},
        f"/framework-matrix/?format=xlsx&{chosen}": "framework-matrix",
        f"/framework-matrix/?format=xlsx&rows=sides&{chosen}": "framework-matrix",
    }


def cells(name: str, data: bytes) -> list[tuple[str, object]]:
    """Every text cell of a downloaded CSV file, zip of CSV files or workbook, with where it is."""
    if data.startswith(b"PK") and name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [found for member in archive.namelist() for found in cells(member, archive.read(member))]
    if data.startswith(b"PK"):
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        found = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{name} {sheet.title}!{cell.coordinate} is a formula"
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s", f"{name} {sheet.title}!{cell.coordinate}"
                        found.append((f"{name} {sheet.title}!{cell.coordinate}", cell.value))
        return found
    text = data.decode("utf-8-sig")
    return [
        (f"{name} row {number}", value)
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        for value in row
    ]


def unquoted_formulas(name: str, data: bytes, *, template: bool = False) -> list[tuple[str, object]]:
    """The cells a spreadsheet program would take for a formula (and a check that the planted text is in
    the file, quoted: a template holds no data, so nothing planted shows in it)."""
    found = cells(name, data)
    if not template:
        assert any(str(value).startswith(QUOTED) for _where, value in found), f"nothing planted in {name}"
    return [(where, value) for where, value in found if str(value).startswith(FORMULA_STARTS)]


def test_every_download_of_the_pages_writes_formula_text_as_text(planted):
    """About 40 downloads, workbooks among them, each read back cell by cell."""
    client, codes = planted["client"], planted["codes"]
    downloads = web_downloads(codes, planted["round"])
    offered = {
        name
        for route, name in routes().items()
        if re.search(r"\.csv|\.<slug:fmt>|\.<str:fmt>|matrix/$", route)
    }
    assert offered <= set(downloads.values()), "a download is not checked here"
    problems = []
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(("text/csv", "application/")), url
        disposition = re.search(r'filename="([^"]+)"', response["Content-Disposition"])
        name = disposition.group(1) if disposition else url
        problems += unquoted_formulas(name, response.getvalue(), template="template" in url)
    assert problems == []


def test_every_export_of_the_command_line_writes_formula_text_as_text(planted, tmp_path: Path):
    exports = {
        "codings.csv": ["export-codings", "--output"],
        "with-names.csv": ["export-codings", "--with-names", "--output"],
        "all.xlsx": ["export-sheet"],
        "all.zip": ["export-sheet"],
        "template.xlsx": ["export-sheet", "--template"],
        "history.csv": ["export-history", "--output"],
    }
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    spreadsheet_exports = {name for name in commands if name.startswith("export-")} - {
        "export-qdpx",
        "export-qdc",
    }
    assert spreadsheet_exports == {arguments[0] for arguments in exports.values()}
    problems = []
    for filename, arguments in exports.items():
        result = CliRunner().invoke(app, [*arguments, str(tmp_path / filename)])
        assert result.exit_code == 0, result.output
        problems += unquoted_formulas(
            filename, (tmp_path / filename).read_bytes(), template="--template" in arguments
        )
    assert problems == []


def test_an_export_with_formula_text_imports_back_unchanged(planted):
    """The quote is taken off again on import: the workbook and the CSV files load to the same data.
    (Loading trims a leading tab or line break, as it does from any file, so those are left out.)"""
    plant(PLANTED[:4])
    Municipality.objects.update(name="'=already quoted")
    Partnership.objects.update(name="''+1")
    before = export_document()
    rows = spreadsheets.export_rows()
    for data, filename in (
        (spreadsheets.xlsx_bytes(rows), "all.xlsx"),
        (spreadsheets.csv_zip_bytes(rows), "all.zip"),
    ):
        spreadsheets.import_spreadsheet(data, filename)
        assert export_document() == before, filename
