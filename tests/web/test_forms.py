"""Creating and editing records through the pages, including the refusals."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Partnership,
    Project,
    Side,
)


def test_a_partnership_is_created_with_one_side_per_municipality(officer_client, partnership):
    haarlem, zeist = Municipality.objects.get(key="haarlem"), Municipality.objects.get(key="zeist")
    response = officer_client.post(
        "/partnerships/new/",
        {
            "name": "Haarlem–Zeist",
            "municipalities": [haarlem.pk, zeist.pk],
            "first_municipality": haarlem.pk,
            "form": "city_link",
            "status": "active",
            "translocal_linkage": "none",
        },
    )
    created = Partnership.objects.get(name="Haarlem–Zeist")
    assert response.status_code == 302 and response.url == f"/partnerships/{created.key}/"
    assert [side.municipality.key for side in created.sides.all()] == ["haarlem", "zeist"]


def test_partnerships_made_in_the_browser_get_readable_keys_the_second_numbered(officer_client, partnership):
    sides = [Municipality.objects.get(key="haarlem").pk, Municipality.objects.get(key="zeist").pk]
    form = {
        "name": "Tilburg–Nador",
        "municipalities": sides,
        "first_municipality": sides[0],
        "form": "city_link",
        "status": "active",
    }
    first = officer_client.post("/partnerships/new/", form)
    second = officer_client.post("/partnerships/new/", form)
    assert (first.url, second.url) == ("/partnerships/tilburg-nador/", "/partnerships/tilburg-nador-2/")
    assert sorted(Partnership.objects.filter(name="Tilburg–Nador").values_list("key", flat=True)) == [
        "tilburg-nador",
        "tilburg-nador-2",
    ]


def test_a_partnership_with_a_single_municipality_is_refused(officer_client, partnership):
    haarlem = Municipality.objects.get(key="haarlem")
    response = officer_client.post(
        "/partnerships/new/",
        {
            "name": "Haarlem alone",
            "municipalities": [haarlem.pk],
            "form": "city_link",
            "status": "active",
            "translocal_linkage": "none",
        },
    )
    assert response.status_code == 400
    assert "at least two municipalities" in response.context["form"].errors["municipalities"][0]
    assert not Partnership.objects.filter(name="Haarlem alone").exists()


def exchange_data(partnership, **changes):
    data = {
        "title": "Training in Emirdağ",
        "start_date": "2007-03-10",
        "end_date": "2007-03-12",
        "date_precision": "day",
        "method": "training_course",
        "direction": "vertical",
        "setting": "formal",
        "stage": "follow_up",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-side": partnership.sides.get(municipality__key="haarlem").pk,
        "participants-0-count": "3",
        "knowledge-TOTAL_FORMS": "1",
        "knowledge-INITIAL_FORMS": "0",
        "knowledge-0-from_side": partnership.sides.get(municipality__key="haarlem").pk,
        "knowledge-0-to_side": partnership.sides.get(municipality__key="emirdag").pk,
        "knowledge-0-type": "tacit",
        "knowledge-0-domain": "technical",
    }
    data.update(changes)
    return data


def test_an_exchange_is_saved_with_who_took_part_and_what_knowledge_moved(officer_client, partnership):
    response = officer_client.post("/partnerships/haarlem-emirdag/exchanges/new/", exchange_data(partnership))
    assert response.status_code == 302
    exchange = Exchange.objects.get(title="Training in Emirdağ")
    assert exchange.participations.get().count == 3
    flow = exchange.knowledge_flows.get()
    assert (flow.from_side.municipality.key, flow.to_side.municipality.key) == ("haarlem", "emirdag")


def test_an_exchange_ending_before_it_starts_is_refused_on_the_end_field(officer_client, partnership):
    response = officer_client.post(
        "/partnerships/haarlem-emirdag/exchanges/new/", exchange_data(partnership, end_date="2007-03-01")
    )
    assert response.status_code == 400
    assert "before the start" in response.context["form"].errors["end_date"][0]
    assert not Exchange.objects.filter(title="Training in Emirdağ").exists()


def test_learning_for_a_side_outside_the_partnership_is_refused(officer_client, partnership):
    other = Partnership.objects.create(name="Elsewhere", key="elsewhere")
    foreign_side = Side.objects.create(partnership=other, municipality=Municipality.objects.get(key="zeist"))
    response = officer_client.post(
        "/partnerships/haarlem-emirdag/learning/new/",
        {"side": foreign_side.pk, "description": "Something", "form": "transfer"},
    )
    assert response.status_code == 400
    assert "side" in response.context["form"].errors
    assert not LearningOutcome.objects.filter(description="Something").exists()


def test_a_negative_budget_is_refused(officer_client, partnership):
    response = officer_client.post(
        "/partnerships/haarlem-emirdag/projects/new/",
        {"name": "Costly", "types": ["economic_development"], "scale_level": "project", "budget_eur": "-5"},
    )
    assert response.status_code == 400
    assert "budget_eur" in response.context["form"].errors
    assert not Project.objects.filter(name="Costly").exists()


def test_project_subjects_are_entered_as_a_comma_separated_list(officer_client, partnership):
    officer_client.post(
        "/partnerships/haarlem-emirdag/projects/new/",
        {
            "name": "Fire",
            "types": ["local_governance"],
            "scale_level": "project",
            "subjects": "fire safety, hazardous materials",
        },
    )
    assert Project.objects.get(name="Fire").subjects == ["fire safety", "hazardous materials"]


def test_an_actor_is_edited_and_deleted(officer_client, partnership):
    url = "/partnerships/haarlem-emirdag/actors/haarlem-waste/"
    side = partnership.sides.get(municipality__key="haarlem").pk
    response = officer_client.post(
        url + "edit/",
        {
            "side": side,
            "name": "Waste expert",
            "kind": "individual",
            "type": "line_department",
            "roles": ["expert"],
        },
    )
    assert response.status_code == 302
    actor = Actor.objects.get(key="haarlem-waste")
    assert (actor.name, actor.roles) == ("Waste expert", ["expert"])
    officer_client.post(url + "delete/")
    assert not Actor.objects.filter(key="haarlem-waste").exists()


def test_form_fields_for_framework_terms_show_their_definitions(officer_client, partnership):
    page = officer_client.get("/partnerships/haarlem-emirdag/learning/new/").content.decode()
    assert "What do these mean?" in page
    assert "Transformative (double loop)" in page


BANNER = "Please correct the fields marked below. Nothing was saved."


def test_a_blank_form_shows_no_error_banner(officer_client, partnership):
    for url in (
        "/partnerships/new/",
        "/partnerships/haarlem-emirdag/edit/",
        "/partnerships/haarlem-emirdag/exchanges/new/",  # the one with formsets, which showed it
        "/partnerships/haarlem-emirdag/exchanges/visit/edit/",
        "/partnerships/haarlem-emirdag/learning/new/",
        "/municipalities/new/",
    ):
        response = officer_client.get(url)
        assert response.status_code == 200 and BANNER not in response.content.decode(), url


def test_a_refused_form_or_formset_shows_the_error_banner(officer_client, partnership):
    url = "/partnerships/haarlem-emirdag/exchanges/new/"
    for problem in ({"title": ""}, {"knowledge-0-type": "gossip"}):  # the exchange itself; its second formset
        response = officer_client.post(url, exchange_data(partnership, **problem))
        assert response.status_code == 400 and BANNER in response.content.decode(), problem
    assert not Exchange.objects.filter(title="Training in Emirdağ").exists()


# --- "What to record next" opens a form on the side it names ---------------------------------------

NEW_LEARNING = "/partnerships/haarlem-emirdag/learning/new/"


def test_a_new_record_opens_on_the_side_the_link_names(officer_client, partnership):
    emirdag = Side.objects.get(partnership=partnership, municipality__key="emirdag")
    form = officer_client.get(NEW_LEARNING, {"side": "emirdag"}).context["form"]
    assert form["side"].value() == emirdag.pk
    # A municipality that is not a side of this partnership, or none, leaves the choice to the user.
    for unknown in ("zeist", "nowhere", ""):
        response = officer_client.get(NEW_LEARNING, {"side": unknown})
        assert response.status_code == 200 and response.context["form"]["side"].value() is None
    # What the form is sent decides, not the link it was opened from.
    haarlem = Side.objects.get(partnership=partnership, municipality__key="haarlem")
    officer_client.post(
        NEW_LEARNING + "?side=emirdag", {"side": haarlem.pk, "description": "Composting", "form": "transfer"}
    )
    assert LearningOutcome.objects.get(description="Composting").side == haarlem


def test_a_partner_editor_is_not_opened_on_the_side_it_may_not_record_for(partnership):
    haarlem = Side.objects.get(partnership=partnership, municipality__key="haarlem")
    user = get_user_model().objects.create_user("haarlem-editor", password="a-long-test-password")
    Membership.objects.create(user=user, partnership=partnership, side=haarlem, role=Role.PARTNER_EDITOR)
    client = Client()
    client.force_login(user)
    assert client.get(NEW_LEARNING, {"side": "emirdag"}).context["form"]["side"].value() is None
    assert client.get(NEW_LEARNING, {"side": "haarlem"}).context["form"]["side"].value() == haarlem.pk


# --- a learning outcome's flags: yes, no or not known ------------------------------------------------

FLAGS = (
    "intended",
    "recognised",
    "implemented",
    "disseminated_internally",
    "disseminated_externally",
    "institutionalised",
)


def test_each_flag_of_a_new_learning_outcome_offers_yes_no_and_not_known_and_starts_as_not_known(
    officer_client, partnership
):
    response = officer_client.get(NEW_LEARNING)
    page = response.content.decode()
    for flag in FLAGS:
        assert response.context["form"][flag].value() is None
        # three radio buttons (no script needed), "not known" checked
        checked = re.findall(rf'<input type="radio" name="{flag}" value="(\w+)"[^>]*?( checked)?>', page)
        assert checked == [("true", ""), ("false", ""), ("unknown", " checked")]
    labels = re.findall(r"<label for=\"id_\w+_\d\"><input type=\"radio\"[^>]*>\s*([^<]+)</label>", page)
    assert labels == ["Yes", "No", "Not known"] * len(FLAGS)
    assert "<legend>Recognised:</legend>" in page  # the question, for the group of three


def test_the_three_choices_of_a_flag_save_yes_no_and_not_known(officer_client, partnership):
    emirdag = Side.objects.get(partnership=partnership, municipality__key="emirdag")
    data = {"side": emirdag.pk, "description": "Composting", "form": "transfer"}
    officer_client.post(
        NEW_LEARNING, data | {"recognised": "true", "implemented": "false", "intended": "unknown"}
    )
    saved = LearningOutcome.objects.get(description="Composting")
    assert (saved.recognised, saved.implemented, saved.intended, saved.institutionalised) == (
        True,
        False,
        None,
        None,
    )
    # the edit page shows what is stored, and "Not known" saves as not known over a stored answer
    url = f"/partnerships/haarlem-emirdag/learning/{saved.key}/edit/"
    form = officer_client.get(url).context["form"]
    assert (form["recognised"].value(), form["implemented"].value()) == (True, False)
    officer_client.post(url, data | {"recognised": "unknown", "implemented": "false"})
    saved.refresh_from_db()
    assert (saved.recognised, saved.implemented) == (None, False)


def test_the_partnership_page_says_which_flags_are_not_known(officer_client, partnership):
    LearningOutcome.objects.filter(key="sorting").update(recognised=False, implemented=True)
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert ">implemented</span>" in page and ">recognised</span>" not in page  # a "no" shows no badge
    assert "not known: intended, disseminated internally, disseminated externally, institutionalised" in page
