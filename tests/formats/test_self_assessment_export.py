"""A round's answers and scores as files: one row per respondent and item, formulas kept as text,
no names in an anonymous round, scores null below the threshold as everywhere else."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from mutuality.formats.self_assessment_export import (
    DONT_KNOW,
    answers_csv,
    answers_xlsx,
    scores_csv,
)
from tests.accounts.conftest import world  # noqa: F401  (the shared cast)
from tests.selfassessment.scored import scored_round

EMIRDAG = [[4, 5, 2, 4], [5, 5, 1, 5], [4, 4, 2, None]]
HAARLEM = [[2, 2, 4, 3], [1, 2, 5, 3]]
FORMULA = '=HYPERLINK("http://evil.example","click")'


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_answer_is_a_row_with_its_side_respondent_number_item_and_scale(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    found = rows(answers_csv(round, "en"))
    assert len(found) == 5 * 4
    assert [row["respondent"] for row in found if row["item"] == "trust-1"] == ["1", "2", "3", "4", "5"]
    first = found[0]
    assert (first["item"], first["scale"], first["reverse"], first["value"]) == (
        "trust-1",
        "dimension/process_trust",
        "False",
        str(EMIRDAG[0][0]) if first["side"] == "emirdag" else str(HAARLEM[0][0]),
    )
    dont_know = [row for row in found if row["value"] == DONT_KNOW]
    assert [(row["side"], row["item"]) for row in dont_know] == [("emirdag", "kept-1")]
    assert {row["scale"] for row in found if row["item"] == "kept-1"} == {"agreements"}
    assert found[0]["statement"] == "Statement trust-1."


def test_no_name_leaves_an_anonymous_round_and_a_named_round_gives_them(world):  # noqa: F811
    respondents = {"emirdag": EMIRDAG}
    names = {("emirdag", 0): "Ayşe Yılmaz"}
    anonymous = scored_round(world.p1, respondents, names=names)
    text = answers_csv(anonymous, "en")
    assert "Yılmaz" not in text and "name" not in rows(text)[0]
    workbook = load_workbook(io.BytesIO(answers_xlsx(anonymous, "en")))
    assert not any(
        "Yılmaz" in str(cell.value) for sheet in workbook for line in sheet.iter_rows() for cell in line
    )

    named = scored_round(world.p1, respondents, names=names, name="named", anonymous=False)
    assert rows(answers_csv(named, "en"))[0]["name"] == "Ayşe Yılmaz"


def test_comments_that_look_like_formulas_stay_text_in_csv_and_xlsx(world):  # noqa: F811
    round = scored_round(
        world.p1,
        {"emirdag": EMIRDAG},
        comments={("emirdag", 0, "trust-1"): FORMULA, ("emirdag", 1, "trust-2"): "-1 for trust"},
    )
    found = rows(answers_csv(round, "en"))
    assert [row["comment"] for row in found if row["comment"]] == ["'" + FORMULA, "'-1 for trust"]
    sheet = load_workbook(io.BytesIO(answers_xlsx(round, "en")))["Answers"]
    comments = [cell.value for cell in sheet["G"] if cell.value and cell.row > 1]
    assert comments == ["'" + FORMULA, "'-1 for trust"]
    assert sheet["G1"].value == "comment" and sheet["F2"].value == 4  # numbers stay numbers


def test_scores_per_side_and_scale_with_the_gap_its_p_and_alpha(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": [*HAARLEM, [2, 3, 4, 2]]})
    found = {(row["scale"], row["side"]): row for row in rows(scores_csv(round, "en"))}
    trust = found[("dimension/process_trust", "emirdag")]
    assert (trust["n"], float(trust["mean"]), float(trust["spread"])) == ("3", 4.5, 0.5)
    assert abs(float(trust["gap"])) == pytest.approx(2.5) and float(trust["p"]) == pytest.approx(0.1)
    assert found[("dimension/process_trust", "together")]["n"] == "6"
    assert trust["scale_name"] == "Process-based trust"
    agreements = found[("agreements", "emirdag")]  # two Emirdağ respondents scored it
    assert (agreements["n"], agreements["mean"], agreements["spread"], agreements["gap"]) == ("2", "", "", "")


def test_below_three_respondents_a_side_has_its_n_and_no_mean(world):  # noqa: F811
    round = scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM})
    haarlem = {row["scale"]: row for row in rows(scores_csv(round, "en")) if row["side"] == "haarlem"}
    assert haarlem["dimension/process_trust"]["n"] == "2"
    assert (
        haarlem["dimension/process_trust"]["mean"] == "" and haarlem["dimension/process_trust"]["gap"] == ""
    )
