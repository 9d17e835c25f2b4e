"""The spreadsheet pages: templates and exports to download, imports under the access rules."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mutuality.formats.spreadsheets import TABLES
from mutuality.jobs.models import ImportJob
from mutuality.partnerships.models import Actor, LearningOutcome
from tests.accounts.conftest import World, client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the shared cast

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, name: str, *args: str, **query: str):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, response.status_code
    return response


def workbook_of(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.fixture(autouse=True)
def imported_at_once(settings, tmp_path):
    """An uploaded file is imported in the request (django-tasks' immediate backend, no worker),
    waiting in a data folder of the test's own; tests/web/test_views_imports.py lets it wait."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path


def upload(client, workbook: openpyxl.Workbook, name: str = "edited.xlsx"):
    """The workbook sent from the import page, followed to the page of its job (done or failed)."""
    stream = io.BytesIO()
    workbook.save(stream)
    response = client.post(
        reverse("spreadsheet-import"),
        {"file": SimpleUploadedFile(name, stream.getvalue(), XLSX)},
        follow=True,
    )
    assert [url for url, _status in response.redirect_chain] == [f"/imports/{response.context['job'].pk}/"]
    return response


def imported(response) -> bool:
    """Whether the job whose page this is imported the file (else it lists the problems)."""
    return ImportJob.objects.get(pk=response.context["job"].pk).status == ImportJob.Status.DONE


def uploads_left() -> list[Path]:
    return list((Path(settings.DATA_DIR) / "imports").glob("*/*"))


def cell(sheet, key: str, column: str):
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=3):
        if row[header.index("key")].value == key:
            return row[header.index(column)]
    raise AssertionError(key)


def keys(sheet) -> set[str]:
    header = [c.value for c in sheet[1]]
    return {row[header.index("key")].value for row in sheet.iter_rows(min_row=3)}


def test_the_page_offers_templates_and_exports_and_the_import_to_those_who_may_add_records(world: World):
    page = client_for(world, "viewer").get(reverse("spreadsheets"))
    assert page.status_code == 200
    assert reverse("spreadsheet-template", args=["xlsx"]).encode() in page.content
    assert reverse("spreadsheet-import").encode() not in page.content
    page = client_for(world, "editor").get(reverse("spreadsheets"))
    assert reverse("spreadsheet-import").encode() in page.content


def test_the_templates_hold_every_table(world: World):
    client = client_for(world, "viewer")
    response = download(client, "spreadsheet-template", "xlsx")
    assert response["Content-Type"] == XLSX
    assert workbook_of(response).sheetnames == [table.name for table in TABLES] + ["vocabulary"]
    text = download(client, "spreadsheet-template-csv", "learning_outcomes").content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(next(t for t in TABLES if t.name == "learning_outcomes").columns)
    assert text.splitlines()[1].startswith("#")
    assert client.get(reverse("spreadsheet-template-csv", args=["passwords"])).status_code == 404
    assert client.get(reverse("spreadsheet-template", args=["exe"])).status_code == 404


def test_an_export_holds_only_the_partnerships_the_user_may_read(world: World):
    viewer = workbook_of(download(client_for(world, "viewer"), "spreadsheet-export", "xlsx"))
    assert keys(viewer["partnerships"]) == {world.p1.key}
    assert {c.value for c in viewer["actors"]["A"][2:]} == {world.p1.key}
    outsider = workbook_of(download(client_for(world, "outsider"), "spreadsheet-export", "xlsx"))
    assert keys(outsider["partnerships"]) == {world.p2.key}
    assert not keys(outsider["actors"])
    csv_text = download(client_for(world, "outsider"), "spreadsheet-export-csv", "actors").content.decode(
        "utf-8-sig"
    )
    assert world.p1.key not in csv_text
    one = client_for(world, "viewer").get(
        reverse("spreadsheet-export", args=["xlsx"]), {"partnership": world.p2.key}
    )
    assert one.status_code == 404


def test_an_administrator_imports_an_edited_export(world: World):
    client = client_for(world, "admin")
    workbook = workbook_of(download(client, "spreadsheet-export", "xlsx", partnership=world.p1.key))
    actor = world.records[("actors", "B")]
    cell(workbook["actors"], actor.key, "name").value = "Gemeente Haarlem"
    response = upload(client, workbook)
    assert imported(response), response.content.decode()
    assert "Imported: actors: 0 new, 1 updated." in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).name == "Gemeente Haarlem"


def test_every_problem_is_listed_with_sheet_row_and_column_and_nothing_is_written(world: World):
    client = client_for(world, "admin")
    workbook = workbook_of(download(client, "spreadsheet-export", "xlsx"))
    actors = workbook["actors"]
    first = cell(actors, world.records[("actors", "A")].key, "name")
    first.value = "Renamed"
    wrong = cell(actors, world.records[("actors", "B")].key, "type")
    wrong.value = "alderman"
    response = upload(client, workbook)
    assert not imported(response)
    page = response.content.decode()
    assert "1 problem found; nothing was imported" in page
    assert f'<td>actors</td><td class="number">{wrong.row}</td>' in page
    assert f"{wrong.column_letter} (type)" in page and "unknown actor_type &#x27;alderman&#x27;" in page
    assert Actor.objects.get(pk=world.records[("actors", "A")].pk).name == "Actor A"
    assert uploads_left() == []


def test_a_partner_editor_changes_their_sides_records_and_not_the_other_sides(world: World):
    client = client_for(world, "editor")
    workbook = workbook_of(download(client, "spreadsheet-export", "xlsx"))
    own, other = world.records[("actors", "A")], world.records[("actors", "B")]
    cell(workbook["actors"], own.key, "name").value = "Belediye"
    response = upload(client, workbook)
    assert imported(response), response.content.decode()
    assert Actor.objects.get(pk=own.pk).name == "Belediye"

    cell(workbook["actors"], own.key, "name").value = "Belediye Emirdağ"
    changed = cell(workbook["actors"], other.key, "description")
    changed.value = "Edited by the other side"
    response = upload(client, workbook)
    assert not imported(response)
    page = response.content.decode()
    assert f'<td>actors</td><td class="number">{changed.row}</td>' in page
    assert "you may not change this record" in page
    assert Actor.objects.get(pk=own.pk).name == "Belediye"
    assert Actor.objects.get(pk=other.pk).description == ""


def test_a_partner_editor_may_not_add_records_for_the_other_side_or_change_the_partnership(world: World):
    client = client_for(world, "editor")
    workbook = workbook_of(download(client, "spreadsheet-export", "xlsx"))
    actors = workbook["actors"]
    row = actors.max_row + 1
    for column, value in zip(
        [c.value for c in actors[1]][:6],
        [world.p1.key, "new-actor", "haarlem", "Alderman", "individual", "mayor"],
        strict=True,
    ):
        actors.cell(row=row, column=[c.value for c in actors[1]].index(column) + 1, value=value)
    partnerships = workbook["partnerships"]
    cell(partnerships, world.p1.key, "description").value = "Rewritten"
    response = upload(client, workbook)
    assert not imported(response)
    page = response.content.decode()
    assert "you may record this only for your own side" in page
    assert "only an administrator may add or change partnerships" in page
    assert not Actor.objects.filter(key="new-actor").exists()


def test_a_contributor_adds_a_learning_outcome_for_their_side_and_it_is_theirs(world: World):
    client = client_for(world, "contributor")
    workbook = workbook_of(download(client, "spreadsheet-template", "xlsx"))
    sheet = workbook["learning_outcomes"]
    header = [c.value for c in sheet[1]]
    values = {
        "partnership": world.p1.key,
        "key": "compost",
        "side": "emirdag",
        "description": "Compost",
        "form": "transfer",
    }
    for name, value in values.items():
        sheet.cell(row=3, column=header.index(name) + 1, value=value)
    response = upload(client, workbook)
    assert imported(response), response.content.decode()
    added = LearningOutcome.objects.get(key="compost")
    assert added.created_by == world.users["contributor"]


def test_an_upload_that_is_not_a_spreadsheet_is_refused(world: World):
    client = client_for(world, "admin")
    response = client.post(
        reverse("spreadsheet-import"),
        {"file": SimpleUploadedFile("notes.txt", b"hello", "text/plain")},
        follow=True,
    )
    assert not imported(response)
    assert "not a spreadsheet" in response.content.decode()
