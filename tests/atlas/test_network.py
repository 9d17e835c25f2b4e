"""The register read as a network: one node a city, merged rows inside the city they name."""

from __future__ import annotations

import pytest

from mutuality.analysis.network import Scope, figures
from mutuality.atlas.models import City
from mutuality.atlas.network import graph_data
from mutuality.formats.atlas import import_files
from mutuality.partnerships.models import Municipality
from tests.atlas.files import twin_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(tmp_path):
    Municipality.objects.create(key="zeist", name="Zeist", country="NL")
    import_files(
        [
            twin_list(
                tmp_path,
                "lists.csv",
                ",Zeist,Netherlands,52.09,5.23,,Berkane,Morocco,34.92,-2.32",
                ",Berkane,Morocco,34.92,-2.32,,Saint-Gilles,Belgium,50.83,4.34",
                ",Saint-Gilles,Belgium,50.83,4.34,,Sosnowiec,Poland,50.29,19.10",
                ",Delft,Netherlands,52.01,4.36,,Adapazari,Turkey,40.78,30.40",
                "Q1,Haarlem,Netherlands,52.38,4.64,Q175323,Adapazarı,Turkey,40.78,30.40",
            )
        ]
    )


def names(data) -> list[str]:
    return sorted(city.name for city in data.cities)


def test_the_world_has_one_node_a_city_and_its_links_between_them(register):
    world = graph_data(Scope("world"))
    assert names(world) == ["Adapazarı", "Berkane", "Delft", "Haarlem", "Saint-Gilles", "Sosnowiec", "Zeist"]
    found = figures(world)
    assert (found.links, found.components, found.largest_component) == (5, 2, 4)
    assert found.most_connected[0].name == "Adapazarı"


def test_a_municipality_sees_its_city_partners_and_their_partners(register):
    zeist = Municipality.objects.get(key="zeist")
    around = graph_data(Scope("municipality", municipality_id=zeist.pk))
    assert names(around) == ["Berkane", "Saint-Gilles", "Zeist"]
    assert City.objects.get(pk=next(c.id for c in around.cities if c.name == "Zeist")).municipality == zeist


def test_a_pair_of_countries(register):
    assert names(graph_data(Scope.parse("TR-NL"))) == ["Adapazarı", "Delft", "Haarlem"]
