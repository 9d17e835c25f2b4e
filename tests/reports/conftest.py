"""Reports on the case studies, with codings the tests add where they need to know exactly what is coded."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership, Side

ZEIST_BERKANE = "zeist-berkane"
TEXT = (
    "The fire officers of both cities spoke the same professional language.\n"
    "Decisions were mostly made in Zeist, said the NGO director in Berkane.\n"
    "In Zeist the exchange was seen as an equal one.\n"
    "قال المنسق في بركان: نحن نتعلم معًا"
)


@pytest.fixture
def coder(db: None) -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("report-coder", password="a-long-test-password")


@pytest.fixture
def officer_client(db: None) -> object:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("report-reader", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def side(partnership: str, municipality: str) -> Side:
    return Side.objects.get(partnership__key=partnership, municipality__key=municipality)


def add_source(
    key: str, partnership: str, *, text: str = TEXT, coder: object = None, side_of: str | None = None
) -> Source:
    """A source linked to a partnership (optionally from one side), with ``text`` as its only version."""
    source = Source.objects.create(
        key=key,
        title=f"Interview {key}",
        kind="interview",
        side=side(partnership, side_of) if side_of else None,
        confidential=False,
    )
    source.partnerships.add(Partnership.objects.get(key=partnership))
    add_version(source, text, user=coder)
    return source


def code(
    source: Source,
    coder: object,
    words: str,
    dimension: str,
    assessment: str = "",
    role: str = "",
    concerns=None,
) -> Coding:
    version = source.current
    start = version.text.index(words)
    return Coding.objects.create(
        version=version,
        start=start,
        end=start + len(words),
        code=framework_code("dimension", dimension),
        coder=coder,
        assessment=assessment,
        factor_role=role,
        concerns_side=concerns,
    )


# Marks poppler puts around right-to-left runs; the words between them are what a reader sees.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The words of a PDF as poppler's pdftotext reads them, in logical order, direction marks removed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("MUTUALITY_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, timeout=120).stdout
    return out.decode("utf-8").translate(BIDI_CONTROLS)


def pdf_page_ink(pdf: bytes, tmp_path: Path, number: int = 1) -> float:
    """The share of non-white pixels on one page, rendered by poppler's pdftoppm as a grey image."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        if os.environ.get("MUTUALITY_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftoppm is missing (apt-get install poppler-utils)")
        pytest.skip("needs pdftoppm (apt-get install poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [
            tool,
            "-gray",
            "-r",
            "40",
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=120,
    )
    image = (tmp_path / "page.pgm").read_bytes()
    width, height, pixels = _pgm(image)
    assert width > 100 and height > 100
    return sum(1 for value in pixels if value < 200) / len(pixels)


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5) image with 8-bit samples."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and int(fields[3]) < 256
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1 : position + 1 + width * height]
