"""The self-assessment across a programme: a row per partnership the reader may read, a column per
dimension, each cell the two sides' means or "n < 3"; filtered by country, programme and year."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.urls import reverse

from mutuality.formats.data_load import load_documents
from tests.accounts.conftest import client_for, world  # noqa: F401  (the shared cast)
from tests.selfassessment.scored import scored_round

EMIRDAG = [[4, 5, 2, 4], [5, 5, 1, 5], [4, 4, 2, None]]  # process_trust 4.50
HAARLEM = [[2, 2, 4, 3], [1, 2, 5, 3]]
URL = reverse("assessment-programme")


def rows(page: str) -> dict[str, str]:
    """Each row's words, by the partnership's key."""
    found = re.findall(r'<tr data-partnership="([^"]+)">(.*?)</tr>', page, re.S)
    return {key: words(html) for key, html in found}


def words(html: str) -> str:
    """Tags as spaces (names set apart with ``<bdi>`` kept in), entities as characters."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</?bdi>", "", html))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def berkane() -> None:
    """A third partnership, with a side in Morocco."""
    more = {
        "municipalities": [{"key": "berkane", "name": "Berkane", "country": "MA"}],
        "partnerships": [
            {"key": "zeist-berkane", "name": "Zeist–Berkane", "municipalities": ["zeist", "berkane"]}
        ],
    }
    load_documents([("Berkane", more)])


def test_each_partnership_is_a_row_with_the_sides_means_per_dimension(world):  # noqa: F811
    scored_round(world.p1, {"emirdag": EMIRDAG, "haarlem": HAARLEM}, illustrative=True)
    page = client_for(world, "admin").get(URL).content.decode()
    found = rows(page)
    assert set(found) == {world.p1.key, world.p2.key}
    assert "Emirdağ: 4.50" in found[world.p1.key] and "Haarlem: n < 3" in found[world.p1.key]
    assert "illustrative" in found[world.p1.key]
    assert "No round yet." in found[world.p2.key]
    headers = re.findall(r'data-dimension="([^"]+)"', page)
    assert headers[:2] == ["professional_similarity", "difference_recognition"] and len(headers) == 6


def test_filters_by_country_and_programme(world):  # noqa: F811
    berkane()
    client = client_for(world, "admin")
    assert set(rows(client.get(URL, {"country": "MA"}).content.decode())) == {"zeist-berkane"}
    assert set(rows(client.get(URL, {"country": "tr"}).content.decode())) == {world.p1.key, world.p2.key}
    assert set(rows(client.get(URL, {"programme": "logo-east"}).content.decode())) == {world.p1.key}
    assert rows(client.get(URL, {"programme": "no-such"}).content.decode()) == {}


def test_a_year_shows_the_round_that_opened_then_and_leaves_out_partnerships_without_one(world):  # noqa: F811
    scored_round(world.p1, {"emirdag": EMIRDAG}, name="2025", opens_on=dt.date(2025, 3, 1))
    scored_round(world.p1, {"emirdag": [[1, 1, 5, 1]] * 3}, name="2026", opens_on=dt.date(2026, 3, 1))
    client = client_for(world, "admin")
    assert "Emirdağ: 1.00" in rows(client.get(URL).content.decode())[world.p1.key]  # the latest
    in_2025 = rows(client.get(URL, {"year": "2025"}).content.decode())
    assert set(in_2025) == {world.p1.key} and "Emirdağ: 4.50" in in_2025[world.p1.key]
    assert client.get(URL, {"year": "not a year"}).status_code == 200  # no filter, not an error


def test_a_reader_sees_only_the_partnerships_they_may_read(world):  # noqa: F811
    scored_round(world.p2, {"emirdag": EMIRDAG})
    assert set(rows(client_for(world, "viewer").get(URL).content.decode())) == {world.p1.key}
    outsider = client_for(world, "outsider").get(URL).content.decode()
    assert set(rows(outsider)) == {world.p2.key} and "Emirdağ: 4.50" in rows(outsider)[world.p2.key]
