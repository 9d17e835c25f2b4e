"""CSRF on every form, user text escaped everywhere it is shown."""

from __future__ import annotations

from django.test import Client

from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Actor
from tests.accounts.conftest import World
from tests.accounts.test_authorization_matrix import CASES

SCRIPT = "<script>alert('x')</script>"


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
    upload = SimpleUploadedFile("../../etc/passwd.txt", b"An interview about waste.", content_type="text/plain")
    response = client.post(
        "/sources/new/",
        {"title": "Traversal", "kind": "interview", "partnerships": [world.p1.pk], "file": upload, "language": "en"},
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
        "/sources/new/", {"title": "Too big", "kind": "interview", "partnerships": [world.p1.pk], "file": upload}
    )
    assert response.status_code == 400
    assert "larger than 20 MB" in response.content.decode()
    assert Source.objects.count() == before
