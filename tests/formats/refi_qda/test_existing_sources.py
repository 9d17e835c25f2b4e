"""A project whose sources are here already adds its codings to them, once, or nothing at all."""

from __future__ import annotations

import pytest

from mutuality.evidence.models import Coding, Memo, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.refi_qda.importing import import_file
from mutuality.formats.refi_qda.package import QdaImportError
from mutuality.history.models import Change
from mutuality.partnerships.models import Partnership
from mutuality.qdaexchange.models import QdaImport
from tests.formats.refi_qda.conftest import make_qdpx, sample

TEXT = "We learned from each other. Trust grew over ten years."
TRUST = "{0F8A1907-7E42-4739-8610-A676B4D1B69F}"
LEARNING = "{1F8A1907-7E42-4739-8610-A676B4D1B69F}"


def project(*codings: tuple[str, str, str], text_guid: str = "11111111-2222-3333-4444-555555555555") -> bytes:
    """A project of one source, :data:`TEXT`, with a coding of each (code guid, selection guid, words)."""
    selections = "".join(
        f'<PlainTextSelection guid="{selection}" startPosition="{TEXT.index(words)}" '
        f'endPosition="{TEXT.index(words) + len(words)}">'
        f'<Coding guid="{selection[:-4]}9999"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        for code, selection, words in codings
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="again">'
        "<CodeBook><Codes>"
        f'<Code guid="{TRUST}" name="Trust" isCodable="true"/>'
        f'<Code guid="{LEARNING}" name="Learning" isCodable="true"/>'
        "</Codes></CodeBook>"
        f'<Sources><TextSource guid="{text_guid}" name="Interview" plainTextPath="internal://t.txt">'
        f"{selections}</TextSource></Sources></Project>"
    )
    return make_qdpx({"project.qde": qde, "sources/t.txt": TEXT})


TRUST_GREW = (TRUST, "AAAAAAAA-2222-3333-4444-555555550001", "Trust grew")
LEARNED = (LEARNING, "AAAAAAAA-2222-3333-4444-555555550002", "We learned from each other")


@pytest.fixture
def zeist(partnerships) -> Partnership:
    return Partnership.objects.get(key="zeist-berkane")


def test_a_project_imported_again_with_a_new_coding_adds_just_that_coding(zeist):
    import_file(project(TRUST_GREW), "first.qdpx", partnership=zeist)
    source = Source.objects.get()
    changes = Change.objects.filter(model="evidence.coding").count()
    report = import_file(project(TRUST_GREW, LEARNED), "second.qdpx", partnership=zeist)
    assert Source.objects.get() == source and source.versions.count() == 1
    assert sorted(c.quote for c in Coding.objects.all()) == ["Trust grew", "We learned from each other"]
    assert report.imported["sources"] == 0
    assert report.imported["codings"] == 1 and report.imported["codings_already_there"] == 1
    assert report.existing == [
        f"Source 'Interview' is already here as {source.key}: 1 coding added, 1 already there."
    ]
    assert "Added to sources already here:" in str(report)
    # The history has the added coding, as for any imported coding.
    assert Change.objects.filter(model="evidence.coding").count() == changes + 1


def test_a_source_made_here_with_the_same_text_gets_the_codings(zeist):
    source = Source.objects.create(key="interview-made-here", title="Made here")
    source.partnerships.add(zeist)
    add_version(source, TEXT)
    report = import_file(project(TRUST_GREW), "theirs.qdpx", partnership=zeist)
    assert Source.objects.get() == source and source.title == "Made here"
    coding = Coding.objects.get()
    assert (coding.version, coding.quote) == (source.current, "Trust grew")
    assert "already here as interview-made-here" in report.existing[0]
    # The next import finds it by the file's GUID, and adds nothing.
    again = import_file(project(TRUST_GREW), "theirs.qdpx", partnership=zeist)
    assert again.imported["codings"] == 0 and again.imported["codings_already_there"] == 1


def test_a_source_of_another_project_with_the_same_text_is_the_same_source(zeist):
    import_file(project(TRUST_GREW), "one.qdpx", partnership=zeist)
    import_file(
        project(TRUST_GREW, text_guid="99999999-2222-3333-4444-555555555555"), "other.qdpx", partnership=zeist
    )
    # The second file's source has the first one's text: its coding is there already.
    assert Source.objects.count() == 1 and Coding.objects.count() == 1


def test_a_coding_whose_words_are_not_the_stored_words_refuses_the_whole_import(zeist):
    import_file(project(TRUST_GREW), "first.qdpx", partnership=zeist)
    source = Source.objects.get()
    add_version(source, "We learned a lot. Trust grew over ten years.")  # the text changed here
    codings, memos, imports = Coding.objects.count(), Memo.objects.count(), QdaImport.objects.count()
    with pytest.raises(QdaImportError) as raised:
        import_file(project(TRUST_GREW, LEARNED), "second.qdpx", partnership=zeist)
    message = str(raised.value)
    assert "second.qdpx" in message and "TextSource 'Interview'" in message
    assert "28–38" in message and "'Trust grew'" in message
    assert "0–26" in message and "'We learned from each other'" in message
    assert (Coding.objects.count(), Memo.objects.count(), QdaImport.objects.count()) == (
        codings,
        memos,
        imports,
    )


def test_qc_demo_imported_again_after_codings_were_removed_adds_just_those(zeist):
    """A real project of 205 codings imported twice, each coding's words checked (about 2.5 s)."""
    data = sample("qc-demo.qdpx")
    import_file(data, "qc-demo.qdpx", partnership=zeist)
    removed = list(Coding.objects.order_by("pk").values_list("version_id", "start", "end", "code_id")[:5])
    Coding.objects.filter(pk__in=Coding.objects.order_by("pk").values("pk")[:5]).delete()
    report = import_file(data, "qc-demo.qdpx", partnership=zeist)
    assert Source.objects.count() == 2 and Coding.objects.count() == 205
    assert report.imported["codings"] == 5 and report.imported["codings_already_there"] == 200
    added = Coding.objects.order_by("-pk").values_list("version_id", "start", "end", "code_id")[:5]
    assert sorted(added) == sorted(removed)


def test_codings_for_a_source_the_researcher_may_not_code_refuse_the_whole_upload(
    partnerships, settings, tmp_path
):
    """On the web the worker imports as the uploader: codings onto another partnership's source are
    refused, and nothing is added; onto a source of their own partnership they go."""
    from django.contrib.auth import get_user_model

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.formats import tasks
    from mutuality.jobs.models import ImportJob

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.DATA_DIR = tmp_path
    user = get_user_model().objects.create_user("researcher", password="a-long-test-password")
    zeist = Partnership.objects.get(key="zeist-berkane")
    Membership.objects.create(user=user, partnership=zeist, role=Role.RESEARCHER)
    elsewhere = Source.objects.create(key="gouda-interview", title="Gouda")
    elsewhere.partnerships.add(Partnership.objects.get(key="gouda-imzourene"))
    add_version(elsewhere, TEXT)

    job = tasks.start(user, ImportJob.Kind.REFI_QDA, project(TRUST_GREW), "p.qdpx", partnership=zeist.key)
    tasks.import_upload.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and "you may not code" in job.error
    assert not Coding.objects.exists() and not QdaImport.objects.exists()

    elsewhere.partnerships.set([zeist])
    job = tasks.start(user, ImportJob.Kind.REFI_QDA, project(TRUST_GREW), "p.qdpx", partnership=zeist.key)
    tasks.import_upload.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert [c.quote for c in Coding.objects.all()] == ["Trust grew"]
