"""The framework matrix: cases × dimensions, the analyst's cell beside the passages behind it."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, FrameworkCell


def code(source, coder, words, term, side=None, assessment="strong"):
    version = source.current
    start = version.text.index(words)
    return Coding.objects.create(
        version=version,
        start=start,
        end=start + len(words),
        code=framework_code("dimension", term),
        coder=coder,
        assessment=assessment,
        factor_role="enabling",
        concerns_side=side,
    )


def test_the_grid_has_the_six_dimensions_and_the_coded_partnership(coder_client, source, coder):
    code(source, coder, "Trust grew", "process_trust")
    response = coder_client.get("/framework-matrix/")
    grid = response.context["grid"]
    assert [c.name for c in response.context["codes"]][3] == "Process-based trust"
    [row] = grid
    assert row[0].case.partnership.key == "haarlem-emirdag"
    assert [p["quote"] for p in row[3].passages] == ["Trust grew"]
    assert "Trust grew" in response.content.decode()


def test_rows_by_side_put_a_passage_under_the_side_whose_learning_it_concerns(
    coder_client, source, coder, partnership
):
    emirdag = partnership.sides.get(municipality__key="emirdag")
    code(source, coder, "Trust grew", "process_trust", side=emirdag)
    grid = coder_client.get("/framework-matrix/?rows=sides").context["grid"]
    by_side = {row[0].case.side.municipality.key: row[3].passages for row in grid}
    assert [p["quote"] for p in by_side["emirdag"]] == ["Trust grew"]
    assert by_side["haarlem"] == []


def test_the_analyst_writes_a_cell_and_it_follows_new_coding(coder_client, source, coder):
    trust = framework_code("dimension", "process_trust")
    url = f"/framework-matrix/haarlem-emirdag/{trust.pk}/"
    coder_client.post(url, {"summary": "Trust built over a decade", "assessment": "strong"})
    note = FrameworkCell.objects.get()
    assert (note.summary, note.assessment, note.side) == ("Trust built over a decade", "strong", None)
    code(source, coder, "ten years", "process_trust")
    page = coder_client.get(url).content.decode()
    assert "Trust built over a decade" in page and "ten years" in page


def test_an_unknown_assessment_is_refused(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    response = coder_client.post(f"/framework-matrix/haarlem-emirdag/{trust.pk}/", {"assessment": "huge"})
    assert response.status_code == 400
    assert not FrameworkCell.objects.exists()


def test_the_grid_exports_to_xlsx_with_its_passages(coder_client, source, coder):
    code(source, coder, "Trust grew", "process_trust")
    trust = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/framework-matrix/haarlem-emirdag/{trust.pk}/", {"summary": "=risky", "assessment": "strong"}
    )
    workbook = load_workbook(io.BytesIO(coder_client.get("/framework-matrix/?format=xlsx").content))
    grid = list(workbook.worksheets[0].values)
    assert grid[0][4] == "Process-based trust"
    assert grid[1][0] == "Haarlem–Emirdağ" and grid[1][4].startswith("Strong\n=risky")
    passages = list(workbook.worksheets[1].values)
    assert passages[1][-1] == "Trust grew"
