"""The diagnostics the reports show on the case studies: findings only on what is recorded, rules that
did not fire said as checks, what to record next (linked to the forms on the web page), and the data
completeness; and the same report as data (JSON)."""

from __future__ import annotations

import json
import re

from django.urls import reverse
from django.utils import translation

from mutuality.analysis.diagnostics import RULES, diagnosis
from mutuality.datasets import load_report_data
from mutuality.evidence.models import Respondent, RespondentIdentity
from mutuality.partnerships.models import Actor
from mutuality.reports.blocks import EntryList, Heading, Report, Section, Table
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.programme_sections import programme_report
from mutuality.reports.render import render_data, render_html_body, render_html_file, render_markdown
from tests.reports.conftest import ZEIST_BERKANE, add_source, code, side

GOUDA = "gouda-imzourene"  # a city link the chapters name and say no more about: nothing recorded
RAW_KEYS = re.compile(r"\b(ngo|cbo|field_visit|peer_to_peer|international_desk|migrant_organisation)\b")


def diagnostics_of(report: Report) -> Section:
    return next(s for s in report.sections if s.id == "diagnostics")


def table_after(sec: Section, heading: str) -> Table:
    blocks = sec.blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    found = blocks[at + 1]
    assert isinstance(found, Table)
    return found


def as_data(keys=None) -> dict:
    return json.loads(render_data(load_report_data(keys), keys))


def test_zeist_berkane_fires_no_recommendation_on_data_that_is_not_recorded(case_studies):
    """The issue's measure on the demo's Zeist–Berkane; reads the partnership and builds its report
    (about 3 s, the first test of a worker also sets up the case studies)."""
    data = load_report_data([ZEIST_BERKANE])
    [found] = diagnosis(data.dataset, ZEIST_BERKANE)
    assert found.findings, "the case study triggers recommendations"
    fired = {finding.rule for finding in found.findings}
    # no rule that fired waits for data; what is missing (coded passages of one side) no rule needs
    assert not [gap for gap in found.gaps if fired & set(gap.rules)]
    assert all(found.check(rule).status == "fired" for rule in fired)

    section = diagnostics_of(partnership_report(data, ZEIST_BERKANE))
    [entries] = [b for b in section.blocks if isinstance(b, EntryList)]
    assert len(entries.entries) == len(found.findings)
    for entry, finding in zip(entries.entries, found.findings, strict=True):
        assert entry.explanation.startswith("Why: ") and finding.rests_on in entry.explanation
        assert not any(RAW_KEYS.search(line) or "-0.00" in line for line in entry.lines)


def test_zeist_berkane_shows_what_to_record_next_and_its_completeness(case_studies):
    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)
    section = diagnostics_of(report)
    next_up = table_after(section, "What to record next")
    assert next_up.rows, "Zeist's sources are silent on some dimensions"
    assert {row[0].text for row in next_up.rows} <= {"Zeist", "Berkane", "The partnership as a whole"}
    assert any(row[1].text.startswith("No passage from Zeist's sources is coded for") for row in next_up.rows)
    complete = table_after(section, "Data completeness")
    assert complete.headers == ("Part of the framework", "Zeist", "Berkane", "Whole partnership")
    actors = next(row for row in complete.rows if row[0].text == "Actors")
    assert [cell.text for cell in actors[1:]] == ["9", "8", "17"]
    markdown = render_markdown(report)
    assert "### What to record next" in markdown and "### Data completeness" in markdown


def test_rules_that_did_not_fire_are_said_as_checks_not_as_facts_about_the_partnership(case_studies):
    section = diagnostics_of(partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE))
    checks = table_after(section, "Rules that did not fire")
    assert checks.rows
    for row in checks.rows:
        assert row[2].text.startswith(("Checked: no sign of ", "Checked for ", "Not checked: ")), row[2].text
    migrants = next(row for row in checks.rows if row[0].text == "Migrants taking part")
    # Zeist's key person of Moroccan origin and SSR take part: the check found no sign of their absence
    assert migrants[2].text.startswith("Checked: no sign of")


def test_a_partnership_with_nothing_recorded_gets_data_gaps_linked_to_the_forms(case_studies, officer_client):
    """Builds the report three ways: as blocks, as the web page's HTML and as the page a browser gets
    (about 2.5 s, most of it the page's request)."""
    data = load_report_data([GOUDA])
    report = partnership_report(data, GOUDA)
    section = diagnostics_of(report)
    [entries] = [b for b in section.blocks if isinstance(b, EntryList)]
    assert entries.entries == ()
    next_up = table_after(section, "What to record next")
    gouda_actors = next(row for row in next_up.rows if row[1].text == "No actors are recorded for Gouda.")
    assert "Migrants taking part (recommendation 7)" in gouda_actors[2].items
    add_actor = reverse("record-new", args=[GOUDA, "actors"]) + "?side=gouda"  # on Gouda's side
    assert gouda_actors[3].link == add_actor
    # the web page links to the form; a file or a PDF stands alone, without addresses of the site
    assert f'href="{add_actor}"' in render_html_body(report, source_link=lambda key: key)
    assert add_actor not in render_html_file(report)
    page = officer_client.get(reverse("partnership-report", args=[GOUDA]))
    assert page.status_code == 200 and f'href="{add_actor}"'.encode() in page.content
    complete = table_after(section, "Data completeness")
    assert [cell.text for cell in complete.rows[0]] == [
        "Actors",
        "not recorded",
        "not recorded",
        "not recorded",
    ]


def test_what_one_side_has_not_recorded_opens_its_form_on_that_side(case_studies, officer_client):
    next_up = table_after(
        diagnostics_of(partnership_report(load_report_data([GOUDA]), GOUDA)), "What to record next"
    )
    links = {(row[0].text, row[3].text): row[3].link for row in next_up.rows}
    add_objective = links[("Imzourene", "Add an objective")]
    assert add_objective == f"/partnerships/{GOUDA}/objectives/new/?side=imzourene"
    form = officer_client.get(add_objective).context["form"]
    assert form["side"].value() == side(GOUDA, "imzourene").pk
    add_source = links[("Gouda", "Add a source and code its passages")]
    assert add_source == f"/sources/new/?partnership={GOUDA}&side=gouda"
    form = officer_client.get(add_source).context["form"]
    assert form["partnerships"].value() == [side(GOUDA, "gouda").partnership_id]
    assert form["side"].value() == side(GOUDA, "gouda").pk
    # What the partnership as a whole lacks opens its form as it is.
    assert links[("The partnership as a whole", "Add a project")] == f"/partnerships/{GOUDA}/projects/new/"


def test_the_diagnostics_are_translated_with_their_terms(case_studies):
    with translation.override("nl"):
        report = partnership_report(load_report_data([GOUDA]), GOUDA)
        section = diagnostics_of(report)
    assert section.title != "Diagnostics and recommendations"
    assert not RAW_KEYS.search(render_markdown(report).split(section.title)[-1])


def test_the_programme_report_shows_how_far_each_rule_could_be_checked(case_studies):
    section = diagnostics_of(programme_report(load_report_data()))
    checks = next(
        b for b in section.blocks if isinstance(b, Table) and b.caption.startswith("How far each rule")
    )
    assert len(checks.rows) == len(RULES)
    migrants = next(row for row in checks.rows if row[0].text == "Migrants taking part")
    fired, checked, partly, not_checked = (int(cell.text) for cell in migrants[2:])
    assert not_checked >= 15 and fired + checked + partly + not_checked == 22


# --- the report as data --------------------------------------------------------------------------


def test_in_the_programme_as_data_no_partnership_without_actors_has_recommendation_7(case_studies):
    """The issue's measure on the case studies: builds the report of each of the 22 (about 3 s)."""
    document = as_data()
    assert set(document) >= {"partnerships"} and len(document["partnerships"]) == 22
    without_actors = 0
    for partnership in document["partnerships"]:
        actors = next(c for c in partnership["completeness"] if c["part"] == "actors" and c["side"] is None)
        if actors["count"]:
            continue
        without_actors += 1
        assert 7 not in [finding["recommendation"] for finding in partnership["findings"]], partnership["key"]
        gaps = [gap for gap in partnership["data_gaps"] if gap["part"] == "actors"]
        assert {gap["side"] for gap in gaps} == {side["key"] for side in partnership["sides"]}
        assert all("no_migrants_involved" in gap["rules"] for gap in gaps)
    assert without_actors >= 15


def test_a_partnership_as_data_has_its_figures_findings_and_gaps(case_studies):
    [zeist] = as_data([ZEIST_BERKANE])["partnerships"]
    assert zeist["key"] == ZEIST_BERKANE
    assert [s["key"] for s in zeist["sides"]] == ["zeist", "berkane"]
    sections = {s["id"]: s for s in zeist["sections"]}
    assert {"overview", "learning", "resources", "governance"} <= set(sections)
    assert any(
        f["label"] == "Partnership" and f["value"] == "Zeist–Berkane" for f in sections["overview"]["facts"]
    )
    assert all(
        table["columns"] and table["rows"]
        for s in sections.values()
        for table in s["tables"]
        if table["rows"]
    )
    for finding in zeist["findings"]:
        assert finding["rule"] in RULES and finding["recommendation"] in range(1, 8)
        assert finding["facts"] and all(fact["text"] and "values" in fact for fact in finding["facts"])
        assert all(ref["reference"].startswith(f"{ref['kind']}:") for ref in finding["evidence"])
    # The study does not say whether Berkane recognised its waste-management learning, nor whether any
    # learning was shared: no finding rests on that; each is a gap, with what to record.
    assert not {"learning_not_recognised", "no_dissemination"} & {f["rule"] for f in zeist["findings"]}
    recognition = next(g for g in zeist["data_gaps"] if g["part"] == "recognition")
    assert (recognition["side"], recognition["rules"]) == ("berkane", ["learning_not_recognised"])
    assert recognition["values"] == {"side": "Berkane", "count": 1, "total": 4}
    assert "record yes or no for each" in recognition["what"]
    shared = [g for g in zeist["data_gaps"] if g["part"] == "dissemination"]
    assert [(g["side"], g["rules"]) for g in shared] == [
        ("zeist", ["no_dissemination"]),
        ("berkane", ["no_dissemination"]),
    ]
    assert {gap["side"] for gap in zeist["data_gaps"]} <= {"zeist", "berkane", None}
    assert {check["rule"] for check in zeist["checks"]} == set(RULES)


def test_adding_actors_turns_the_gap_into_a_finding(case_studies):
    for municipality in ("gouda", "imzourene"):
        Actor.objects.create(
            key=f"{municipality}-council",
            partnership=side(GOUDA, municipality).partnership,
            side=side(GOUDA, municipality),
            name=f"Council of {municipality}",
            type="municipal_council",
        )
    [gouda] = as_data([GOUDA])["partnerships"]
    migrants = next(f for f in gouda["findings"] if f["rule"] == "no_migrants_involved")
    assert migrants["recommendation"] == 7
    assert not [gap for gap in gouda["data_gaps"] if "no_migrants_involved" in gap["rules"]]


def test_the_report_as_data_names_respondents_as_the_other_formats_do(case_studies, coder):
    text = "Ahmed Benali said that the decisions were made in Zeist."
    source = add_source("names-json", ZEIST_BERKANE, text=text, coder=coder, side_of="berkane")
    respondent = Respondent.objects.create(key="r-json", label="R-BER-7", role="NGO director")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Ahmed Benali")
    source.respondent = respondent
    source.save()
    code(source, coder, text, "power_equality", "limited", "limiting")
    out = render_data(load_report_data([ZEIST_BERKANE]), [ZEIST_BERKANE]).decode("utf-8")
    assert "Ahmed Benali" not in out
    passages = [p for s in json.loads(out)["partnerships"][0]["sections"] for p in s["passages"]]
    mine = [p for p in passages if p["source"] == "names-json"]
    assert mine and mine[0]["quote"].startswith("R-BER-7 said") and mine[0]["who"].startswith("R-BER-7")
