"""``atlas/…``: the twinning atlas read through the API, on a small atlas beside the case studies —
figures of a scope, cities and links with the lines of the lists, the corridor both ways, candidate
partners; read-only, for every signed-in user, described in the OpenAPI description."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.api.models import ApiToken
from mutuality.atlas.models import City
from tests.api.conftest import Api
from tests.atlas.small_atlas import import_small_atlas

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(case_studies, tmp_path) -> Api:
    """A user with no partnership at all: the atlas holds public lists, open to every signed-in user."""
    import_small_atlas(tmp_path)
    user = get_user_model().objects.create_user("reader", password="a-long-test-password")
    return Api(ApiToken.issue(user)[1])


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


def test_the_figures_of_the_world_a_pair_and_a_municipality(api):
    world = ok(api.get("/api/v1/atlas/stats/"))
    assert world["scope"] == "world" and world["links"] == 7 and world["countries"] == 4
    pair = ok(api.get("/api/v1/atlas/stats/", scope="NL-MA"))
    assert pair["scope"] == "NL-MA" and pair["links"] == 3
    assert {city["name"] for city in pair["most_connected"]} >= {"Berkane"}
    zeist = ok(api.get("/api/v1/atlas/stats/", scope="zeist"))
    assert zeist["scope"].startswith("municipality:") and zeist["radius"] == 2
    assert ok(api.get("/api/v1/atlas/stats/", municipality="zeist")) == zeist


def test_a_scope_that_is_none_is_refused_by_name(api):
    assert "scope" in ok(api.get("/api/v1/atlas/stats/", scope="XX"), 400)
    assert "scope" in ok(api.get("/api/v1/atlas/stats/", scope="nowhere"), 400)


def test_cities_filtered_by_country_and_municipality_with_their_links_counted(api):
    dutch = ok(api.get("/api/v1/atlas/cities/", country="nl"))
    assert set(dutch) == {"count", "next", "previous", "results"}
    assert {city["name"] for city in dutch["results"]} >= {"Zeist", "Amsterdam", "Haarlem"}
    [zeist] = ok(api.get("/api/v1/atlas/cities/", municipality="zeist"))["results"]
    assert zeist["name"] == "Zeist" and zeist["municipality"] == "zeist" and zeist["links"] == 2


def test_a_city_with_its_partners_and_the_lines_that_claim_each_link(api):
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    body = ok(api.get(f"/api/v1/atlas/cities/{zeist.pk}/"))
    berkane = next(row for row in body["partners"] if row["partner"]["name"] == "Berkane")
    assert berkane["km"] == pytest.approx(2001, abs=30)
    assert [(s["list"], s["line"]) for s in berkane["sources"]] == [
        ("Wikipedia's lists of twin towns (via Hekman)", 2),
        ("Wikipedia's lists of twin towns (via Hekman)", 3),
    ]
    assert berkane["sources"][0]["file"] == "hekman_twin_cities_small.csv"
    ok(api.get("/api/v1/atlas/cities/999999999/"), 404)


def test_links_between_two_countries_or_of_a_city(api):
    pair = ok(api.get("/api/v1/atlas/links/", country="NL", other="MA"))
    names = {frozenset((link["one"]["name"], link["other"]["name"])) for link in pair["results"]}
    assert frozenset(("Zeist", "Berkane")) in names and frozenset(("Amsterdam", "Nador")) in names
    assert pair["count"] == 3
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    assert ok(api.get("/api/v1/atlas/links/", city=zeist.pk))["count"] == 2
    assert ok(api.get("/api/v1/atlas/links/", municipality="zeist"))["count"] == 2
    assert "other" in ok(api.get("/api/v1/atlas/links/", other="MA"), 400)
    assert "city" in ok(api.get("/api/v1/atlas/links/", city="99999999999999999999"), 400)


def test_the_corridor_both_ways_with_its_trend(api):
    body = ok(api.get("/api/v1/atlas/corridors/NL-MA/"))
    there, back = body["one_to_other"], body["other_to_one"]
    assert there["born_in"] == "NL" and there["stock"] == [] and there["latest"] is None
    assert back["latest"] == 180_879 and back["latest_year"] == 2019
    assert back["stock"][0] == {"year": 1990, "migrants": 114_850}
    assert back["change"]["absolute"] == 66_029 and back["size"] == "large"
    assert "UN DESA" in body["source"]
    assert ok(api.get("/api/v1/atlas/corridors/ma-nl/"))["one"] == "MA"


def test_a_corridor_with_nothing_recorded_or_no_country_is_not_found(api):
    ok(api.get("/api/v1/atlas/corridors/NL-JP/"), 404)
    ok(api.get("/api/v1/atlas/corridors/NL-XX/"), 404)
    ok(api.get("/api/v1/atlas/corridors/NL-NL/"), 404)


def test_candidate_partners_with_their_reasons_and_filters(api):
    body = ok(api.get("/api/v1/atlas/discover/zeist/", top=5))
    assert body["municipality"] == "zeist" and 0 < len(body["candidates"]) <= 5
    first = body["candidates"][0]
    assert set(first) == {"city", "city_id", "country", "population", "score", "reasons"}
    assert first["score"] == pytest.approx(sum(reason["points"] for reason in first["reasons"]))
    turkish = ok(api.get("/api/v1/atlas/discover/zeist/", country="TR"))["candidates"]
    assert turkish and {c["country"] for c in turkish} == {"TR"}
    assert "must_have" in ok(api.get("/api/v1/atlas/discover/zeist/", must_have="luck"), 400)
    assert "top" in ok(api.get("/api/v1/atlas/discover/zeist/", top=0), 400)
    ok(api.get("/api/v1/atlas/discover/imzourene/"), 404)  # matched to no city of the lists
    ok(api.get("/api/v1/atlas/discover/nowhere/"), 404)


def test_the_atlas_needs_credentials(api):
    for url in ("/api/v1/atlas/stats/", "/api/v1/atlas/cities/", "/api/v1/atlas/corridors/NL-MA/"):
        assert Client().get(url).status_code == 401, url


def test_the_atlas_is_read_only(api):
    assert api.post("/api/v1/atlas/cities/", {"name": "New"}).status_code == 405
    assert api.delete("/api/v1/atlas/cities/1/").status_code == 405


def test_the_openapi_description_documents_the_atlas(api):
    """Generates the whole description (about 3 s: every serializer of the API is walked)."""
    import yaml

    spec = yaml.safe_load(Client().get("/api/v1/schema/").content)
    paths = spec["paths"]
    for path in (
        "/api/v1/atlas/stats/",
        "/api/v1/atlas/cities/",
        "/api/v1/atlas/cities/{id}/",
        "/api/v1/atlas/links/",
        "/api/v1/atlas/corridors/{one}-{other}/",
        "/api/v1/atlas/discover/{municipality}/",
    ):
        assert set(paths[path]) == {"get"}, path
    parameters = {p["name"] for p in paths["/api/v1/atlas/links/"]["get"]["parameters"]}
    assert {"country", "other", "municipality", "city", "page"} <= parameters
