"""The atlas's pages on a small atlas beside the case studies: the world, a country, a pair of
countries with its corridor, a municipality, a city with the lists that claim its links, candidate
partners, and the "In the atlas" block of the partnership page; names escaped, for signed-in users,
with only the partnerships a reader may read drawn on the maps."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.atlas.models import City
from mutuality.partnerships.models import Partnership
from mutuality.web.atlas import views
from tests.atlas.small_atlas import SCRIPT_CITY, import_small_atlas

pytestmark = pytest.mark.django_db


@pytest.fixture
def atlas(case_studies, tmp_path):
    return import_small_atlas(tmp_path)


@pytest.fixture
def admin(client: Client) -> Client:
    client.force_login(get_user_model().objects.create_superuser("admin", password="a-long-test-password"))
    return client


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_world_in_figures_and_on_a_map(atlas, admin):
    html = page(admin, "/atlas/")
    assert 'data-testid="figure-links"' in html
    links = re.search(r'data-testid="figure-links">([^<]*)<', html)
    assert links is not None and links.group(1) == "7"  # eight rows, one pair listed from both sides
    assert 'class="atlas-map"' in html and "Natural Earth" in html and "UN DESA" in html
    assert "Wikidata" in html and "Hekman" in html  # the caption names every source
    assert 'data-testid="links"' not in html  # the world's links are not listed


def test_a_country_lists_its_links_with_the_lists_that_claim_them(atlas, admin):
    html = page(admin, "/atlas/?country=NL")
    table = html[html.index('data-testid="links"') :]
    assert "Zeist" in table and "Slavkov u Brna" in table and "Amsterdam" in table
    assert "Wikipedia&#x27;s lists of twin towns (via Hekman), lines 2, 3" in table
    assert "Wikidata, sister city (P190), line 2" in table
    assert ".csv" not in html  # lists are named as a reader cites them, not by file


def test_a_countrys_links_come_in_pages(atlas, admin, monkeypatch):
    monkeypatch.setattr(views, "LINKS_PER_PAGE", 2)
    first = page(admin, "/atlas/?country=NL")
    assert "1 / 4" in first and "?country=NL&amp;page=2#links" in first
    assert "4 / 4" in page(admin, "/atlas/?country=NL&page=99999999999999999999")


def test_a_pair_of_countries_shows_the_corridor_both_ways_with_its_trend(atlas, admin):
    html = page(admin, "/atlas/?country=NL&other=MA")
    corridor = html[html.index('id="corridor"') :]
    assert "People born in Morocco living in Netherlands" in corridor and "180,879" in corridor
    assert "People born in Netherlands living in Morocco: not recorded" in " ".join(corridor.split())
    assert "+66,029 since 1990 (+58%)" in corridor
    assert '<svg class="chart trend"' in corridor and "114,850" in corridor
    assert "Partnerships recorded here" in html and "Zeist–Berkane" in html


def test_a_pair_without_migrant_stock_says_so(atlas, admin):
    assert 'data-testid="no-corridor"' in page(admin, "/atlas/?country=NL&other=CZ")


def test_a_municipality_shows_its_cities_partners_named_on_the_map(atlas, admin):
    html = page(admin, "/atlas/?municipality=zeist")
    assert ">Berkane</text>" in html and ">Slavkov u Brna</text>" in html
    assert "Zeist" in html[html.index('data-testid="links"') :]


def test_a_wrong_filter_is_refused_and_the_world_shown(atlas, admin):
    html = page(admin, "/atlas/?country=XX&municipality=nowhere", status=400)
    assert 'data-testid="scope-errors"' in html and 'class="atlas-map"' in html


def test_a_city_lists_its_links_the_lists_and_lines_and_its_municipality(atlas, admin):
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    html = page(admin, f"/atlas/cities/{zeist.pk}/")
    rows = html[html.index('data-testid="city-links"') :]
    assert "Berkane" in rows and "Wikipedia&#x27;s lists of twin towns (via Hekman), lines 2, 3" in rows
    assert re.search(r"2,0\d\d km", rows)  # Zeist to Berkane, about 2,000 km
    assert 'href="/atlas/?municipality=zeist"' in html
    assert ">Berkane</text>" in html  # on its map
    page(admin, "/atlas/cities/999999999/", status=404)


def test_a_city_named_with_markup_is_shown_as_text_everywhere(atlas, admin):
    city = City.objects.get(name=SCRIPT_CITY)
    for url in (f"/atlas/cities/{city.pk}/", "/atlas/?country=NL&other=MA", "/atlas/?country=NL"):
        html = page(admin, url)
        assert SCRIPT_CITY not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_candidate_partners_come_with_their_reasons_and_filters(atlas, admin):
    html = page(admin, "/atlas/discover/zeist/")
    assert 'data-testid="candidate"' in html and 'data-reason="corridor"' in html
    assert "people born in Morocco lived in Netherlands in 2019" in html
    only = page(admin, "/atlas/discover/zeist/?country=TR")
    assert set(re.findall(r'data-testid="candidate" data-country="(\w+)"', only)) == {"TR"}
    page(admin, "/atlas/discover/zeist/?min_population=-5", status=400)


def test_a_municipality_the_lists_do_not_name_gets_no_candidates_and_is_told_why(atlas, admin):
    assert 'data-testid="not-matched"' in page(admin, "/atlas/discover/imzourene/")
    page(admin, "/atlas/discover/nowhere/", status=404)


def test_the_partnership_page_shows_its_link_on_the_map_and_the_corridor_beside_its_linkage(atlas, admin):
    html = page(admin, "/partnerships/zeist-berkane/")
    block = html[html.index('data-testid="atlas-block"') :]
    assert 'data-kind="partnerships"' in block and ">Zeist</text>" in block and ">Berkane</text>" in block
    assert 'data-testid="atlas-listed"' in block
    assert "180,879" in block and "People born in Morocco living in Netherlands" in block
    assert re.search(r'data-testid="atlas-linkage">\s*Limited', block)


def test_a_partnership_without_a_recorded_linkage_says_not_recorded(atlas, admin):
    html = page(admin, "/partnerships/the-hague-nador/")
    assert re.search(r'data-testid="atlas-linkage">\s*not recorded', html)


def test_the_partnership_page_has_no_atlas_block_while_the_atlas_is_empty(case_studies, admin):
    assert 'data-testid="atlas-block"' not in page(admin, "/partnerships/zeist-berkane/")
    assert 'class="atlas-map"' in page(admin, "/atlas/")  # the atlas page still opens, on an empty world


def test_the_atlas_asks_for_a_login(atlas, client):
    for url in ("/atlas/", "/atlas/cities/1/", "/atlas/discover/zeist/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_a_reader_sees_only_the_partnerships_they_may_read_on_the_maps(atlas, client):
    reader = get_user_model().objects.create_user("reader", password="a-long-test-password")
    Membership.objects.create(
        user=reader, partnership=Partnership.objects.get(key="alkmaar-bergama"), role=Role.VIEWER
    )
    client.force_login(reader)
    html = page(client, "/atlas/")
    assert "Alkmaar–Bergama" in html and "Zeist–Berkane" not in html
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    assert "Zeist–Berkane" not in page(client, f"/atlas/cities/{zeist.pk}/")
    assert page(client, "/partnerships/zeist-berkane/", status=403)


def test_a_city_the_lists_name_differently_points_to_the_city_that_stands_for_it(atlas, admin):
    zeist = City.objects.get(name="Zeist", merged_into__isnull=True)
    other = City.objects.create(name="Zeyst", country="NL", key="zeyst|NL", merged_into=zeist)
    html = page(admin, f"/atlas/cities/{other.pk}/")
    assert 'data-testid="merged-into"' in html and f'href="/atlas/cities/{zeist.pk}/"' in html
    assert "Zeyst" in page(admin, f"/atlas/cities/{zeist.pk}/")  # "also listed as"


def test_a_municipality_leads_to_its_candidate_partners(atlas, admin):
    assert 'href="/atlas/discover/zeist/"' in page(admin, "/atlas/?municipality=zeist")
    block = page(admin, "/partnerships/zeist-berkane/")
    assert 'href="/atlas/discover/zeist/"' in block and 'href="/atlas/discover/berkane/"' in block


def test_the_reports_menu_offers_the_atlas(atlas, client):
    reader = get_user_model().objects.create_user("officer", password="a-long-test-password")
    Membership.objects.create(
        user=reader, partnership=Partnership.objects.get(key="zeist-berkane"), role=Role.VIEWER
    )
    client.force_login(reader)
    html = page(client, "/")
    menu = html[
        html.index('data-testid="reports-menu"') : html.index(
            "</details>", html.index('data-testid="reports-menu"')
        )
    ]
    assert 'href="/atlas/"' in menu
