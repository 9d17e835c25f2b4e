"""Loading data files: every record or, if anything is wrong, none, with every problem located."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from mutuality.formats.data_export import export_document
from mutuality.formats.data_load import load_files
from mutuality.formats.problems import DataFileError
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Objective,
    Participation,
    Partnership,
    Project,
    ResourceContribution,
    Side,
    SupportProgramme,
)
from tests.formats.datasets import (
    VALID_DATASET,
    assert_nothing_saved,
    line_of,
    record_counts,
    reported,
    variant,
    write,
)

pytestmark = pytest.mark.django_db


def load_text(folder, text, name="data.yaml"):
    return load_files([write(folder, text, name)])


def refused(folder, text, name="data.yaml"):
    """Load ``text`` expecting a refusal; return the error and the file's path."""
    path = write(folder, text, name)
    with pytest.raises(DataFileError) as error:
        load_files([path])
    return error.value, path


# --- a valid dataset ---------------------------------------------------------------


def test_a_valid_dataset_loads_with_all_its_records(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    assert record_counts() == {
        "partnerships.Municipality": 2,
        "partnerships.SupportProgramme": 1,
        "partnerships.Partnership": 1,
        "partnerships.Side": 2,
        "partnerships.Actor": 2,
        "partnerships.Objective": 1,
        "partnerships.Project": 1,
        "partnerships.Exchange": 1,
        "partnerships.Participation": 2,
        "partnerships.KnowledgeFlow": 2,
        "partnerships.LearningOutcome": 2,
        "partnerships.ResourceContribution": 1,
    }


def test_a_loaded_partnership_has_one_side_per_municipality_in_the_order_given(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    partnership = Partnership.objects.get(key="zeist-berkane")
    assert partnership.name == "Zeist–Berkane"
    assert [side.municipality.key for side in partnership.sides.order_by("position")] == ["zeist", "berkane"]
    assert partnership.since == 2004
    assert partnership.status == "active"  # the default
    assert partnership.form == "city_link"  # the default
    assert partnership.translocal_linkage == "limited"
    zeist = Municipality.objects.get(key="zeist")
    assert (zeist.name, zeist.country, zeist.population, zeist.migration_role) == (
        "Zeist",
        "NL",
        61000,
        "destination",
    )


def test_loaded_records_point_to_the_right_sides_actors_and_projects(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    partnership = Partnership.objects.get()
    zeist = Side.objects.get(partnership=partnership, municipality__key="zeist")
    berkane = Side.objects.get(partnership=partnership, municipality__key="berkane")
    desk = Actor.objects.get(key="zeist-international-desk")
    municipality = Actor.objects.get(key="berkane-municipality")
    project = Project.objects.get(key="youth-participation")

    assert (desk.partnership, desk.side, desk.roles) == (partnership, zeist, ["coordinator", "initiator"])
    assert (municipality.side, municipality.type, municipality.kind) == (
        berkane,
        "local_government",
        "organisation",
    )

    assert project.partnership == partnership
    assert project.support_programme == SupportProgramme.objects.get(key="matra")
    assert project.budget_eur == Decimal("4000")
    assert project.types == ["local_governance"]
    assert project.subjects == ["youth participation"]

    objective = Objective.objects.get()
    assert (objective.side, objective.actor, objective.project) == (berkane, municipality, project)
    assert objective.clearly_formulated is True


def test_an_exchange_keeps_its_participants_and_knowledge_flows(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    exchange = Exchange.objects.get(key="2008-visit-to-zeist")
    assert exchange.project.key == "youth-participation"
    assert exchange.host.municipality.key == "zeist"
    assert (exchange.start_date, exchange.end_date) == (dt.date(2008, 5, 1), dt.date(2008, 6, 30))
    assert exchange.date_precision == "month"
    participants = {(p.side.municipality.key, p.actor.key, p.count) for p in exchange.participations.all()}
    assert participants == {
        ("berkane", "berkane-municipality", 4),
        ("zeist", "zeist-international-desk", None),
    }
    flows = {
        (f.from_side.municipality.key, f.to_side.municipality.key, f.type, f.domain)
        for f in exchange.knowledge_flows.all()
    }
    assert flows == {
        ("zeist", "berkane", "tacit", "management"),
        ("berkane", "zeist", "implicit", "cultural"),
    }


def test_learning_outcomes_are_recorded_for_both_sides(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    exchange = Exchange.objects.get()
    berkane = LearningOutcome.objects.get(key="berkane-youth-council")
    zeist = LearningOutcome.objects.get(key="zeist-moroccan-youth")
    assert (berkane.side.municipality.key, berkane.learned_from.municipality.key) == ("berkane", "zeist")
    assert (zeist.side.municipality.key, zeist.learned_from.municipality.key) == ("zeist", "berkane")
    assert berkane.exchange == zeist.exchange == exchange
    assert berkane.actor.key == "berkane-municipality"
    assert (berkane.form, berkane.skills, berkane.intended, berkane.implemented) == (
        "adaptation",
        ["process"],
        True,
        True,
    )
    assert (zeist.theme, zeist.recognised) == ("diversity", True)
    # the flags the file leaves out are not known, not false
    assert (zeist.intended, zeist.implemented, berkane.recognised) == (None, None, None)


def test_a_learning_flag_given_as_null_or_left_out_is_not_known_and_false_stays_false(tmp_path):
    text = variant("        recognised: true\n", "        recognised: null\n        intended: false\n")
    load_text(tmp_path, text)
    zeist = LearningOutcome.objects.get(key="zeist-moroccan-youth")
    assert (zeist.recognised, zeist.intended) == (None, False)
    # loading the file again with the flag left out makes a stored value not known too: the file says so
    load_text(tmp_path, variant("        implemented: true\n", ""))
    assert LearningOutcome.objects.get(key="berkane-youth-council").implemented is None


def test_a_learning_flag_must_be_true_false_or_null(tmp_path):
    text = variant("        recognised: true\n", "        recognised: maybe\n")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "recognised: maybe"), "recognised")
    assert "true or false" in problem.message
    assert_nothing_saved()


def test_a_resource_contribution_belongs_to_its_side_project_and_programme(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    resource = ResourceContribution.objects.get()
    assert resource.side.municipality.key == "zeist"
    assert resource.actor.key == "zeist-international-desk"
    assert resource.project.key == "youth-participation"
    assert resource.programme.key == "matra"
    assert (resource.kind, resource.amount, resource.unit) == ("financial", Decimal("4000"), "eur")
    assert (resource.start_year, resource.end_year) == (2007, 2010)


def test_the_load_summary_counts_new_records(tmp_path):
    summary = load_text(tmp_path, VALID_DATASET)
    assert summary.created["municipalities"] == 2
    assert summary.created["partnerships"] == 1
    assert summary.created["learning outcomes"] == 2
    assert not summary.updated
    assert "municipalities: 2 new, 0 updated" in str(summary)


def test_a_dataset_may_be_split_across_files(tmp_path):
    places, rest = VALID_DATASET.split("support_programmes:")
    # The partnership file comes first: places from any file are known to every partnership.
    load_files([write(tmp_path, "support_programmes:" + rest, "b.yaml"), write(tmp_path, places, "a.yaml")])
    assert Partnership.objects.get().sides.count() == 2


def test_a_json_file_loads_like_the_yaml_it_was_made_from(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    document = export_document()
    Partnership.objects.all().delete()
    SupportProgramme.objects.all().delete()
    Municipality.objects.all().delete()
    load_text(tmp_path, json.dumps(document, indent=2), "data.json")
    assert export_document() == document


# --- loading twice ---------------------------------------------------------------


def test_loading_the_same_file_twice_duplicates_nothing(tmp_path):
    path = write(tmp_path, VALID_DATASET)
    load_files([path])
    first = record_counts()
    ids = {model: set(model.objects.values_list("id", flat=True)) for model in (Actor, Exchange, Project)}
    summary = load_files([path])
    assert record_counts() == first
    assert {model: set(model.objects.values_list("id", flat=True)) for model in ids} == ids
    assert not summary.created["partnerships"]
    assert summary.updated["partnerships"] == 1


def test_loading_a_changed_file_updates_the_records_in_place(tmp_path):
    load_text(tmp_path, VALID_DATASET)
    before = record_counts()
    changed = variant("    name: Berkane\n", "    name: Berkane (Oriental)\n")
    changed = variant("budget_eur: 4000", "budget_eur: 4500.50", changed)
    changed = variant("title: Youth workers visit Zeist", "title: Youth workers in Zeist", changed)
    changed = variant("count: 4", "count: 5", changed)
    changed = variant("        implemented: true\n", "        implemented: false\n", changed)
    load_text(tmp_path, changed)
    assert record_counts() == before
    assert Municipality.objects.get(key="berkane").name == "Berkane (Oriental)"
    assert Project.objects.get().budget_eur == Decimal("4500.50")
    assert Exchange.objects.get().title == "Youth workers in Zeist"
    assert Participation.objects.get(side__municipality__key="berkane").count == 5
    assert LearningOutcome.objects.get(key="berkane-youth-council").implemented is False


# --- bad input: refused, reported with file, line and field, nothing saved ---------


def test_a_partnership_needs_two_municipalities(tmp_path):
    text = variant("municipalities: [zeist, berkane]", "municipalities: [zeist]")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "municipalities: [zeist]"), "municipalities")
    assert "two" in problem.message
    assert_nothing_saved()


def test_a_partnership_cannot_list_a_municipality_twice(tmp_path):
    text = variant("municipalities: [zeist, berkane]", "municipalities: [zeist, berkane, zeist]")
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, "municipalities: [zeist, berkane, zeist]"), "municipalities")
    assert_nothing_saved()


def test_a_partnership_of_unknown_municipalities_is_refused(tmp_path):
    text = variant("municipalities: [zeist, berkane]", "municipalities: [zeist, nador]")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "municipalities: [zeist, nador]"), "municipalities")
    assert "nador" in problem.message
    assert_nothing_saved()


def test_an_exchange_cannot_end_before_it_starts(tmp_path):
    text = variant('end: "2008-06"', 'end: "2008-04"')
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, 'end: "2008-04"'), "end")
    assert "before the start" in problem.message
    assert "2008-visit-to-zeist" in problem.record
    assert_nothing_saved()


def test_a_learning_outcome_must_be_on_a_side_of_the_partnership(tmp_path):
    text = variant(
        "  - key: berkane\n",
        "  - key: nador\n    name: Nador\n    country: MA\n  - key: berkane\n",
    )
    text = variant(
        "        side: zeist\n        learned_from: berkane",
        "        side: nador\n        learned_from: berkane",
        text,
    )
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "side: nador"), "side")
    assert "'nador' is not a side of this partnership" in problem.message
    assert "zeist, berkane" in problem.message
    assert_nothing_saved()


def test_a_side_does_not_learn_from_itself(tmp_path):
    text = variant(
        "        side: zeist\n        learned_from: berkane",
        "        side: zeist\n        learned_from: zeist  # !",
    )
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "learned_from: zeist  # !"), "learned_from")
    assert "zeist-moroccan-youth" in problem.record
    assert_nothing_saved()


def test_an_unknown_vocabulary_key_is_refused_with_the_allowed_keys(tmp_path):
    text = variant("method: field_visit", "method: carrier_pigeon")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "method: carrier_pigeon"), "method")
    assert "carrier_pigeon" in problem.message
    assert "field_visit" in problem.message and "peer_to_peer" in problem.message
    assert_nothing_saved()


def test_an_unknown_key_in_a_vocabulary_list_is_refused(tmp_path):
    text = variant("roles: [coordinator, initiator]", "roles: [coordinator, juggler]")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "roles: [coordinator, juggler]"), "roles")
    assert "juggler" in problem.message
    assert_nothing_saved()


@pytest.mark.parametrize("value", ["[field_visit]", "{field_visit: true}"])
def test_a_vocabulary_field_takes_one_key_not_a_list_or_a_record(tmp_path, value):
    text = variant("method: field_visit", f"method: {value}")
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, f"method: {value}"), "method")
    assert_nothing_saved()


def test_a_vocabulary_list_holds_keys_not_lists(tmp_path):
    text = variant("skills: [process]", "skills: [[process]]")
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, "skills: [[process]]"), "skills")
    assert_nothing_saved()


def test_a_project_budget_cannot_be_negative(tmp_path):
    text = variant("budget_eur: 4000", "budget_eur: -4000")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "budget_eur: -4000"), "budget_eur")
    assert "negative" in problem.message
    assert_nothing_saved()


def test_a_financial_resource_is_counted_in_euro(tmp_path):
    text = variant("unit: eur", "unit: hours")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "unit: hours"), "unit")
    assert "euro" in problem.message
    assert_nothing_saved()


def test_an_objective_cannot_name_an_actor_from_the_other_side(tmp_path):
    text = variant(
        "        side: berkane\n        actor: berkane-municipality\n        project: youth-participation\n"
        "        type: strengthening_local_governance",
        "        side: berkane\n        actor: zeist-international-desk\n        project: youth-participation\n"
        "        type: strengthening_local_governance",
    )
    error, path = refused(tmp_path, text)
    objective_actor = text.splitlines().index("        actor: zeist-international-desk") + 1
    problem = reported(error, path, objective_actor, "actor")
    assert "not on this side" in problem.message
    assert "berkane-youth" in problem.record
    assert_nothing_saved()


def test_one_bad_record_among_many_stops_all_of_them_loading(tmp_path):
    places = "".join(
        f"  - key: town-{number}\n    name: Town {number}\n    country: NL\n" for number in range(20)
    )
    text = variant("municipalities:\n", "municipalities:\n" + places)
    text = variant("    country: MA\n", "    country: Atlantis\n", text)
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, "country: Atlantis"), "country")
    # The partnership cannot be loaded without Berkane, and says so.
    problem = reported(error, path, line_of(text, "municipalities: [zeist, berkane]"), "municipalities")
    assert "berkane" in problem.message
    assert len(error.problems) == 2
    assert_nothing_saved()


@pytest.mark.parametrize(
    "typed,stored",
    [("MA", "MA"), ("ma", "MA"), ("Morocco", "MA"), ("Marokko", "MA"), ("المغرب", "MA"), ("MAR", "MA")],
)
def test_a_country_is_read_from_its_code_or_its_name_in_any_of_our_languages(tmp_path, typed, stored):
    load_text(tmp_path, variant("    country: MA\n", f"    country: {typed}\n"))
    assert Municipality.objects.get(key="berkane").country == stored


def test_a_country_name_is_never_cut_to_two_letters(tmp_path):
    load_text(tmp_path, variant("    country: NL\n", "    country: Netherlands\n"))
    assert Municipality.objects.get(key="zeist").country == "NL"  # not NE, Niger


def test_every_problem_in_a_file_is_listed(tmp_path):
    text = variant(
        "support_programmes:\n", "  - {key: nador, name: Nador, country: Atlantis}\n\nsupport_programmes:\n"
    )
    text = variant("type: strengthening_local_governance", "type: world_peace", text)
    text = variant("domain: cultural", "domain: cooking", text)
    text = variant("form: transfer", "form: osmosis", text)
    text = variant("amount: 4000", "amount: -4000", text)
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, "country: Atlantis"), "country")
    reported(error, path, line_of(text, "type: world_peace"), "type")
    reported(error, path, line_of(text, "domain: cooking"), "domain")
    reported(error, path, line_of(text, "form: osmosis"), "form")
    reported(error, path, line_of(text, "amount: -4000"), "amount")
    assert "5 problems found, nothing was loaded" in str(error)
    assert_nothing_saved()


def test_problems_in_several_files_are_all_listed(tmp_path):
    good = write(tmp_path, VALID_DATASET, "good.yaml")
    broken = write(tmp_path, "municipalities:\n  - key: x\n    name: [X\n", "broken.yaml")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(DataFileError) as error:
        load_files([good, broken, missing])
    assert {problem.file for problem in error.value.problems} == {str(broken), str(missing)}
    assert_nothing_saved()


def test_a_key_used_in_two_files_of_one_load_is_refused(tmp_path):
    """As in evidence files: the second record would silently overwrite the first."""
    municipality = "municipalities:\n  - key: zeist\n    name: Zeist\n    country: NL\n"
    first = write(tmp_path, municipality, "first.yaml")
    second = write(tmp_path, municipality.replace("name: Zeist", "name: Zeyst"), "second.yaml")
    with pytest.raises(DataFileError) as error:
        load_files([first, second])
    problem = reported(error.value, second, 2, "key")
    assert problem.message == f"'zeist' is used twice (first in {first}, line 2)"
    assert_nothing_saved()


def test_a_list_that_is_not_a_list_is_reported_for_the_file(tmp_path):
    error, path = refused(tmp_path, "municipalities: zeist\n")
    problem = reported(error, path, 1, "municipalities")
    assert (problem.record, problem.message) == ("file", "expected a list of records")


def test_an_unknown_field_is_refused_with_the_allowed_fields(tmp_path):
    text = variant(
        "        type: international_desk\n", "        type: international_desk\n        colour: red\n"
    )
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "colour: red"), "colour")
    assert "unknown field" in problem.message and "roles" in problem.message
    assert_nothing_saved()


def test_an_unknown_list_is_refused(tmp_path):
    text = VALID_DATASET + "cities:\n  - key: x\n"
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "cities:"), "cities")
    assert "unknown list" in problem.message
    assert_nothing_saved()


def test_a_required_field_is_required(tmp_path):
    text = variant("        description: Set up a youth council.\n", "")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "key: berkane-youth-council"), "description")
    assert "required" in problem.message
    assert_nothing_saved()


def test_two_records_with_the_same_key_are_refused(tmp_path):
    text = variant("      - key: berkane-municipality\n", "      - key: zeist-international-desk\n")
    error, path = refused(tmp_path, text)
    second = [n for n, line in enumerate(text.splitlines(), 1) if "key: zeist-international-desk" in line][1]
    problem = reported(error, path, second, "key")
    assert "used twice" in problem.message
    assert f"first at line {line_of(VALID_DATASET, 'key: zeist-international-desk')}" in problem.message
    assert_nothing_saved()


def test_a_field_given_twice_in_one_record_is_refused(tmp_path):
    text = variant("    region: Utrecht\n", "    region: Utrecht\n    name: Zeist again\n")
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "name: Zeist again"), None)
    assert "'name' appears twice" in problem.message
    assert_nothing_saved()


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    text = variant("    region: Utrecht\n", "    region: [Utrecht\n")
    error, path = refused(tmp_path, text)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.file == str(path)
    assert line_of(text, "region: [Utrecht") <= problem.line <= line_of(text, "population: 61000")
    assert f"{path}, line {problem.line}" in str(error)
    assert "not valid YAML" in problem.message
    assert_nothing_saved()


def test_yaml_aliases_are_refused(tmp_path):
    text = variant("    country: NL\n", "    country: &dutch NL\n")
    text = variant("    country: MA\n", "    country: *dutch\n", text)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, "country: *dutch"), None)
    assert "aliases" in problem.message
    assert_nothing_saved()


def test_yaml_tags_for_python_objects_are_refused(tmp_path):
    text = variant("    region: Utrecht\n", "    region: !!python/object/apply:os.getcwd []\n")
    error, path = refused(tmp_path, text)
    assert "not valid YAML" in str(error)
    assert_nothing_saved()


def test_a_json_syntax_error_is_reported_with_its_line(tmp_path):
    text = '{\n  "municipalities": [\n    {"key": "zeist", "name": "Zeist", "country": "NL"}\n    {"key": "x"}\n  ]\n}\n'
    error, path = refused(tmp_path, text, "data.json")
    problem = reported(error, path, 4, None)
    assert "not valid JSON" in problem.message
    assert_nothing_saved()


def test_a_file_that_does_not_exist_is_reported(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(DataFileError) as error:
        load_files([path])
    problem = reported(error.value, path, None, None)
    assert "cannot be read" in problem.message
    assert_nothing_saved()


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("municipalities:\n  - key: emirdag\n    name: Emirdağ\n".encode("iso-8859-9"))
    with pytest.raises(DataFileError) as error:
        load_files([path])
    assert "not UTF-8" in str(error.value)
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("description: Set up a youth council.", 'description: "Set up\\0 a youth council."'),
        ("subjects: [youth participation]", 'subjects: ["youth\\0 participation"]'),
    ],
)
def test_text_with_a_nul_character_is_refused_on_every_database(tmp_path, old, new):
    # PostgreSQL cannot store NUL in text; refusing it everywhere keeps SQLite and PostgreSQL alike.
    text = variant(old, new)
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, new), new.split(":")[0].strip())
    assert "NUL" in problem.message
    assert_nothing_saved()


def test_half_a_character_is_refused_with_its_line(tmp_path):
    text = '{\n  "municipalities": [\n    {"key": "zeist", "name": "Zeist\\ud83e", "country": "NL"}\n  ]\n}\n'
    error, path = refused(tmp_path, text, "data.json")
    assert "lone surrogate" in reported(error, path, 3, None).message
    assert_nothing_saved()


def test_a_json_file_may_start_with_a_byte_order_mark(tmp_path):
    text = '\ufeff{"municipalities": [{"key": "zeist", "name": "Zeist", "country": "NL"}]}\n'
    load_text(tmp_path, text, "data.json")
    assert Municipality.objects.get().name == "Zeist"


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    error, path = refused(tmp_path, "- key: zeist\n  name: Zeist\n")
    assert "expected a mapping with lists" in reported(error, path, None, None).message
    assert_nothing_saved()


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "precision", "start"),
    [
        ('"2008"', "year", dt.date(2008, 1, 1)),
        ("2008", "year", dt.date(2008, 1, 1)),
        ('"2008-05"', "month", dt.date(2008, 5, 1)),
        ("2008-05", "month", dt.date(2008, 5, 1)),
        ('"2008-05-12"', "day", dt.date(2008, 5, 12)),
        ("2008-05-12", "day", dt.date(2008, 5, 12)),
    ],
)
def test_a_date_keeps_the_precision_it_was_given(tmp_path, written, precision, start):
    text = variant('        start: "2008-05"\n        end: "2008-06"\n', f"        start: {written}\n")
    load_text(tmp_path, text)
    exchange = Exchange.objects.get()
    assert (exchange.start_date, exchange.date_precision, exchange.end_date) == (start, precision, None)
    [exported] = export_document()["partnerships"][0]["exchanges"]
    assert exported["start"] == written.strip('"')


@pytest.mark.parametrize(
    ("start", "end", "last_day"),
    [("2008", "2009", dt.date(2009, 12, 31)), ("2008-02", "2008-02", dt.date(2008, 2, 29))],
)
def test_an_end_date_means_the_end_of_its_period(tmp_path, start, end, last_day):
    text = variant('start: "2008-05"\n        end: "2008-06"', f'start: "{start}"\n        end: "{end}"')
    load_text(tmp_path, text)
    assert Exchange.objects.get().end_date == last_day


def test_start_and_end_must_be_equally_precise(tmp_path):
    text = variant('start: "2008-05"\n        end: "2008-06"', 'start: "2008"\n        end: "2008-06"')
    error, path = refused(tmp_path, text)
    problem = reported(error, path, line_of(text, 'end: "2008-06"'), "end")
    assert "equally precisely" in problem.message
    assert_nothing_saved()


def test_bad_dates_are_reported_with_the_exchanges_other_problems(tmp_path):
    text = variant(
        'start: "2008-05"\n        end: "2008-06"\n        method: field_visit',
        'start: "May"\n        end: "June"\n        method: telepathy',
    )
    error, path = refused(tmp_path, text)
    assert "not 'May'" in reported(error, path, line_of(text, 'start: "May"'), "start").message
    assert "not 'June'" in reported(error, path, line_of(text, 'end: "June"'), "end").message
    assert "telepathy" in reported(error, path, line_of(text, "method: telepathy"), "method").message
    assert_nothing_saved()


@pytest.mark.parametrize("written", ["2008-13", "2008-02-30", "2008-00", "2008-05-00", "08-05", "May 2008"])
def test_a_date_that_does_not_exist_is_refused(tmp_path, written):
    text = variant('start: "2008-05"\n        end: "2008-06"', f'start: "{written}"')
    error, path = refused(tmp_path, text)
    reported(error, path, line_of(text, f'start: "{written}"'), "start")
    assert_nothing_saved()
