"""Issue 4, Done-when: with the demo data, the programme report's dimension table matches the seed's
Table 8.1 (ch. 8.3.5), derived from the codings — and changing the codings changes it.

Everything is read from the report itself: the Table 8.1 block (dimension × level → contexts) and,
per dimension, the table of its cells (level, codings by assessment, enabling / limiting, passages).
The demo evidence does not contain Table 8.1 (tests/casestudies/test_evidence.py checks that), so
every level here comes from respondents' statements and the seed's analysis paragraphs.

"Learning on local governance in the Netherlands" (Table 8.1, similarity and trust) is, in the
partnership data, learning by the Dutch side in the projects on the integration of migrants — the
"exchange related to strengthening social cohesion in the Netherlands" of ch. 8.3.4 — shown as the
context "integration · NL"; "local_governance" projects are those strengthening local governance in
the partner municipality (Morocco, Turkey).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutuality.datasets import load_report_data
from mutuality.evidence.models import Coding
from mutuality.reports.blocks import Heading, Passage, Passages, Report, Section, Table
from mutuality.reports.labels import context_text, level_label, term
from mutuality.reports.programme_sections import programme_report

LEVELS = ("strong", "moderate", "limited", "mixed")
ROLES = re.compile(r"enabling (\d+) · limiting (\d+)")


@dataclass(frozen=True)
class ReportCell:
    """One row of a dimension's table in the report."""

    level: str | None
    contradictory: bool
    enabling: int
    limiting: int
    passages: tuple[Passage, ...]

    def coded(self, level: str, role: str) -> int:
        """How many of the cell's passages the report shows as coded with this level and role."""
        words = {level_label(level), term("factor_role", role)}
        return sum(1 for p in self.passages if words <= set(p.coding.split(" · ")))


class ProgrammeTable:
    """The programme report's Table 8.1 and its cells, as the report shows them."""

    def __init__(self) -> None:
        data = load_report_data()
        self.dataset = data.dataset
        # Every passage numbered, so a cell's passages can be read back in full.
        report = programme_report(data, passages_per_cell=100_000)
        self.section = dimensions_section(report)

    def context(self, family: str, value: str) -> str:
        """The words the report uses for a context, e.g. "Subject: fire safety"."""
        return context_text(self.dataset, family, value)

    def row(self, dimension: str) -> dict[str, set[str]]:
        """Table 8.1's row of a dimension: level → the contexts listed under it (▲ dropped)."""
        table = next(b for b in self.section.blocks if isinstance(b, Table) and b.kind == "table-8-1")
        assert table.headers[1:] == tuple(level_label(level) for level in LEVELS)
        found = next(r for r in table.rows if r[0].text == term("dimension", dimension))
        row: dict[str, set[str]] = {}
        for level, cell in zip(LEVELS, found[1:], strict=True):
            assert cell.level in (level, None)
            contexts = row[level] = set()
            for item in cell.items:  # "Subject: fire safety, waste management ▲"
                family, _, values = item.partition(": ")
                contexts.update(f"{family}: {v.removesuffix(' ▲').strip()}" for v in values.split(", "))
        return row

    def cells(self, dimension: str) -> dict[str, ReportCell]:
        """The report's table of one dimension's cells: context → level, roles and passages."""
        passages = {
            number: passage
            for block in self.section.blocks
            if isinstance(block, Passages)
            for number, passage in block.items
        }
        blocks = list(self.section.blocks)
        start = next(
            i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.id == f"dimension-{dimension}"
        )
        table = next(b for b in blocks[start:] if isinstance(b, Table) and b.kind == "dimension-cells")
        cells = {}
        for context, level, _counts, roles, evidence in table.rows:
            enabling, limiting = map(int, ROLES.fullmatch(roles.text).groups())
            assert not evidence.more
            cells[context.text] = ReportCell(
                level=level.level,
                contradictory=bool(level.flag),
                enabling=enabling,
                limiting=limiting,
                passages=tuple(passages[n] for n in evidence.refs),
            )
        return cells


def dimensions_section(report: Report) -> Section:
    return next(s for s in report.sections if s.id == "dimensions")


def test_similarity_is_strong_on_fire_safety_and_waste_management_limited_on_local_governance_in_nl(
    case_studies,
):
    table = ProgrammeTable()
    row = table.row("professional_similarity")
    cells = table.cells("professional_similarity")
    strong = {table.context("subject", "fire safety"), table.context("subject", "waste management")}
    limited = {
        table.context("project_type+country", "integration+NL"),
        table.context("country", "NL"),
    }
    assert strong <= row["strong"], row
    assert limited <= row["limited"], row
    assert not (strong | limited) & (row["moderate"] | row["mixed"])
    for context in strong:
        cell = cells[context]
        assert cell.level == "strong" and not cell.contradictory, (context, cell)
        assert cell.enabling >= 2 and cell.limiting == 0  # similarity helped learning there
    for context in limited:
        cell = cells[context]
        assert cell.level == "limited" and not cell.contradictory, (context, cell)
        assert cell.limiting >= 1 and cell.enabling == 0  # few peer-to-peer contacts held learning back
    # Learning by the Dutch side in projects strengthening local governance abroad is not "strong".
    assert table.context("project_type+country", "local_governance+NL") not in row["strong"]


def test_power_and_equality_is_limited_as_a_constraint(case_studies):
    table = ProgrammeTable()
    row = table.row("power_equality")
    cells = table.cells("power_equality")
    assert row["limited"] and not (row["strong"] | row["moderate"] | row["mixed"]), row
    for country in ("NL", "MA", "TR"):
        context = table.context("country", country)
        assert context in row["limited"]
        cell = cells[context]
        assert cell.level == "limited", (country, cell)
        # As a constraint: the passages in which power and equality held back learning are there,
        # and they too give it a limited importance ("generally open and 'equal' relations").
        assert cell.limiting >= 1, (country, cell)
        assert cell.coded("strong", "limiting") == 0
        assert cell.coded("limited", "limiting") > cell.coded("moderate", "limiting"), (country, cell)
        assert cell.coded("limited", "limiting") + cell.coded("moderate", "limiting") == cell.limiting


def test_translocal_linkages_are_strong_for_broadening_the_exchanges(case_studies):
    table = ProgrammeTable()
    row = table.row("translocal_linkages")
    cells = table.cells("translocal_linkages")
    # Broader than the local-governance projects: the integration of migrants in Dutch society,
    # social cohesion and combating prejudice (ch. 8.4, 8.7), on both sides of the partnerships.
    broadened = {
        table.context("subject", "integration"),
        table.context("subject", "social cohesion"),
        table.context("subject", "combating prejudice"),
        table.context("project_type+country", "integration+NL"),
        table.context("project_type+country", "transnational_linkages+MA"),
        *(table.context("country", country) for country in ("NL", "MA", "TR")),
    }
    assert broadened <= row["strong"], row["strong"]
    for context in broadened:
        cell = cells[context]
        assert cell.level == "strong", (context, cell)
        assert cell.enabling > cell.limiting, (context, cell)  # more opportunities for mutual learning


def test_the_other_rows_follow_table_8_1(case_studies):
    table = ProgrammeTable()
    country = {c: table.context("country", c) for c in ("NL", "MA", "TR")}
    # Differences: a source of learning on both sides; limited particularly for Dutch local governments.
    difference = table.row("difference_recognition")
    assert {country["MA"], country["TR"]} <= difference["strong"]
    assert country["NL"] in difference["limited"]
    # Complementary resources: limited budget of the Dutch municipalities, limited financial means of
    # the Moroccan ones; strong only in Amsterdam–Kocaeli, "an example of financial equality, albeit
    # limited to only one case" (ch. 8.6).
    resources = table.row("complementary_resources")
    assert {country["NL"], country["MA"]} <= resources["limited"]
    kocaeli = {
        table.context("subject", s)
        for p in table.dataset.of("projects", "amsterdam-kocaeli")
        for s in p.subjects
    }
    assert resources["strong"] and resources["strong"] <= kocaeli
    # Trust: strong for strengthening governance in Morocco and Turkey, limited for the exchanges on
    # governance (social cohesion) in the Netherlands, moderate in between.
    trust = table.row("process_trust")
    assert {
        table.context("project_type+country", "local_governance+MA"),
        country["MA"],
        country["TR"],
    } <= trust["strong"]
    assert {table.context("project_type+country", "integration+NL"), country["NL"]} <= trust["limited"]
    assert trust["moderate"]


def test_changing_the_codings_changes_the_table(case_studies):
    before = ProgrammeTable()
    fire, waste = (before.context("subject", s) for s in ("fire safety", "waste management"))
    integration_nl = before.context("project_type+country", "integration+NL")
    similarity = before.row("professional_similarity")
    assert {fire, waste} <= similarity["strong"] and integration_nl in similarity["limited"]
    assert before.row("power_equality")["limited"]

    # Swap the similarity codings' strong and limited assessments, and delete those of power.
    codings = Coding.objects.filter(code__vocabulary="dimension", code__term="professional_similarity")
    strong = list(codings.filter(assessment="strong").values_list("pk", flat=True))
    limited = list(codings.filter(assessment="limited").values_list("pk", flat=True))
    assert strong and limited
    Coding.objects.filter(pk__in=strong).update(assessment="limited")
    Coding.objects.filter(pk__in=limited).update(assessment="strong")
    assert Coding.objects.filter(code__vocabulary="dimension", code__term="power_equality").delete()[0]

    after = ProgrammeTable()
    similarity = after.row("professional_similarity")
    assert {fire, waste} <= similarity["limited"] and not {fire, waste} & similarity["strong"]
    assert integration_nl in similarity["strong"] and integration_nl not in similarity["limited"]
    assert not any(after.row("power_equality").values())
    assert "power_equality" not in {
        b.id.removeprefix("dimension-") for b in after.section.blocks if isinstance(b, Heading)
    }
