"""History: web edits, loader runs and deletes are recorded with who, how and the previous values."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from typer.testing import CliRunner

from mutuality.casestudies import load_case_studies
from mutuality.cli import app
from mutuality.evidence.models import Respondent, RespondentIdentity, Source
from mutuality.formats.history_log import write_history_csv
from mutuality.history.models import Change
from mutuality.partnerships.models import Actor, Partnership
from tests.accounts.conftest import client_for


def changes_of(record):
    return Change.objects.filter(model=record._meta.label_lower, object_id=str(record.pk)).order_by("id")


def test_a_web_edit_records_the_user_and_the_previous_values(world):
    actor = world.records[("actors", "A")]
    client = client_for(world, "editor")
    form = client.get(reverse("record-edit", args=[world.p1.key, "actors", actor.key]))
    data = {
        name: value
        for name, value in form.context["form"].initial.items()
        if value is not None and name != "roles"
    }
    data.update(
        name="Renamed actor",
        side=actor.side_id,
        type=actor.type,
        base_fingerprint=form.context["form"]["base_fingerprint"].value(),
    )
    response = client.post(reverse("record-edit", args=[world.p1.key, "actors", actor.key]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = changes_of(actor).last()
    assert change.action == "changed"
    assert change.via == "web"
    assert change.user == world.users["editor"] and change.username == "editor"
    assert change.changes["name"] == ["Actor A", "Renamed actor"]


def test_a_delete_is_recorded_with_the_last_values(world):
    actor = world.records[("actors", "B")]
    pk = actor.pk
    response = client_for(world, "admin").post(
        reverse("record-delete", args=[world.p1.key, "actors", actor.key])
    )
    assert response.status_code == 302
    change = Change.objects.get(model="partnerships.actor", object_id=str(pk), action="deleted")
    assert change.changes["name"] == ["Actor B", None]
    assert change.username == "admin"
    assert change.parent_model == "partnerships.partnership" and change.parent_id == str(world.p1.pk)


def test_a_loader_run_is_recorded_as_the_command_line(db):
    """Loads the case studies for real twice (2–4 s each): the history of a real load is what it checks."""
    load_case_studies()
    partnership = Partnership.objects.first()
    created = changes_of(partnership).get()
    assert created.action == "created" and created.via == "command" and created.user is None
    assert created.changes["name"] == [None, partnership.name]
    assert Change.objects.filter(model="evidence.coding", action="created").count() > 100
    assert Change.objects.filter(model="evidence.sourceversion").exists()
    # A second load of unchanged files adds no change to unchanged records.
    load_case_studies()
    assert changes_of(partnership).count() == 1


def test_history_keeps_no_real_name(world):
    respondent = world.respondent
    RespondentIdentity.objects.create(respondent=respondent, real_name="Fatima Zahra")
    source = world.open_source
    source.names_to_hide = "Jan Jansen"
    source.save()
    source.title = "Interview with Fatima Zahra and Jan Jansen"
    source.save()
    stored = "".join(str(c.changes) + c.object_repr for c in Change.objects.all())
    assert "Fatima" not in stored and "Jansen" not in stored
    identity = Change.objects.get(model="evidence.respondentidentity")
    assert identity.changes["real_name"] == [None, "[hidden]"]
    assert changes_of(source).last().changes["title"][1] == "Interview with [name] and [name]"


def test_the_history_page_shows_a_records_changes_to_whoever_may_read_it(world):
    actor = world.records[("actors", "A")]
    actor.name = "Changed on the command line"
    actor.save()
    url = reverse("record-history", args=["partnerships.actor", actor.pk])
    page = client_for(world, "viewer").get(url)
    assert page.status_code == 200
    assert "Changed on the command line" in page.content.decode()
    assert client_for(world, "outsider").get(url).status_code == 403
    assert client_for(world, "anonymous").get(url).status_code == 302


def test_the_source_history_page_is_refused_to_who_cannot_read_the_source(world):
    url = reverse("record-history", args=["evidence.source", world.confidential_source.pk])
    assert client_for(world, "researcher").get(url).status_code == 200
    for role in ("viewer", "coder", "editor", "outsider"):
        assert client_for(world, role).get(url).status_code == 403, role
    # The open source's page also shows its versions and codings.
    page = client_for(world, "coder").get(
        reverse("record-history", args=["evidence.source", world.open_source.pk])
    )
    assert "coding" in page.content.decode()


def test_a_deleted_records_history_is_for_administrators(world):
    actor = world.records[("actors", "A")]
    pk = actor.pk
    actor.delete()
    url = reverse("record-history", args=["partnerships.actor", pk])
    assert client_for(world, "editor").get(url).status_code == 403
    assert client_for(world, "admin").get(url).status_code == 200


def test_history_exports_as_csv(world):
    Actor.objects.filter(pk=world.records[("actors", "A")].pk).first().delete()
    stream = io.StringIO()
    count = write_history_csv(stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert count == len(rows) == Change.objects.count()
    deleted = [row for row in rows if row["action"] == "deleted" and row["model"] == "partnerships.actor"]
    assert deleted and '"Actor A"' in deleted[0]["changes"]
    download = client_for(world, "admin").get(reverse("history-csv"))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert client_for(world, "researcher").get(reverse("history-csv")).status_code == 403


def test_the_export_history_command_writes_csv(db, tmp_path):
    respondent = Respondent.objects.create(key="r-9", label="R9", role="mayor")
    respondent.role = "former mayor"
    respondent.save()
    target = tmp_path / "history.csv"
    result = CliRunner().invoke(app, ["export-history", "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows = [
        row for row in csv.DictReader(target.open(encoding="utf-8")) if row["model"] == "evidence.respondent"
    ]
    assert [row["action"] for row in rows] == ["created", "changed"]
    assert '"mayor", "former mayor"' in rows[1]["changes"]


def test_m2m_changes_are_recorded(world):
    source = Source.objects.create(title="New", kind="interview")
    source.partnerships.add(world.p1)
    change = changes_of(source).last()
    assert change.changes == {"partnerships": [[], [world.p1.pk]]}
