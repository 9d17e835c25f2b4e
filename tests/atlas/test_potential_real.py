"""Translocal potential on the real twin-town lists and UN DESA's stocks, read where they are: the
corridors the study rests on, and partner discovery for Zeist."""

from __future__ import annotations

import pytest

from mutuality.atlas.corridors import corridor
from mutuality.atlas.discovery import discover_partners, home_of
from mutuality.atlas.models import City, CorridorStock
from mutuality.formats.atlas import import_files
from mutuality.partnerships.models import Municipality
from tests.atlas.files import real_files


@pytest.fixture(scope="module")
def real_atlas(django_db_setup, django_db_blocker):
    """The three real files imported once for the module (about 10 s), with Zeist as a municipality
    (the case studies' where another test loaded them) so that the import matches it; the atlas is
    removed afterwards."""
    files = real_files()
    with django_db_blocker.unblock():
        zeist, made = Municipality.objects.get_or_create(
            key="zeist", defaults={"name": "Zeist", "country": "NL"}
        )
        import_files(files)
        yield zeist
        City.objects.all().delete()
        CorridorStock.objects.all().delete()
        if made:
            zeist.delete()


@pytest.mark.django_db
def test_the_real_dutch_moroccan_and_dutch_turkish_corridors(real_atlas):
    """The README's figures (UN DESA 2019): Moroccan- and Turkish-born residents of the Netherlands."""
    moroccan = corridor("NL", "MA")
    turkish = corridor("NL", "TR")
    assert moroccan is not None and turkish is not None
    assert moroccan.stock("MA", "NL")[0] == (1990, 114_850)
    assert moroccan.latest("MA", "NL") == (2019, 180_879)
    assert turkish.stock("TR", "NL")[0] == (1990, 140_494)
    assert turkish.latest("TR", "NL") == (2019, 204_702)
    assert moroccan.size == turkish.size == "large"


@pytest.mark.django_db
def test_zeist_on_the_real_lists_finds_moroccan_and_turkish_candidates_none_already_linked(real_atlas):
    """Reads the whole register (some 18,000 cities, 29,000 links) as every discovery does."""
    found = discover_partners(real_atlas)
    countries = [c.place.country for c in found.candidates]
    assert "MA" in countries and "TR" in countries
    home = home_of(real_atlas)
    assert home is not None
    linked = {
        pk
        for city in City.objects.filter(pk__in=home.cities)
        for pk in [
            *city.links_as_a.values_list("city_b", flat=True),
            *city.links_as_b.values_list("city_a", flat=True),
        ]
    }
    assert "Berkane" in set(City.objects.filter(pk__in=linked).values_list("name", flat=True))
    assert not linked & {c.place.id for c in found.candidates}
    assert found.already_linked == len(linked)
    moroccan = next(c for c in found.candidates if c.place.country == "MA")
    assert "180\u202f879 people born in Morocco" in moroccan.reasons[0].text
