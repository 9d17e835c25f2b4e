"""The real twinning lists and migrant stocks, read where they are (never copied into the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path("/work/shared/data/twinning")
WIKIPEDIA = DATA / "hekman_twin_cities_geocoded.csv"
WIKIDATA = DATA / "wikidata_p190_sister_cities_2022_edges.csv"
UNDESA = DATA / "undesa_2019_migrant_stock_origin_destination_long.csv"


def real_files() -> list[Path]:
    """The three files, or a skip when this machine does not have them."""
    files = [WIKIPEDIA, WIKIDATA, UNDESA]
    if not all(path.exists() for path in files):
        pytest.skip("the twinning data files are not on this machine")
    return files


HEADER = "qid1,city1,country1,lat1,lng1,qid2,city2,country2,lat2,lng2"


def twin_list(folder: Path, name: str, *rows: str) -> Path:
    """A twin-town list in ``folder``: each row ``qid1,city1,country1,lat1,lng1,qid2,…`` (a
    Wikipedia-like row leaves the ids blank)."""
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path
