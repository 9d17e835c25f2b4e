"""The models' own rules, as every form and the loader apply them through full_clean()."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from mutuality.partnerships.models import (
    Actor,
    Exchange,
    KnowledgeFlow,
    LearningOutcome,
    Municipality,
    Objective,
    Partnership,
    Project,
    ResourceContribution,
    Side,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_link():
    """Zeist–Berkane with one actor on each side and a project."""
    zeist = Municipality.objects.create(key="zeist", name="Zeist", country="NL")
    berkane = Municipality.objects.create(key="berkane", name="Berkane", country="MA")
    partnership = Partnership.objects.create(key="zeist-berkane", name="Zeist–Berkane")
    zeist_side = Side.objects.create(partnership=partnership, municipality=zeist, position=0)
    berkane_side = Side.objects.create(partnership=partnership, municipality=berkane, position=1)
    return SimpleNamespace(
        partnership=partnership,
        zeist=zeist_side,
        berkane=berkane_side,
        desk=Actor.objects.create(
            key="desk", partnership=partnership, side=zeist_side, name="Desk", type="international_desk"
        ),
        mayor=Actor.objects.create(
            key="mayor", partnership=partnership, side=berkane_side, name="Mayor", type="mayor"
        ),
        project=Project.objects.create(
            key="youth", partnership=partnership, name="Youth", types=["local_governance"]
        ),
    )


def errors_of(instance) -> dict[str, list[str]]:
    """The validation errors of ``instance`` by field; empty if it is valid."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def exchange(city_link, **values) -> Exchange:
    values = {
        "key": "visit",
        "title": "Visit",
        "start_date": dt.date(2008, 5, 1),
        "method": "field_visit",
        **values,
    }
    return Exchange(partnership=city_link.partnership, **values)


def test_a_complete_exchange_is_valid(city_link):
    assert errors_of(exchange(city_link, end_date=dt.date(2008, 5, 3), host=city_link.zeist)) == {}


def test_an_exchange_cannot_end_before_it_starts(city_link):
    errors = errors_of(exchange(city_link, end_date=dt.date(2008, 4, 30)))
    assert list(errors) == ["end_date"]
    assert "before the start" in errors["end_date"][0]


def test_an_exchange_may_end_on_the_day_it_starts(city_link):
    assert errors_of(exchange(city_link, end_date=dt.date(2008, 5, 1))) == {}


def test_an_exchange_method_must_be_a_vocabulary_key(city_link):
    assert "method" in errors_of(exchange(city_link, method="carrier_pigeon"))


def test_an_exchange_cannot_belong_to_a_project_of_another_partnership(city_link):
    other = Partnership.objects.create(key="other", name="Other")
    foreign = Project.objects.create(key="foreign", partnership=other, name="Foreign", types=["integration"])
    errors = errors_of(exchange(city_link, project=foreign))
    assert "another partnership" in errors["project"][0]


def test_a_learning_outcome_on_one_side_learned_from_the_other_is_valid(city_link):
    learned = LearningOutcome(
        partnership=city_link.partnership,
        key="council",
        side=city_link.berkane,
        learned_from=city_link.zeist,
        actor=city_link.mayor,
        description="A youth council",
        form="adaptation",
        skills=["process", "instrumental"],
    )
    assert errors_of(learned) == {}


def test_a_side_does_not_learn_from_itself(city_link):
    learned = LearningOutcome(
        partnership=city_link.partnership,
        key="council",
        side=city_link.berkane,
        learned_from=city_link.berkane,
        description="A youth council",
        form="transfer",
    )
    errors = errors_of(learned)
    assert list(errors) == ["learned_from"]
    assert "not from itself" in errors["learned_from"][0]


def test_a_learning_outcome_names_an_actor_of_its_own_side(city_link):
    learned = LearningOutcome(
        partnership=city_link.partnership,
        key="council",
        side=city_link.berkane,
        actor=city_link.desk,
        description="A youth council",
        form="transfer",
    )
    assert list(errors_of(learned)) == ["actor"]


def test_an_objective_cannot_name_an_actor_from_the_other_side(city_link):
    objective = Objective(
        partnership=city_link.partnership,
        key="youth",
        side=city_link.berkane,
        actor=city_link.desk,
        type="strengthening_local_governance",
    )
    errors = errors_of(objective)
    assert list(errors) == ["actor"]
    assert "not on this side" in errors["actor"][0]


def test_a_project_budget_cannot_be_negative(city_link):
    project = city_link.project
    project.budget_eur = Decimal("-1")
    assert list(errors_of(project)) == ["budget_eur"]
    project.budget_eur = Decimal("0")
    assert errors_of(project) == {}


def test_a_project_cannot_end_before_it_starts(city_link):
    project = city_link.project
    project.start_year, project.end_year = 2010, 2007
    assert list(errors_of(project)) == ["end_year"]


def test_a_project_needs_at_least_one_type(city_link):
    project = city_link.project
    project.types = []
    assert "types" in errors_of(project)


def test_a_vocabulary_list_rejects_unknown_keys(city_link):
    project = city_link.project
    project.types = ["local_governance", "carrier_pigeon"]
    errors = errors_of(project)
    assert list(errors) == ["types"]
    assert "carrier_pigeon" in errors["types"][0]
    assert "economic_development" in errors["types"][0]  # the allowed keys are listed


def test_a_vocabulary_list_rejects_repeated_keys(city_link):
    actor = city_link.desk
    actor.roles = ["coordinator", "coordinator"]
    assert list(errors_of(actor)) == ["roles"]


def test_a_vocabulary_list_must_be_a_list(city_link):
    actor = city_link.desk
    actor.roles = "coordinator"
    assert list(errors_of(actor)) == ["roles"]


def test_a_resource_amount_cannot_be_negative(city_link):
    resource = ResourceContribution(
        partnership=city_link.partnership,
        key="money",
        side=city_link.zeist,
        kind="financial",
        amount=Decimal("-5"),
        unit="eur",
    )
    assert list(errors_of(resource)) == ["amount"]


def test_a_financial_resource_is_counted_in_euro(city_link):
    resource = ResourceContribution(
        partnership=city_link.partnership,
        key="money",
        side=city_link.zeist,
        kind="financial",
        amount=Decimal("40"),
        unit="hours",
    )
    errors = errors_of(resource)
    assert list(errors) == ["unit"]
    assert "euro" in errors["unit"][0]


def test_knowledge_flows_from_one_side_to_another(city_link):
    visit = exchange(city_link)
    visit.save()
    flow = KnowledgeFlow(
        exchange=visit, from_side=city_link.zeist, to_side=city_link.zeist, type="tacit", domain="technical"
    )
    assert list(errors_of(flow)) == ["to_side"]
    flow.to_side = city_link.berkane
    assert errors_of(flow) == {}


def test_a_key_is_lower_case_letters_digits_and_hyphens(city_link):
    partnership = city_link.partnership
    for bad in ("Zeist-Berkane", "zeist berkane", "zeist--berkane", "-zeist", "zeist_berkane"):
        partnership.key = bad
        assert "key" in errors_of(partnership), bad
    partnership.key = "zeist-berkane-2"
    assert errors_of(partnership) == {}


def test_a_record_saved_without_a_key_gets_a_readable_one():
    municipality = Municipality.objects.create(name="Emirdağ", country="TR")
    assert municipality.key == "emirdag"
    assert errors_of(municipality) == {}


def test_a_second_record_of_the_same_name_gets_the_next_number():
    keys = [Municipality.objects.create(name="Nador", country="MA").key for _ in range(3)]
    assert keys == ["nador", "nador-2", "nador-3"]


def test_the_migrations_are_up_to_date():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:  # pragma: no cover - only on failure
        pytest.fail(f"the models have changes without a migration (makemigrations exited {exit_.code})")
