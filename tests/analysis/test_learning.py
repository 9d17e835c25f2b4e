"""Learning by side: kinds, specific learning, NGOs, enabling and limiting dimensions, flags."""

from __future__ import annotations

import copy

import pytest

from mutuality.analysis.dataset import Dataset
from mutuality.analysis.learning import learning_by_side, ngo_involved

DOCUMENT = {
    "municipalities": [
        {"key": "meppel", "name": "Meppel", "country": "NL"},
        {"key": "al-hoceima", "name": "Al Hoceima", "country": "MA"},
        {"key": "zeist", "name": "Zeist", "country": "NL"},
        {"key": "berkane", "name": "Berkane", "country": "MA"},
    ],
    "partnerships": [
        {
            "key": "meppel-al-hoceima",
            "name": "Meppel–Al Hoceima",
            "municipalities": ["meppel", "al-hoceima"],
            "actors": [
                {
                    "key": "women-meppel",
                    "side": "meppel",
                    "name": "Women's group",
                    "type": "womens_organisation",
                },
                {
                    "key": "town-hall",
                    "side": "al-hoceima",
                    "name": "Municipality",
                    "type": "local_government",
                },
                {"key": "policy", "side": "meppel", "name": "Policy officer", "type": "international_desk"},
            ],
            "exchanges": [
                {
                    "key": "training",
                    "title": "Training approaches",
                    "start": "2009",
                    "method": "peer_to_peer",
                    "participants": [{"side": "meppel", "actor": "women-meppel"}, {"side": "al-hoceima"}],
                },
                {
                    "key": "council-visit",
                    "title": "Council visit",
                    "start": "2010",
                    "method": "field_visit",
                    "participants": [
                        {"side": "meppel", "actor": "policy"},
                        {"side": "al-hoceima", "actor": "town-hall"},
                    ],
                },
            ],
            "learning_outcomes": [
                {
                    "key": "trainers",
                    "side": "al-hoceima",
                    "actor": "town-hall",
                    "exchange": "training",
                    "description": "training approaches for women",
                    "form": "adaptation",
                    "recognised": True,
                    "implemented": True,
                },
                {
                    "key": "own-training",
                    "side": "meppel",
                    "actor": "women-meppel",
                    "description": "new ideas for own training",
                    "form": "transformative",
                    "recognised": True,
                    "disseminated_internally": True,
                },
                {
                    "key": "reflection",
                    "side": "meppel",
                    "actor": "policy",
                    "exchange": "council-visit",
                    "description": "reflection on rules",
                    "form": "transformative",
                },
            ],
        },
        {
            "key": "zeist-berkane",
            "name": "Zeist–Berkane",
            "municipalities": ["zeist", "berkane"],
            "learning_outcomes": [
                {
                    "key": "images",
                    "side": "zeist",
                    "description": "new images of Morocco",
                    "form": "transformative",
                }
            ],
        },
    ],
}

CODINGS = [
    {
        "id": "c1",
        "partnership": "meppel-al-hoceima",
        "code": "dimension/professional_similarity",
        "role": "enabling",
        "side": "meppel",
    },
    {
        "id": "c2",
        "partnership": "meppel-al-hoceima",
        "code": "dimension/professional_similarity",
        "role": "enabling",
        "side": "meppel",
    },
    {
        "id": "c3",
        "partnership": "meppel-al-hoceima",
        "code": "dimension/difference_recognition",
        "role": "limiting",
        "side": "meppel",
    },
    {
        "id": "c4",
        "partnership": "meppel-al-hoceima",
        "code": "dimension/process_trust",
        "role": "enabling",
        "side": "al-hoceima",
    },
    {"id": "c5", "partnership": "meppel-al-hoceima", "code": "Themes / Women", "role": "", "side": "meppel"},
    {
        "id": "c6",
        "partnership": "zeist-berkane",
        "code": "dimension/translocal_linkages",
        "role": "enabling",
        "side": "zeist",
    },
]


@pytest.fixture
def dataset():
    return Dataset.from_document(DOCUMENT, CODINGS)


def test_each_side_gets_its_kinds_of_learning_and_specific_learning(dataset):
    meppel, al_hoceima = learning_by_side(dataset, partnership="meppel-al-hoceima")
    assert (meppel.group, meppel.label, meppel.count) == ("meppel", "Meppel", 2)
    assert meppel.forms == {"transformative": 2}
    assert al_hoceima.forms == {"adaptation": 1}
    assert al_hoceima.to_record()["specific_learning"] == ("training approaches for women",)


def test_learning_counts_as_with_ngos_through_the_learner_or_the_exchange(dataset):
    meppel, al_hoceima = learning_by_side(dataset, partnership="meppel-al-hoceima")
    # Al Hoceima's municipality learned in an exchange a women's organisation took part in.
    assert ngo_involved(dataset, dataset.get("learning_outcomes", "meppel-al-hoceima", "trainers"))
    assert (al_hoceima.with_ngo, al_hoceima.without_ngo) == (1, 0)
    assert (meppel.with_ngo, meppel.without_ngo) == (1, 1)
    rows = {(r.form, r.ngo_involved): r.descriptions for r in meppel.rows}
    assert rows == {
        ("transformative", False): ("reflection on rules",),
        ("transformative", True): ("new ideas for own training",),
    }


def test_enabling_and_limiting_dimensions_come_from_codings_about_that_side(dataset):
    meppel, al_hoceima = learning_by_side(dataset, partnership="meppel-al-hoceima")
    assert meppel.enabling == {"professional_similarity": ("c1", "c2")}
    assert meppel.limiting == {"difference_recognition": ("c3",)}
    assert al_hoceima.enabling == {"process_trust": ("c4",)} and al_hoceima.limiting == {}
    assert meppel.to_record()["enabling"] == "professional_similarity (2)"


def test_learning_flags_are_counted(dataset):
    meppel, al_hoceima = learning_by_side(dataset, partnership="meppel-al-hoceima")
    assert meppel.flags["recognised"] == 1 and meppel.flags["disseminated"] == 1
    assert meppel.flags["disseminated_internally"] == 1 and meppel.flags["implemented"] == 0
    assert al_hoceima.flags["implemented"] == 1 and al_hoceima.flags["institutionalised"] == 0


def test_flags_nobody_recorded_are_counted_apart_as_not_known_never_as_no(dataset):
    meppel, al_hoceima = learning_by_side(dataset, partnership="meppel-al-hoceima")
    # "reflection" records no flag; "own-training" only recognised and disseminated internally
    assert meppel.not_known["recognised"] == 1 and meppel.not_known["implemented"] == 2
    assert meppel.not_known["disseminated"] == 1  # shared inside is enough for "own-training"
    assert meppel.not_known["disseminated_externally"] == 2
    assert al_hoceima.not_known["institutionalised"] == 1 and al_hoceima.not_known["recognised"] == 0
    record = meppel.to_record()
    assert (record["implemented"], record["implemented_not_known"]) == (0, 2)

    def no(outcome):
        return outcome | {"implemented": False}

    document = copy.deepcopy(DOCUMENT)
    document["partnerships"][0]["learning_outcomes"] = [
        no(o) for o in document["partnerships"][0]["learning_outcomes"]
    ]
    recorded, _other = learning_by_side(Dataset.from_document(document), partnership="meppel-al-hoceima")
    assert (recorded.flags["implemented"], recorded.not_known["implemented"]) == (0, 0)


def test_a_side_without_learning_is_listed_with_nothing(dataset):
    zeist, berkane = learning_by_side(dataset, partnership="zeist-berkane")
    assert zeist.count == 1 and zeist.enabling == {"translocal_linkages": ("c6",)}
    assert berkane.count == 0 and berkane.forms == {} and berkane.rows == ()


def test_learning_by_country_puts_the_dutch_sides_together(dataset):
    by_country = {s.group: s for s in learning_by_side(dataset, by="country")}
    assert set(by_country) == {"NL", "MA"}
    assert by_country["NL"].count == 3 and by_country["NL"].partnership is None
    assert by_country["NL"].forms == {"transformative": 3}
    assert set(by_country["NL"].enabling) == {"professional_similarity", "translocal_linkages"}
    assert by_country["MA"].count == 1


def test_an_unknown_grouping_is_refused(dataset):
    with pytest.raises(ValueError, match="by must be"):
        learning_by_side(dataset, by="region")
