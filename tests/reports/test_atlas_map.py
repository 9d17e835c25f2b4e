"""The atlas map and the corridor's trend as SVG: drawn offline from the shipped country shapes, in
the Equal Earth projection, with many links kept small, names escaped, and a legend."""

from __future__ import annotations

import json
import math
import re
from importlib import resources

import pytest

from mutuality.reports.atlas_map import (
    WIDTH,
    WORLD_HEIGHT,
    Frame,
    MapLink,
    MapWords,
    Place,
    TrendWords,
    atlas_map,
    country_shapes,
    equal_earth,
    trend_chart,
)

WORDS = MapWords("A map", "What it shows", "twinning link", "partnership", "city")
ZEIST, BERKANE = Place(5.2331, 52.0906, "Zeist"), Place(-2.32, 34.92, "Berkane")


def paths(svg: str, kind: str) -> list[str]:
    return re.findall(rf'<path d="([^"]*)"[^>]*data-kind="{kind}"', svg)


def test_the_shapes_file_is_small_names_its_source_and_holds_the_countries_of_the_case_studies():
    shipped = resources.files("mutuality.reports").joinpath("data/countries_110m.json")
    data = json.loads(shipped.read_text("utf-8"))
    assert len(shipped.read_bytes()) < 300_000
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    codes = {country["iso"] for country in data["countries"]}
    assert {"NL", "MA", "TR", "FR", "NO"} <= codes and len(data["countries"]) > 170
    assert "AQ" not in codes  # Antarctica is left out: no town on it is twinned


def test_equal_earth_puts_the_world_in_a_drawing_1000_units_wide():
    left, _y = equal_earth(-180, 0)
    right, _y = equal_earth(180, 0)
    assert left == pytest.approx(0) and right == pytest.approx(WIDTH)
    assert equal_earth(0, 84)[1] == pytest.approx(0)
    assert equal_earth(0, -56)[1] == pytest.approx(WORLD_HEIGHT)
    north, south = equal_earth(10, 50), equal_earth(10, -50)
    assert north[0] == pytest.approx(south[0]) and north[1] < south[1]  # north is up


def test_equal_earth_keeps_areas_a_degree_square_on_the_equator_and_at_60_degrees():
    """Equal-area: a cell of one degree by one, times the cosine of its latitude, is as large."""

    def area(lat: float) -> float:
        corner, east, north = equal_earth(0, lat), equal_earth(1, lat), equal_earth(0, lat + 1)
        return abs((east[0] - corner[0]) * (north[1] - corner[1]))

    expected = math.sin(math.radians(61)) - math.sin(math.radians(60))
    assert area(60) / area(0) == pytest.approx(expected / math.sin(math.radians(1)), rel=0.01)


def test_a_map_draws_countries_links_cities_and_a_partnership_each_as_one_path():
    places = [ZEIST, BERKANE, Place(16.87, 49.15), Place(4.89, 52.37), Place(-2.93, 35.17)]
    links = [MapLink(0, 2), MapLink(3, 4), MapLink(0, 1, highlighted=True)]
    svg = atlas_map(places, links, WORDS, focus=["NL", "MA"])
    assert svg.startswith('<svg class="atlas-map"') and svg.count("<svg") == 1
    assert len(paths(svg, "links")) == 1 and paths(svg, "links")[0].count("Q") == 2
    assert len(paths(svg, "partnerships")) == 1 and paths(svg, "partnerships")[0].count("Q") == 1
    assert paths(svg, "cities")[0].count("h0") == 5
    assert ">Zeist</text>" in svg and ">Berkane</text>" in svg
    assert "<title>A map</title>" in svg and "<desc>What it shows</desc>" in svg
    for legend in ("twinning link", "partnership", "city"):
        assert f">{legend}</text>" in svg
    assert "http" not in svg  # nothing fetched: no tile, font or script


def test_a_map_on_its_own_is_well_formed_svg_for_pdf_renderers():
    from xml.etree import ElementTree

    svg = atlas_map([ZEIST, BERKANE], [MapLink(0, 1, highlighted=True)], WORDS, standalone=True)
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox", "").startswith("0 0 1000 ")


def test_a_name_with_markup_is_text_on_the_map():
    svg = atlas_map([Place(5, 52, "<script>alert(1)</script>"), BERKANE], [MapLink(0, 1)], WORDS)
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_links_that_fall_on_the_same_points_are_drawn_once_and_the_heaviest_sets_the_width():
    places = [Place(5.0, 52.0), Place(5.0001, 52.0001), Place(-2.3, 34.9)]
    links = [MapLink(0, 2, weight=1), MapLink(1, 2, weight=30), MapLink(2, 0, weight=2)]
    svg = atlas_map(places, links, WORDS)
    drawn = paths(svg, "links")
    assert len(drawn) == 1 and drawn[0].count("Q") == 1
    assert 'stroke-width="2.8"' in svg  # the class of 25 links or more


def test_a_world_of_many_links_stays_small():
    """10,000 links among 2,000 places: each arc a few dozen characters, all in one path."""
    places = [Place(-170 + (i * 7.3) % 340, -50 + (i * 3.1) % 120) for i in range(2000)]
    links = [MapLink(i % 2000, (i * 7 + 1) % 2000) for i in range(10_000)]
    svg = atlas_map(places, links, WORDS, frame=Frame.world())
    assert len(paths(svg, "links")) == 1
    assert len(svg) < 600_000


def test_a_frame_around_two_cities_keeps_both_inside_with_a_margin():
    points = [equal_earth(ZEIST.longitude, ZEIST.latitude), equal_earth(BERKANE.longitude, BERKANE.latitude)]
    frame = Frame.around(points)
    for x, y in points:
        assert frame.x < x < frame.x + frame.width and frame.y < y < frame.y + frame.height
    assert frame.width < WIDTH / 4  # zoomed in on Europe and North Africa
    assert Frame.around([]) == Frame.world()


def test_a_narrower_drawing_keeps_the_names_13_units_high():
    svg = atlas_map([ZEIST, BERKANE], [MapLink(0, 1, highlighted=True)], WORDS, width=600)
    assert 'width="600"' in svg and 'font-size="13"' in svg


def test_the_shapes_are_read_once_per_process():
    assert country_shapes() is country_shapes()


def test_the_trend_chart_draws_each_direction_with_its_own_marker_and_numbers_the_readers_way():
    svg = trend_chart(
        [("Born in NL, living in MA", ()), ("Born in MA, living in NL", ((1990, 114850), (2019, 180879)))],
        TrendWords("Migrant stock", "Each way by year", "No figures"),
        lambda n: f"{n:,}".replace(",", "."),
    )
    assert svg.count('<rect x="') >= 2  # square markers for the second direction
    assert ">1990</text>" in svg and ">2019</text>" in svg
    assert ">200.000</text>" in svg  # the axis, numbered by the function given
    assert "Born in NL, living in MA" in svg  # named in the legend even with no figure


def test_the_trend_chart_says_when_there_is_nothing_to_draw():
    svg = trend_chart([], TrendWords("Migrant stock", "", "No figures"), str)
    assert ">No figures</text>" in svg
