"""A round's answers and scores as downloads: for those who run its rounds only (comments are
personal data), named after the partnership and the round."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.accounts.conftest import client_for, world  # noqa: F401  (the shared cast)
from tests.selfassessment.scored import scored_round

EMIRDAG = [[4, 5, 2, 4], [5, 5, 1, 5], [4, 4, 2, None]]


def urls(round) -> dict[str, str]:
    key = round.partnership.key
    return {
        "csv": reverse("assessment-answers", args=[key, round.pk, "csv"]),
        "xlsx": reverse("assessment-answers", args=[key, round.pk, "xlsx"]),
        "scores": reverse("assessment-scores", args=[key, round.pk]),
    }


def test_a_runner_downloads_the_answers_as_csv_and_xlsx_and_the_scores(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG}, comments={("emirdag", 0, "trust-1"): "=1+1"})
    client = client_for(world, "editor")
    found = urls(round)
    answers = client.get(found["csv"])
    assert answers.status_code == 200 and answers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        answers["Content-Disposition"]
        == 'attachment; filename="haarlem-emirdag-self-assessment-2026-answers.csv"'
    )
    assert "no-store" in answers["Cache-Control"]
    lines = list(csv.DictReader(io.StringIO(answers.content.decode())))
    assert len(lines) == 12 and lines[0]["comment"] == "'=1+1"
    workbook = load_workbook(io.BytesIO(client.get(found["xlsx"]).content))
    assert workbook.sheetnames == ["Answers", "Scores"] and workbook["Answers"].max_row == 13
    scores = client.get(found["scores"]).content.decode()
    assert scores.startswith("scale,scale_name,side,n,dont_know,mean,spread,gap,p,alpha,change")


def test_readers_who_do_not_run_rounds_get_no_file(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG})
    for role, status in (("viewer", 403), ("contributor", 403), ("coder", 403), ("outsider", 403)):
        client = client_for(world, role)
        assert {
            name: client.get(target).status_code for name, target in urls(round).items()
        } == dict.fromkeys(("csv", "xlsx", "scores"), status), role
    assert client_for(world, "anonymous").get(urls(round)["csv"]).status_code == 302  # to the login


def test_a_round_of_another_partnership_or_an_unknown_format_is_not_found(world):  # noqa: F811
    round = scored_round(world.p2, {})
    client = client_for(world, "admin")
    assert client.get(reverse("assessment-answers", args=[world.p1.key, round.pk, "csv"])).status_code == 404
    assert client.get(reverse("assessment-answers", args=[world.p2.key, round.pk, "json"])).status_code == 404
