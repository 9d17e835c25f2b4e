"""A link is stored once a pair, in order; the figures count the network's connected parts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from mutuality.atlas.models import City, Link
from mutuality.atlas.stats import network_stats

pytestmark = pytest.mark.django_db


def city(name: str, country: str = "NL") -> City:
    return City.objects.create(name=name, country=country, country_label=country, key=name.lower())


def test_a_pair_is_stored_once_and_in_order():
    zeist, berkane = city("Zeist"), city("Berkane", "MA")
    Link.objects.create(city_a=zeist, city_b=berkane)
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(city_a=zeist, city_b=berkane)
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(city_a=berkane, city_b=zeist)


def test_figures_count_cities_links_countries_and_connected_parts():
    zeist, berkane, alkmaar, bergama = (
        city("Zeist"),
        city("Berkane", "MA"),
        city("Alkmaar"),
        city("Bergama", "TR"),
    )
    city("Nowhere", "")
    Link.objects.create(city_a=zeist, city_b=berkane)
    Link.objects.create(city_a=alkmaar, city_b=bergama)
    Link.objects.create(city_a=zeist, city_b=alkmaar)
    assert network_stats() == {
        "cities": 5,
        "links": 3,
        "countries": 3,
        "components": 2,
        "largest_component": 4,
    }
