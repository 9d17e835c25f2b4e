"""A self-assessment round's report: per scale the two sides side by side with n, mean and spread,
the gap and what it means, alpha and the change since the last round; made-up rounds marked; as a
page, an HTML file and a PDF made in the background."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mutuality.reports.models import ReportJob
from tests.accounts.conftest import client_for, world  # noqa: F401  (the shared cast)
from tests.selfassessment.scored import scored_round

EMIRDAG = [[4, 5, 2, 4], [5, 5, 1, 5], [4, 4, 2, None]]  # process_trust 4.50 ± 0.50
HAARLEM = [[2, 2, 4, 3], [1, 2, 5, 3], [2, 3, 4, 2]]  # process_trust 2.00 ± 0.50


@pytest.fixture(autouse=True)
def data_folder_of_its_own(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def words(response) -> str:
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</?bdi>", "", response.content.decode()))
    return re.sub(r"\s+", " ", unescape(text))


def url(round, **query: str) -> str:
    found = reverse("assessment-report", args=[round.partnership.key, round.pk])
    return found + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_puts_the_sides_side_by_side_per_scale_with_the_gap_and_its_verdict(world):  # noqa: F811
    scored_round(
        world.p1,
        {"emirdag": [[3, 3, 3, 3]] * 3, "haarlem": HAARLEM},
        name="2025",
        opens_on=dt.date(2025, 3, 1),
    )
    round = scored_round(
        world.p1,
        {"emirdag": EMIRDAG, "haarlem": HAARLEM[:2]},
        comments={("emirdag", 0, "trust-1"): "A private remark"},
    )
    response = client_for(world, "viewer").get(url(round))
    assert response.status_code == 200
    text = words(response)
    assert "Self-assessment of Haarlem–Emirdağ" in text and "Round 2026 · Scored check" in text
    assert "4.50 ± 0.50 (n = 3)" in text  # Emirdağ on process-based trust
    assert "not shown (n = 2)" in text  # Haarlem, two respondents
    assert "Change since 2025" in text and "Emirdağ +1.50" in text
    assert "Cronbach's alpha" in text and "not computed" in text
    assert "No gap to show: both sides need scores on a scale." in text
    assert "Scores of a side are shown once at least 3 people" in text
    assert "private remark" not in text
    assert "Statement trust-1." in text  # each statement, per side
    assert "illustrative" not in text.lower()


def test_the_gap_comes_with_what_it_means_for_the_numbers_at_hand(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    text = words(client_for(world, "viewer").get(url(round)))
    assert "Could be noise for these numbers" in text and "Mann–Whitney p = 0.100" in text
    assert "+2.50" in text or "−2.50" in text


def test_a_round_of_made_up_answers_says_so(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG}, illustrative=True)
    text = words(client_for(world, "viewer").get(url(round)))
    assert "Made-up answers for a demonstration, not data." in text
    assert "Illustrative: made-up answers for a demonstration" in text
    html_file = client_for(world, "viewer").get(url(round, format="html"))
    assert (
        html_file["Content-Disposition"]
        == f'attachment; filename="{world.p1.key}-self-assessment-{round.pk}.html"'
    )
    assert "Illustrative: made-up answers" in words(html_file)


def test_who_may_not_read_the_partnership_gets_no_report(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG})
    assert client_for(world, "outsider").get(url(round)).status_code == 403
    other = scored_round(world.p2, {}, name="other")
    admin = client_for(world, "admin")
    assert admin.get(reverse("assessment-report", args=[world.p1.key, other.pk])).status_code == 404
    assert admin.get(url(round, format="json")).status_code == 404


def test_the_pdf_is_made_in_the_background_for_the_reader_who_asked(world, settings):  # noqa: F811
    """Lays the report out with Typst in a child process (about 2 s)."""
    pytest.importorskip("typst")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    round = scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM}, illustrative=True)
    client = client_for(world, "viewer")
    assert 'name="format" value="pdf"' in client.get(url(round)).content.decode()
    asked = client.post(url(round), {"format": "pdf"})
    job = ReportJob.objects.get(user=world.users["viewer"])
    assert asked.status_code == 302 and asked["Location"] == reverse("report-job", args=[job.pk])
    assert (job.kind, job.partnerships, job.round_id) == ("self-assessment", [world.p1.key], round.pk)
    page = words(client.get(asked["Location"]))
    assert "Self-assessment of Haarlem–Emirdağ · 2026" in page
    state = client.get(reverse("report-job-status", args=[job.pk])).json()
    assert state["status"] == "done", state
    download = client.get(state["file"])
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Self-assessment of Haarlem" in text and "4.50 ± 0.50 (n = 3)" in text
    assert "Made-up answers" in text
    assert client_for(world, "editor").get(state["file"]).status_code == 404  # another user's file
