"""The codings CSV: one flat row per coding, names resolved, formulas defused."""

from __future__ import annotations

import csv
import io

from mutuality.evidence.models import Code, Coding, Source
from mutuality.formats.codings_csv import COLUMNS, write_codings_csv


def exported_rows() -> list[dict[str, str]]:
    stream = io.StringIO()
    count = write_codings_csv(stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert len(rows) == count
    return rows


def test_a_row_names_the_nested_code_the_coder_the_side_and_the_words(source: Source, coder: object) -> None:
    top = Code.objects.create(name="Waste")
    middle = Code.objects.create(name="Collection", parent=top)
    leaf = Code.objects.create(name="=Trucks", parent=middle)
    side = source.partnerships.get().sides.order_by("pk").first()
    version = source.versions.get()
    Coding.objects.create(
        version=version, start=4, end=11, code=leaf, coder=coder, concerns_side=side, memo="check"
    )

    (row,) = exported_rows()

    assert list(row) == list(COLUMNS)
    assert row["source"] == source.key
    assert row["code"] == "Waste / Collection / =Trucks"
    assert row["coder"] == "coder"
    assert row["whose_learning"] == side.municipality.key
    assert row["partnerships"] == "haarlem-emirdag"
    assert row["quote"] == "officer"
    assert row["memo"] == "check"


def test_a_formula_in_a_coded_passage_is_written_as_text(source: Source, coder: object) -> None:
    version = source.versions.get()
    code = Code.objects.create(name="+SUM(A1)")
    Coding.objects.create(version=version, start=0, end=3, code=code, coder=coder)

    (row,) = exported_rows()

    assert not row["code"].startswith("+")


def test_the_download_streams_the_same_csv_as_the_export_of_the_case_studies(case_studies, client) -> None:
    from django.contrib.auth import get_user_model
    from django.http import StreamingHttpResponse
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("admin", password="a-long-test-password")
    client.force_login(admin)
    for with_names in (False, True):
        written = io.StringIO()
        count = write_codings_csv(written, with_names=with_names)
        response = client.get(reverse("codings-csv"), {"with_names": "1"} if with_names else {})
        assert isinstance(response, StreamingHttpResponse)
        chunks = [chunk.decode("utf-8") for chunk in response.streaming_content]
        assert count > 100 and len(chunks) >= 2  # the heading, then the rows in pieces
        assert "".join(chunks) == written.getvalue()
