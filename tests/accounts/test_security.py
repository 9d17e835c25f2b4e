"""CSRF on every form, user text escaped everywhere it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from mutuality.evidence.models import Code, Memo, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Objective,
    Partnership,
    Project,
    ResourceContribution,
    SupportProgramme,
)
from tests.accounts.conftest import World
from tests.accounts.test_authorization_matrix import CASES, NEW_PASSWORD, password_reset_link

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def test_every_form_refuses_a_post_without_its_csrf_token(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    posts = [case for case in CASES if case.method == "post"]
    assert len(posts) > 20
    accepted = []
    for case in posts:
        response = client.post(case.url(world), case.data(world))
        if response.status_code != 403:
            accepted.append(f"{case.id}: {response.status_code}")
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)


def test_the_new_password_form_of_a_reset_link_refuses_a_post_without_its_csrf_token(world: World):
    """The form behind a valid reset link (the matrix can only reach it without the session)."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(password_reset_link(world), follow=True)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    viewer = world.users["viewer"]
    assert client.post(form_url, NEW_PASSWORD).status_code == 403
    viewer.refresh_from_db()
    assert viewer.check_password("a-long-test-password")
    answer = client.post(form_url, {**NEW_PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert answer.status_code == 302
    viewer.refresh_from_db()
    assert viewer.check_password(NEW_PASSWORD["new_password1"])


def _text_fields(model: type[models.Model]) -> list[str]:
    """The free-text fields a user fills in (not keys, codes of a few letters or vocabulary choices)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and f.editable
        and not f.choices
        and f.name != "key"
        and (f.max_length is None or f.max_length >= len(SCRIPT))
    ]


def _memo(world: World, on: str) -> Memo:
    if on == "source":
        return Memo.objects.create(source=world.open_source, text="m", author=world.users["researcher"])
    return Memo.objects.create(code=world.code, text="m", author=world.users["researcher"])


def _partnership_pages(kind: str) -> Callable[[World, Any], list[str]]:
    return lambda w, r: [f"/partnerships/{w.p1.key}/", reverse("record-edit", args=[w.p1.key, kind, r.key])]


#: Each record kind shown on pages: the record to write into, and the pages that show it
#: (where it is listed or read first, its edit page last).
SHOWN: dict[str, tuple[type[models.Model], Callable[[World], Any], Callable[[World, Any], list[str]]]] = {
    "partnership": (
        Partnership,
        lambda w: w.p1,
        lambda w, r: ["/partnerships/", f"/partnerships/{r.key}/", reverse("partnership-edit", args=[r.key])],
    ),
    "municipality": (
        Municipality,
        lambda w: w.side_a.municipality,
        lambda w, r: [
            "/municipalities/",
            f"/partnerships/{w.p1.key}/",
            reverse("municipality-edit", args=[r.key]),
        ],
    ),
    "support programme": (
        SupportProgramme,
        lambda w: SupportProgramme.objects.get(key="logo-east"),
        lambda w, r: ["/programmes/", f"/partnerships/{w.p1.key}/", reverse("programme-edit", args=[r.key])],
    ),
    "actor": (Actor, lambda w: w.records[("actors", "A")], _partnership_pages("actors")),
    "objective": (Objective, lambda w: w.records[("objectives", "A")], _partnership_pages("objectives")),
    "project": (Project, lambda w: w.records[("projects", "A")], _partnership_pages("projects")),
    "exchange": (Exchange, lambda w: w.records[("exchanges", "A")], _partnership_pages("exchanges")),
    "learning outcome": (
        LearningOutcome,
        lambda w: w.records[("learning", "A")],
        _partnership_pages("learning"),
    ),
    "resource": (
        ResourceContribution,
        lambda w: w.records[("resources", "A")],
        _partnership_pages("resources"),
    ),
    "respondent": (
        Respondent,
        lambda w: w.respondent,
        lambda w, r: [
            "/respondents/",
            reverse("respondent-consent", args=[r.key]),
            reverse("respondent-edit", args=[r.key]),
        ],
    ),
    "respondent's real name": (
        RespondentIdentity,
        lambda w: RespondentIdentity.objects.create(respondent=w.respondent, real_name="A name"),
        lambda w, r: ["/respondents/", reverse("respondent-edit", args=[r.respondent.key])],
    ),
    "source": (
        Source,
        lambda w: w.open_source,
        lambda w, r: [
            "/sources/",
            f"/sources/{r.key}/",
            reverse("source-edit", args=[r.key]),
            reverse("source-names", args=[r.key]),
        ],
    ),
    "code": (
        Code,
        lambda w: Code.objects.create(name="Own code", description="Own"),
        lambda w, r: ["/codes/", reverse("code-passages", args=[r.pk]), reverse("code-edit", args=[r.pk])],
    ),
    "memo on a source": (
        Memo,
        lambda w: _memo(w, "source"),
        lambda w, r: [f"/sources/{w.open_source.key}/", "/search/?q=alert"],
    ),
    "memo on a code": (
        Memo,
        lambda w: _memo(w, "code"),
        lambda w, r: [reverse("code-passages", args=[w.code.pk]), "/search/?q=alert"],
    ),
}
#: Text fields no page shows (kept for the data format only).
NOT_SHOWN = {("respondent", "source"), ("source", "source")}


def _script(number: int) -> tuple[str, str]:
    """A script tag with a number (one per field), and how a page shows it escaped."""
    return (
        f"<script>alert('x{number}')</script>",
        f"&lt;script&gt;alert(&#x27;x{number}&#x27;)&lt;/script&gt;",
    )


@pytest.mark.parametrize("kind", SHOWN)
def test_script_in_every_text_field_of_every_record_kind_is_shown_as_text(world: World, kind: str):
    model, record_of, pages_of = SHOWN[kind]
    record = record_of(world)
    fields = [name for name in _text_fields(model) if (kind, name) not in NOT_SHOWN]
    assert fields
    for number, name in enumerate(fields):
        setattr(record, name, _script(number)[0])
    record.save()
    client = Client()
    client.force_login(world.users["admin"])
    pages = {}
    for path in pages_of(world, record):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
        assert "<script>alert(" not in pages[path], path
    for number, name in enumerate(fields):
        escaped = _script(number)[1]
        assert any(escaped in page for page in pages.values()), f"{kind}.{name} is shown on none of its pages"


def test_script_in_a_codings_memo_is_shown_as_text(world: World):
    world.coding.memo = SCRIPT
    world.coding.save()
    client = Client()
    client.force_login(world.users["researcher"])
    for path in (f"/sources/{world.open_source.key}/", "/search/?q=alert"):
        page = client.get(path).content.decode()
        assert SCRIPT not in page, path
        assert ESCAPED in page, path


def test_script_in_records_and_a_transcript_is_shown_as_text(world: World):
    actor: Actor = world.records[("actors", "A")]
    actor.name = SCRIPT
    actor.save()
    source = Source.objects.create(title=SCRIPT, kind="interview", confidential=False)
    source.partnerships.add(world.p1)
    add_version(source, f"Before {SCRIPT} after.", user=world.users["admin"])
    client = Client()
    client.force_login(world.users["admin"])
    for path in (
        f"/partnerships/{world.p1.key}/",
        f"/sources/{source.key}/",
        "/sources/",
        "/search/?q=alert",
        f"/partnerships/{world.p1.key}/report/",
        f"/partnerships/{world.p1.key}/report/?format=html",
    ):
        page = client.get(path).content.decode()
        assert SCRIPT not in page, path
        assert "&lt;script&gt;" in page, path


def test_an_uploaded_file_name_with_a_path_keeps_only_its_name(world: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mutuality.evidence.models import SourceVersion

    client = Client()
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile(
        "../../etc/passwd.txt", b"An interview about waste.", content_type="text/plain"
    )
    response = client.post(
        "/sources/new/",
        {
            "title": "Traversal",
            "kind": "interview",
            "partnerships": [world.p1.pk],
            "file": upload,
            "language": "en",
        },
    )
    assert response.status_code == 302
    version = SourceVersion.objects.get(source__title="Traversal")
    assert version.filename == "passwd.txt"


def test_an_oversized_upload_is_refused_and_nothing_is_saved(world: World):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["admin"])
    before = Source.objects.count()
    upload = SimpleUploadedFile("big.txt", b"a" * (20 * 1024 * 1024 + 1), content_type="text/plain")
    response = client.post(
        "/sources/new/",
        {"title": "Too big", "kind": "interview", "partnerships": [world.p1.pk], "file": upload},
    )
    assert response.status_code == 400
    assert "larger than 20 MB" in response.content.decode()
    assert Source.objects.count() == before
