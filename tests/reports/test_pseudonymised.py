"""Reports quote interviews without the names a researcher asked to hide."""

from __future__ import annotations

from mutuality.datasets import load_report_data
from mutuality.evidence.models import Respondent, RespondentIdentity
from mutuality.reports.partnership_sections import partnership_report
from mutuality.reports.render import render
from tests.reports.conftest import ZEIST_BERKANE, add_source, code

TEXT = "Ahmed Benali said that Karin de Vries made every decision in Zeist."


def test_a_report_replaces_real_names_and_listed_names_in_its_quotes(case_studies, coder):
    source = add_source("names-report", ZEIST_BERKANE, text=TEXT, coder=coder, side_of="berkane")
    respondent = Respondent.objects.create(key="r-names", label="R-BER-9", role="NGO director")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Ahmed Benali")
    source.respondent = respondent
    source.names_to_hide = "Karin de Vries"
    source.save()
    code(source, coder, TEXT, "power_equality", "limited", "limiting")

    report = partnership_report(load_report_data([ZEIST_BERKANE]), ZEIST_BERKANE)

    for fmt in ("html", "md"):
        out = render(report, fmt)
        text = out.decode() if isinstance(out, bytes) else out
        assert "Ahmed Benali" not in text and "Karin de Vries" not in text, fmt
    html = render(report, "html")
    assert "R-BER-9 said that [name] made every decision" in (
        html.decode() if isinstance(html, bytes) else html
    )
