"""The atlas's cities matched to our municipalities: by name and country, never by a guess."""

from __future__ import annotations

import pytest

from mutuality.atlas.matching import match_by_hand, match_municipalities, municipality_called
from mutuality.atlas.merging import resolve
from mutuality.atlas.models import City
from mutuality.formats.atlas import import_files, matching_lines
from mutuality.partnerships.models import Municipality
from tests.atlas.files import twin_list

pytestmark = pytest.mark.django_db

ROWS = (
    ",Zeist,Netherlands,52.09,5.23,,Berkane,Morocco,34.92,-2.32",
    ",Delft,Netherlands,52.01,4.36,Q175323,Adapazarı,Turkey,40.78,30.40",
    ",Den Haag,Netherlands,52.08,4.31,,Warsaw,Poland,52.23,21.01",
    "Q36600,The Hague,Netherlands,52.08,4.31,Q406,İstanbul,Turkey,41.01,28.96",
    "Q1,Neustadt,Germany,49.35,8.14,,Zeist,Netherlands,52.09,5.23",
    "Q2,Neustadt,Germany,54.10,10.81,,Delft,Netherlands,52.01,4.36",
)


@pytest.fixture
def lists(tmp_path):
    return twin_list(tmp_path, "lists.csv", *ROWS)


def place(key: str, name: str, country: str) -> Municipality:
    return Municipality.objects.create(key=key, name=name, country=country)


def city_of(municipality: Municipality) -> str | None:
    found = City.objects.filter(municipality=municipality).first()
    return found and found.name


def test_municipalities_are_matched_at_import_in_any_script_and_spelling(lists):
    zeist, adapazari, istanbul = (
        place("zeist", "Zeist", "NL"),
        place("adapazari", "Adapazari", "TR"),
        place("istanbul", "Istanbul", "TR"),
    )
    report = import_files([lists])
    assert (city_of(zeist), city_of(adapazari), city_of(istanbul)) == ("Zeist", "Adapazarı", "İstanbul")
    assert set(report.matching.matched) == {zeist.pk, adapazari.pk, istanbul.pk}
    assert "Zeist → Zeist" in str(report)


def test_a_name_only_a_merged_row_gives_finds_the_city(lists):
    """The Hague is Wikidata's name; "Den Haag" a row merged into it, so Den Haag finds it too.

    (The two rows lie on one spot but have different names: they are merged only because we say so
    here by hand — no rule merges "Den Haag" and "The Hague".)"""
    import_files([lists])
    hague = City.objects.get(name="The Hague")
    City.objects.filter(name="Den Haag").update(merged_into=hague, merge_rule="name")
    den_haag = place("den-haag", "Den Haag", "NL")
    assert city_of(den_haag) == "The Hague"


def test_two_candidate_cities_leave_the_municipality_unmatched_with_both_listed(lists):
    import_files([lists])
    neustadt = place("neustadt", "Neustadt", "DE")
    matching = match_municipalities()
    assert city_of(neustadt) is None
    assert [c.wikidata for c in matching.ambiguous[neustadt.pk]] == ["Q1", "Q2"]
    assert "several cities could be Neustadt: Neustadt #" in "\n".join(matching_lines(matching))


def test_a_city_two_municipalities_could_claim_goes_to_neither(lists):
    import_files([lists])
    one, two = place("zeist", "Zeist", "NL"), place("zeist-2", "ZEIST", "NL")
    matching = match_municipalities()
    assert city_of(one) is None and city_of(two) is None
    assert set(matching.ambiguous) == {one.pk, two.pk}


def test_a_municipality_added_or_renamed_is_matched_at_once(lists):
    import_files([lists])
    municipality = place("delft", "Delft", "NL")
    assert city_of(municipality) == "Delft"
    municipality.name = "Zeist"
    municipality.save()
    assert city_of(municipality) == "Zeist"
    municipality.country = "MA"
    municipality.save()
    assert city_of(municipality) is None


def test_a_match_by_hand_stays_when_the_rules_run_again(lists):
    import_files([lists])
    neustadt = place("neustadt", "Neustadt", "DE")
    match_by_hand(neustadt, City.objects.get(wikidata="Q2").pk)
    resolve()
    import_files([lists])
    assert City.objects.get(municipality=neustadt).wikidata == "Q2"
    assert match_municipalities().by_hand == {neustadt.pk: City.objects.get(wikidata="Q2").pk}


def test_a_match_cleared_by_hand_stays_cleared(lists):
    zeist = place("zeist", "Zeist", "NL")
    import_files([lists])
    match_by_hand(zeist, None)
    matching = match_municipalities()
    assert city_of(zeist) is None
    assert matching.cleared == [zeist.pk]
    zeist.save()
    assert city_of(zeist) is None


def test_running_the_matching_again_changes_nothing(lists):
    zeist = place("zeist", "Zeist", "NL")
    import_files([lists])
    before = list(City.objects.order_by("pk").values_list("pk", "municipality"))
    assert match_municipalities().matched == {zeist.pk: City.objects.get(name="Zeist").pk}
    assert list(City.objects.order_by("pk").values_list("pk", "municipality")) == before


def test_a_municipality_is_named_by_key_or_by_name_in_any_spelling():
    elazig = place("elazig", "Elazığ", "TR")
    assert municipality_called("elazig") == [elazig]
    assert municipality_called("ELAZIG") == [elazig]
    assert municipality_called("Elazığ") == [elazig]
    assert municipality_called("Bursa") == []
