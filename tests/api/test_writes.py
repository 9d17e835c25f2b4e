"""Writing through the API: keys for references, vocabulary keys, and the models' own validation."""

from __future__ import annotations

from django.urls import reverse

from mutuality.partnerships.models import Exchange, LearningOutcome, Partnership


def test_an_administrator_creates_a_partnership_with_its_sides(world, api):
    admin = api("admin")
    response = admin.post(
        reverse("api-partnership-list"),
        {
            "key": "haarlem-zeist",
            "name": "Haarlem–Zeist",
            "municipalities": ["haarlem", "zeist"],
            "since": 2010,
        },
    )
    assert response.status_code == 201, response.json()
    assert [s["municipality"] for s in response.json()["sides"]] == ["haarlem", "zeist"]
    assert Partnership.objects.get(key="haarlem-zeist").sides.count() == 2
    url = reverse("api-partnership-detail", args=["haarlem-zeist"])
    assert admin.patch(url, {"municipalities": ["haarlem"]}).status_code == 400
    assert admin.patch(url, {"key": "renamed"}).status_code == 400
    assert admin.patch(url, {"status": "no-such-status"}).json()["status"]
    assert admin.patch(url, {"status": "ended", "status_year": 2009}).json() == {
        "status_year": ["The end year (2009) is before the start year (2010)."]
    }


def test_a_key_is_made_when_left_out(world, api):
    response = api("editor").post(
        reverse("api-actor-list", args=[world.p1.key]),
        {
            "side": world.side_a.municipality.key,
            "name": "Youth council",
            "type": "local_government",
            "roles": ["coordinator"],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["key"] == "youth-council"


def test_references_are_keys_within_the_partnership(world, api):
    editor = api("editor")
    objectives = reverse("api-objective-list", args=[world.p1.key])
    side_a = world.side_a.municipality.key
    other_side_actor = world.records[("actors", "B")].key
    response = editor.post(
        objectives, {"side": side_a, "type": "international_norms", "actor": other_side_actor}
    )
    assert response.status_code == 400
    assert "actor" in response.json()
    response = editor.post(
        objectives, {"side": side_a, "type": "international_norms", "project": "no-such-project"}
    )
    assert response.json() == {"project": ["No project with the key no-such-project here."]}
    response = editor.post(objectives, {"side": side_a, "type": "not-a-type"})
    assert "type" in response.json()


def test_an_exchange_is_written_with_participants_and_knowledge_flows(world, api):
    editor = api("editor")
    haarlem, emirdag = world.side_b.municipality.key, world.side_a.municipality.key
    exchange = {
        "key": "training",
        "title": "Training in Haarlem",
        "start_date": "2007-03-01",
        "method": "training_course",
        "host": haarlem,
        "participants": [{"side": emirdag, "count": 4}],
        "knowledge": [{"from_side": haarlem, "to_side": emirdag, "type": "tacit", "domain": "management"}],
    }
    response = editor.post(reverse("api-exchange-list", args=[world.p1.key]), exchange)
    assert response.status_code == 201, response.json()
    made = Exchange.objects.get(partnership=world.p1, key="training")
    assert made.participations.get().count == 4
    assert made.knowledge_flows.get().to_side == world.side_a
    url = reverse("api-exchange-detail", args=[world.p1.key, "training"])
    same = {
        "knowledge": [{"from_side": haarlem, "to_side": haarlem, "type": "tacit", "domain": "management"}]
    }
    response = editor.patch(url, same)
    assert response.status_code == 400
    assert response.json()["knowledge"][0]["to_side"]
    assert editor.patch(url, {"end_date": "2007-01-01"}).json()["end_date"]
    assert editor.get(url).json()["participants"] == [{"side": emirdag, "actor": None, "count": 4}]


def test_a_contributors_record_remembers_who_made_it(world, api):
    response = api("contributor").post(
        reverse("api-learning-outcome-list", args=[world.p1.key]),
        {
            "side": world.side_a.municipality.key,
            "description": "Sorting waste",
            "form": "transfer",
            "skills": ["process"],
        },
    )
    assert response.status_code == 201, response.json()
    made = LearningOutcome.objects.get(partnership=world.p1, key=response.json()["key"])
    assert made.created_by == world.users["contributor"]


def test_a_learning_flag_may_be_null_or_left_out_and_is_then_not_known(world, api):
    admin = api("admin")
    response = admin.post(
        reverse("api-learning-outcome-list", args=[world.p1.key]),
        {
            "side": world.side_a.municipality.key,
            "description": "Composting",
            "form": "transfer",
            "recognised": None,
            "implemented": False,
        },
    )
    assert response.status_code == 201, response.json()
    written = response.json()
    assert (written["recognised"], written["implemented"], written["intended"]) == (None, False, None)
    made = LearningOutcome.objects.get(partnership=world.p1, key=written["key"])
    assert (made.recognised, made.implemented, made.institutionalised) == (None, False, None)


def test_a_record_others_refer_to_is_not_deleted(world, api):
    response = api("admin").delete(reverse("api-municipality-detail", args=["haarlem"]))
    assert response.status_code == 409
    assert api("admin").delete(reverse("api-programme-detail", args=["logo-east"])).status_code == 409


def test_an_editor_deletes_its_sides_record(world, api):
    url = reverse("api-resource-detail", args=[world.p1.key, world.records[("resources", "A")].key])
    assert api("editor").delete(url).status_code == 204
    assert api("editor").get(url).status_code == 404
