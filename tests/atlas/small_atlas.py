"""A small atlas written as the three real files are shaped, for the pages, the API and the map.

Two twin-town lists (named like the real ones, so the pages name the list a link comes from) and a
few UN DESA rows. The figures are the real ones for the Netherlands–Morocco and Netherlands–Turkey
corridors (README of the twinning data): 114,850 Moroccan-born residents of the Netherlands in 1990,
180,879 in 2019; Turkish-born 140,494 and 204,702.
"""

from __future__ import annotations

from pathlib import Path

from mutuality.formats.atlas import AtlasReport, import_files

#: A city whose name is markup: every page and map must show it as text.
SCRIPT_CITY = "<script>alert(1)</script>"

WIKIPEDIA_ROWS = [
    "city1,country1,lat1,lng1,city2,country2,lat2,lng2",
    "Zeist,Netherlands,52.0906,5.2331,Berkane,Morocco,34.9200,-2.3200",
    "Berkane,Morocco,34.9200,-2.3200,Zeist,Netherlands,52.0906,5.2331",  # the same pair from the other side
    "Alkmaar,Netherlands,52.6324,4.7534,Bergama,Turkey,39.1214,27.1799",
    "Almelo,Netherlands,52.3508,6.6686,Denizli,Turkey,37.7765,29.0864",
    f'"{SCRIPT_CITY}",Netherlands,52.0000,5.0000,Berkane,Morocco,34.9200,-2.3200',
    "Zeist,Netherlands,52.0906,5.2331,Slavkov u Brna,Czech Republic,49.1533,16.8765",
]
WIKIDATA_ROWS = [
    "qid1,city1,country1,lat1,lon1,pop1,qid2,city2,country2,lat2,lon2,pop2",
    "Q9899,Amsterdam,Netherlands,52.3728,4.8936,872680,Q191204,Nador,Morocco,35.1681,-2.9335,161726",
    "Q9920,Haarlem,Netherlands,52.3808,4.6368,161265,Q1023386,Emirdağ,Turkey,39.0197,31.1500,20000",
]
UNDESA_ROWS = [
    "year,destination,origin,stock",
    *(
        f"{year},Netherlands,Morocco,{stock}"
        for year, stock in (
            (1990, 114850),
            (1995, 130895),
            (2000, 151473),
            (2005, 168387),
            (2010, 167858),
            (2015, 172291),
            (2019, 180879),
        )
    ),
    "1990,Netherlands,Turkey,140494",
    "2019,Netherlands,Turkey,204702",
]


def write_small_atlas(folder: Path) -> list[Path]:
    """The three files in ``folder``."""
    files = {
        "hekman_twin_cities_small.csv": WIKIPEDIA_ROWS,
        "wikidata_p190_sister_cities_small.csv": WIKIDATA_ROWS,
        "undesa_migrant_stock_small.csv": UNDESA_ROWS,
    }
    paths = []
    for name, rows in files.items():
        path = folder / name
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def import_small_atlas(folder: Path) -> AtlasReport:
    """The small atlas imported (cities matched to the municipalities already in the database)."""
    return import_files(write_small_atlas(folder))
