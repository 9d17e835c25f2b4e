"""The API grants exactly the web app's rights, through Access, with tokens."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mutuality.api.models import ApiToken
from mutuality.evidence.models import RespondentIdentity
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Actor, Objective


def objective_url(world, where):
    return reverse("api-objective-detail", args=[world.p1.key, world.records[("objectives", where)].key])


def test_a_viewer_cannot_write(world, api):
    viewer = api("viewer")
    actors = reverse("api-actor-list", args=[world.p1.key])
    made = {"side": world.side_a.municipality.key, "name": "New", "type": "local_government"}
    assert viewer.get(actors).status_code == 200
    assert viewer.post(actors, made).status_code == 403
    assert viewer.patch(objective_url(world, "A"), {"wording": "changed"}).status_code == 403
    assert viewer.delete(objective_url(world, "A")).status_code == 403
    assert (
        viewer.post(reverse("api-municipality-list"), {"key": "x", "name": "X", "country": "NL"}).status_code
        == 403
    )
    assert not Actor.objects.filter(name="New").exists()
    assert Objective.objects.get(pk=world.records[("objectives", "A")].pk).wording == ""


def test_an_editor_of_side_a_changes_side_a_but_not_side_b(world, api):
    editor = api("editor")
    assert editor.patch(objective_url(world, "B"), {"wording": "ours now"}).status_code == 403
    assert editor.delete(objective_url(world, "B")).status_code == 403
    response = editor.patch(objective_url(world, "A"), {"wording": "to learn", "clearly_formulated": True})
    assert response.status_code == 200, response.json()
    assert response.json()["wording"] == "to learn"
    assert Objective.objects.get(pk=world.records[("objectives", "B")].pk).wording == ""


def test_an_editor_cannot_add_to_or_move_a_record_to_the_other_side(world, api):
    editor = api("editor")
    objectives = reverse("api-objective-list", args=[world.p1.key])
    other = {"side": world.side_b.municipality.key, "type": "international_norms"}
    assert editor.post(objectives, other).status_code == 403
    assert editor.patch(objective_url(world, "A"), {"side": world.side_b.municipality.key}).status_code == 403
    own = editor.post(objectives, {**other, "side": world.side_a.municipality.key})
    assert own.status_code == 201, own.json()


def test_a_contributor_changes_only_what_it_recorded(world, api):
    contributor = api("contributor")
    own = reverse("api-learning-outcome-detail", args=[world.p1.key, world.records[("learning", "A")].key])
    assert contributor.patch(own, {"implemented": True}).status_code == 200
    made = contributor.post(
        reverse("api-learning-outcome-list", args=[world.p1.key]),
        {"side": world.side_a.municipality.key, "description": "How to sort waste", "form": "transfer"},
    )
    assert made.status_code == 201, made.json()
    assert contributor.post(reverse("api-actor-list", args=[world.p1.key]), {}).status_code == 403
    exchange = reverse("api-exchange-detail", args=[world.p1.key, world.records[("exchanges", "A")].key])
    assert contributor.patch(exchange, {"title": "Mine"}).status_code == 403


def test_a_user_sees_only_the_records_of_their_partnerships(world, api):
    outsider = api("outsider")
    listed = outsider.get(reverse("api-partnership-list")).json()
    assert [p["key"] for p in listed["results"]] == [world.p2.key]
    assert outsider.get(reverse("api-partnership-detail", args=[world.p1.key])).status_code == 404
    assert outsider.get(reverse("api-actor-list", args=[world.p1.key])).status_code == 404
    assert outsider.get(reverse("api-coding-list")).json()["count"] == 0
    sources = {s["key"] for s in outsider.get(reverse("api-source-list")).json()["results"]}
    assert sources == {world.other_source.key}


def test_a_confidential_source_is_not_listed_for_a_viewer(world, api):
    viewer = {s["key"] for s in api("viewer").get(reverse("api-source-list")).json()["results"]}
    assert world.open_source.key in viewer and world.confidential_source.key not in viewer
    assert (
        api("viewer").get(reverse("api-source-detail", args=[world.confidential_source.key])).status_code
        == 404
    )
    researcher = {s["key"] for s in api("researcher").get(reverse("api-source-list")).json()["results"]}
    assert {world.open_source.key, world.confidential_source.key} <= researcher


def test_texts_are_pseudonymised_unless_an_administrator_asks_for_names(world, api):
    RespondentIdentity.objects.create(respondent=world.respondent, real_name="Ayşe Yılmaz")
    add_version(world.open_source, "Ayşe Yılmaz spoke about waste.", user=world.users["admin"])
    url = reverse("api-source-detail", args=[world.open_source.key])
    assert api("viewer").get(url).json()["text"] == "R1 spoke about waste."
    assert api("researcher").get(url, with_names=1).json()["text"] == "R1 spoke about waste."
    assert api("admin").get(url).json()["text"] == "R1 spoke about waste."
    assert api("admin").get(url, with_names=1).json()["text"] == "Ayşe Yılmaz spoke about waste."


def test_without_a_valid_token_the_api_answers_401(world, api):
    assert api("anonymous").get(reverse("api-partnership-list")).status_code == 401
    client = Client()
    response = client.get(reverse("api-partnership-list"), HTTP_AUTHORIZATION="Bearer mut_not-a-token")
    assert response.status_code == 401
    token, secret = ApiToken.issue(world.users["viewer"])
    world.users["viewer"].is_active = False
    world.users["viewer"].save()
    assert (
        client.get(reverse("api-partnership-list"), HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401
    )


def test_only_a_hash_of_the_token_is_stored(world):
    token, secret = ApiToken.issue(world.users["viewer"], "script")
    assert secret not in (token.digest, token.hint) and secret.startswith(token.hint)


def test_the_browser_session_works_with_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    url = reverse("api-municipality-list")
    made = {"key": "berkane", "name": "Berkane", "country": "MA"}
    assert client.get(url).status_code == 200
    assert client.post(url, made, content_type="application/json").status_code == 403
    client.get(reverse("partnerships"))
    csrf = client.cookies["csrftoken"].value
    response = client.post(url, made, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content


def test_the_command_makes_a_token_that_works(data_folder):
    """Runs the command line three times (about a second each: a new process sets Django up)."""
    from tests.commandline import mutuality

    assert (
        mutuality(
            data_folder, "createsuperuser", "--username", "alice", "--password", "a-long-test-password"
        ).returncode
        == 0
    )
    made = mutuality(data_folder, "api-token", "alice", "--name", "notebook")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().startswith("mut_") and "Bearer" in made.stderr
    assert mutuality(data_folder, "api-token", "nobody").returncode == 1
