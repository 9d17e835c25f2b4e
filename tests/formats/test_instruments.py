"""Self-assessment instruments as data files: a good file loads, a bad one is refused with every
problem located (file, line, item, field) and changes nothing, and loading again updates by key
without changing the meaning of an item someone has answered."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from mutuality.formats.instruments import load_instrument_files
from mutuality.formats.problems import DataFileError
from mutuality.selfassessment.models import Answer, Instrument, Item, Response, Round, SideLink
from tests.formats.datasets import line_of, reported, variant, write

pytestmark = pytest.mark.django_db

GOOD = """\
instrument:
  key: health-check
  names: {en: Partnership health check, nl: Gezondheidscheck van het partnerschap}
  descriptions: {en: A short check every six months., nl: Een korte check elk half jaar.}
  scale:
    points: 3
    labels:
      en: [red, amber, green]
      nl: [rood, oranje, groen]
  scales:
    agreements: {en: Agreements, nl: Afspraken}
  items:
    - key: trust-grows
      scale: dimension/process_trust
      section: ch. 8.3.4
      texts: {en: Trust grows from visit to visit., nl: Het vertrouwen groeit van bezoek tot bezoek.}
    - key: one-side-decides
      scale: dimension/power_equality
      section: ch. 8.3.5
      reverse: true
      texts: {en: One side decides., nl: Eén kant beslist.}
    - key: agreements-kept
      scale: agreements
      texts: {en: Agreements are kept., nl: Afspraken worden nagekomen.}
"""


def load(folder, text, name="instrument.yaml"):
    return load_instrument_files([write(folder, text, name)])


def refused(folder, text, name="instrument.yaml"):
    path = write(folder, text, name)
    with pytest.raises(DataFileError) as error:
        load_instrument_files([path])
    return error.value, path


def test_a_good_file_loads_the_instrument_with_its_items_in_order(tmp_path):
    summary = load(tmp_path, GOOD)
    instrument = Instrument.objects.get(key="health-check")
    assert instrument.names["nl"] == "Gezondheidscheck van het partnerschap"
    assert instrument.scale_points == 3
    assert instrument.scale_labels == {"en": ["red", "amber", "green"], "nl": ["rood", "oranje", "groen"]}
    assert instrument.scales == {"agreements": {"en": "Agreements", "nl": "Afspraken"}}
    assert instrument.loaded_from == "instrument.yaml" and not instrument.builtin
    assert instrument.languages == ["en", "nl"]
    items = list(instrument.items.all())
    assert [item.key for item in items] == ["trust-grows", "one-side-decides", "agreements-kept"]
    assert [item.scale_key for item in items] == [
        "dimension/process_trust",
        "dimension/power_equality",
        "agreements",
    ]
    assert [item.reverse for item in items] == [False, True, False]
    assert items[0].section == "ch. 8.3.4" and items[0].text_in("nl").startswith("Het vertrouwen")
    assert "instruments: 1 new" in str(summary) and "items: 3 new" in str(summary)


def test_a_json_file_loads_as_well(tmp_path):
    load(tmp_path, json.dumps(yaml.safe_load(GOOD)), name="instrument.json")
    assert Instrument.objects.get(key="health-check").items.count() == 3


# --- bad files: every problem located, nothing written --------------------------------------


def assert_nothing_saved() -> None:
    assert not Instrument.objects.exists() and not Item.objects.exists()


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (
            "scale: dimension/process_trust",
            "scale: dimension/process_trusts",
            "scale",
            "'process_trusts' is not a term of the vocabulary dimension",
        ),
        ("scale: dimension/process_trust", "scale: dimensions/process_trust", "scale", "unknown vocabulary"),
        ("scale: agreements", "scale: promises", "scale", "'promises' is not one of the instrument's scales"),
        ("reverse: true", "reverse: yes please", "reverse", "expected true or false"),
        ("nl: Eén kant beslist.}", 'nl: ""}', "texts", "the text in nl is empty"),
        ("nl: Eén kant beslist.}", "nl: [Eén, kant]}", "texts", "nl: expected text"),
        (
            "texts: {en: One side decides., nl: Eén kant beslist.}",
            "texts: One side decides.",
            "texts",
            "expected the text in each language",
        ),
    ],
)
def test_a_bad_item_is_refused_naming_file_line_item_and_field(tmp_path, old, new, field, words):
    text = variant(old, new, GOOD)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, new), field)
    assert words in problem.message, str(error)
    assert problem.record.startswith("instrument 'health-check' › items[")
    assert_nothing_saved()


def test_an_item_key_used_twice_is_refused_at_the_second(tmp_path):
    text = variant("key: agreements-kept", "key: trust-grows", GOOD)
    error, path = refused(tmp_path, text)
    second = [n for n, line in enumerate(text.splitlines(), start=1) if "key: trust-grows" in line][1]
    problem = reported(error, path, second, "key")
    assert "'trust-grows' is used twice (first at line" in problem.message
    assert problem.record == "instrument 'health-check' › items[3] 'trust-grows'"
    assert_nothing_saved()


def test_an_item_without_texts_is_refused(tmp_path):
    text = variant(
        "texts: {en: Agreements are kept., nl: Afspraken worden nagekomen.}", "section: none", GOOD
    )
    error, path = refused(tmp_path, text)
    assert any(p.field == "texts" and p.message == "is required" for p in error.problems), str(error)
    assert_nothing_saved()


def test_a_language_missing_from_one_item_names_that_item(tmp_path):
    text = variant("nl: Eén kant beslist.}", "fr: Une partie décide.}", GOOD)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "fr: Une partie décide."), "texts")
    assert problem.record == "instrument 'health-check' › items[2] 'one-side-decides'"
    # The other items lack French, as this one lacks Dutch: each is told what it misses.
    assert {p.record.split("'")[-2] for p in error.problems} == {
        "one-side-decides",
        "trust-grows",
        "agreements-kept",
    }


@pytest.mark.parametrize(
    ("old", "new", "field", "at", "words"),
    [
        ("points: 3", "points: 4", "scale.labels", "labels:", "3 labels for a scale of 4 points"),
        ("points: 3", "points: 1", "scale.points", "points: 1", "expected a whole number from 2 to 11"),
        ("points: 3", "points: 12", "scale.points", "points: 12", "expected a whole number from 2 to 11"),
        (
            "en: [red, amber, green]",
            "en: [red, amber]",
            "scale.labels",
            "labels:",
            "en: 2 labels for a scale of 3",
        ),
        ("en: Partnership health check,", "en: '',", "names", "names:", "the text in en is empty"),
        ("key: health-check", "key: Health Check", "key", "key: Health Check", "is not a key"),
        (
            "agreements: {en: Agreements, nl: Afspraken}",
            "agreements: Agreements",
            "scales.agreements",
            "agreements: Agreements",
            "expected the text in each language",
        ),
    ],
)
def test_a_bad_instrument_field_is_refused_at_its_line(tmp_path, old, new, field, at, words):
    text = variant(old, new, GOOD)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, at), field)
    assert words in problem.message, str(error)
    assert problem.record.startswith("instrument")
    assert_nothing_saved()


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = variant("points: 3", "points: 4", variant("scale: agreements", "scale: promises", GOOD))
    error, _path = refused(tmp_path, text)
    assert {p.field for p in error.problems} == {"scale.labels", "scale"}
    assert len(error.problems) == 3  # two languages' labels, one item


def test_a_file_that_is_not_an_instrument_or_has_unknown_fields_is_refused(tmp_path):
    error, path = refused(tmp_path, GOOD + "colour: blue\n")
    reported(error, path, line_of(GOOD + "colour: blue\n", "colour: blue"), "colour")
    error, _path = refused(tmp_path, "instrument: [not, a, record]\n")
    assert "expected a record" in str(error)


def test_aliases_are_refused_before_anything_is_read(tmp_path):
    text = variant("names: {en: Partnership", "names: &n {en: Partnership", GOOD)
    text = variant(
        "descriptions: {en: A short check every six months., nl: Een korte check elk half jaar.}",
        "descriptions: *n",
        text,
    )
    error, _path = refused(tmp_path, text)
    assert "aliases (*name) are not allowed" in str(error)
    assert_nothing_saved()


def test_one_bad_file_keeps_a_good_one_from_loading(tmp_path):
    good = write(tmp_path, GOOD, "good.yaml")
    bad = write(
        tmp_path,
        variant("key: health-check", "key: other", variant("points: 3", "points: 0", GOOD)),
        "bad.yaml",
    )
    with pytest.raises(DataFileError) as error:
        load_instrument_files([good, bad])
    assert all(problem.file == str(bad) for problem in error.value.problems)
    assert_nothing_saved()


def test_the_key_of_a_built_in_instrument_is_refused(tmp_path):
    error, path = refused(tmp_path, variant("key: health-check", "key: mutual-learning", GOOD))
    assert "shipped with Mutuality" in reported(error, path, 2, "key").message


# --- loading again ---------------------------------------------------------------------------


def test_loading_again_updates_names_texts_sections_and_order_by_key(tmp_path):
    load(tmp_path, GOOD)
    first_ids = dict(Item.objects.values_list("key", "id"))
    again = load(tmp_path, GOOD)
    assert "instruments: 0 new, 0 updated, 1 already there" in str(again)
    assert "items: 0 new, 0 updated, 3 already there" in str(again)

    changed = variant("Partnership health check", "Health check", GOOD)
    changed = variant("section: ch. 8.3.4", "section: ch. 8.3.4; Table 8.1", changed)
    changed = variant("Agreements are kept.", "Agreements made are kept.", changed)
    # The last item moves to the top; a new one is added; one-side-decides is dropped.
    block = "    - key: agreements-kept\n      scale: agreements\n      texts: {en: Agreements made are kept., nl: Afspraken worden nagekomen.}\n"
    changed = changed.replace(block, "")
    changed = changed.replace("  items:\n", "  items:\n" + block)
    changed = changed.replace(
        "    - key: one-side-decides\n      scale: dimension/power_equality\n      section: ch. 8.3.5\n      reverse: true\n      texts: {en: One side decides., nl: Eén kant beslist.}\n",
        "    - key: equal-say\n      scale: dimension/power_equality\n      texts: {en: We decide together., nl: We beslissen samen.}\n",
    )
    summary = load(tmp_path, changed)
    instrument = Instrument.objects.get(key="health-check")
    assert instrument.names["en"] == "Health check"
    assert [item.key for item in instrument.items.all()] == ["agreements-kept", "trust-grows", "equal-say"]
    assert instrument.items.get(key="trust-grows").section == "ch. 8.3.4; Table 8.1"
    assert instrument.items.get(key="agreements-kept").texts["en"] == "Agreements made are kept."
    assert instrument.items.get(key="trust-grows").id == first_ids["trust-grows"]
    assert "items: 1 new, 2 updated" in str(summary)


@pytest.fixture
def answered(tmp_path, partnership):
    """The instrument of GOOD with one submitted answer to each of its first two items."""
    load(tmp_path, GOOD)
    instrument = Instrument.objects.get(key="health-check")
    round = Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        name="2026",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 2, 1),
    )
    side = partnership.sides.first()
    link, _token = SideLink.issue(round, side)
    response = Response.objects.create(
        link=link,
        round=round,
        side=side,
        resume_hash="r1",
        submitted_at=dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC),
    )
    for key in ("trust-grows", "one-side-decides"):
        Answer.objects.create(response=response, item=instrument.items.get(key=key), value=2)
    return instrument


def test_an_answered_item_cannot_move_to_another_scale(tmp_path, answered):
    text = variant("scale: dimension/process_trust", "scale: agreements\n      # moved", GOOD)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "# moved") - 1, "scale")
    assert problem.record == "instrument 'health-check' › items[1] 'trust-grows'"
    assert (
        "has 1 answer, so its scale cannot change from dimension/process_trust to agreements"
        in problem.message
    )
    assert Item.objects.get(key="trust-grows").scale_key == "dimension/process_trust"


def test_an_answered_item_cannot_change_direction_or_be_removed(tmp_path, answered):
    error, _path = refused(tmp_path, variant("      reverse: true\n", "", GOOD))
    assert "whether it is scored in reverse cannot change" in str(error)

    before, rest = GOOD.split("    - key: one-side-decides")
    without = before + "    - key: agreements-kept" + rest.split("    - key: agreements-kept")[1]
    error, path = refused(tmp_path, without)
    problem = reported(error, path, line_of(without, "  items:"), "items")
    assert "the item 'one-side-decides' has 1 answer and cannot be removed" in problem.message
    assert Item.objects.filter(key="one-side-decides").exists()


def test_an_answered_instrument_keeps_its_points(tmp_path, answered):
    text = variant("points: 3", "points: 4", GOOD)
    text = text.replace("[red, amber, green]", "[red, amber, green, blue]")
    text = text.replace("[rood, oranje, groen]", "[rood, oranje, groen, blauw]")
    error, _path = refused(tmp_path, text)
    assert "its points cannot change to 4" in str(error)
    assert Instrument.objects.get(key="health-check").scale_points == 3


def test_an_item_without_answers_can_move_and_go(tmp_path, answered):
    text = variant("scale: agreements", "scale: dimension/process_trust", GOOD)
    load(tmp_path, text)
    assert Item.objects.get(key="agreements-kept").scale_key == "dimension/process_trust"
    load(tmp_path, text.split("    - key: agreements-kept")[0])
    assert not Item.objects.filter(key="agreements-kept").exists()


def test_the_example_in_the_docs_loads(tmp_path):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "self-assessment.md").read_text(encoding="utf-8")
    example = docs.split("## The file format")[1].split("```yaml\n")[1].split("```")[0]
    load(tmp_path, example)
    instrument = Instrument.objects.get(key="health-check")
    assert [item.scale_key for item in instrument.items.all()] == [
        "dimension/process_trust",
        "dimension/power_equality",
        "agreements",
    ]
