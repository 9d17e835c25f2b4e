"""`mutuality backup` and `mutuality restore`: a snapshot of everything, restored into an empty
database of either engine, with hostile files refused and nothing written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.analysis.folding import fold_text
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source, SourceVersion
from mutuality.formats import guard
from mutuality.formats.backup import (
    MANIFEST,
    RestoreError,
    backup_models,
    member_name,
    restore_backup,
    write_backup,
)
from mutuality.formats.data_export import export_json
from mutuality.formats.evidence_data import export_evidence
from mutuality.partnerships.models import Exchange, Partnership
from mutuality.qdaexchange.models import Attachment, QdaImport
from mutuality.reports.models import ReportJob
from mutuality.reports.tasks import ReportSpec, ask

ON_POSTGRES = connection.vendor == "postgresql"


def exports() -> tuple[str, str, str]:
    """What `mutuality export`, `export --evidence` and `export --evidence --with-names` print."""
    evidence = [
        json.dumps(export_evidence(with_names=names), ensure_ascii=False, indent=2) for names in (False, True)
    ]
    return (export_json(), *evidence)


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backup_models()}


def empty_database() -> None:
    """What a new database holds after `mutuality migrate`."""
    if ON_POSTGRES:  # inside the test's transaction: TRUNCATE wants no pending foreign-key checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if ON_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def programme(case_studies: None) -> dict[str, object]:
    """The case studies plus a researcher, a session's worth of accounts and a REFI-QDA attachment."""
    return add_programme()


def add_programme() -> dict[str, object]:
    user = get_user_model().objects.create_user("rana", password="a-long-test-password", first_name="Rana")
    for partnership in Partnership.objects.all():
        Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    qda = QdaImport.objects.create(filename="project.qdpx", imported_by=user, report={"read": 3})
    pdf = bytes(range(256)) * 40 + b"%PDF-\x00\xff"
    Attachment.objects.create(
        qda_import=qda, guid=str(uuid.uuid4()), kind="pdf", name="scan.pdf", data=pdf, size=len(pdf)
    )
    return {"user": user, "pdf": pdf}


def test_a_restored_backup_exports_exactly_what_was_backed_up(programme, tmp_path):
    """Exports the case studies three ways twice, and backs up, empties and restores the whole database."""
    before, counts = exports(), row_counts()
    summary = write_backup(tmp_path / "backup.zip")
    assert summary.counts == counts
    assert oct((tmp_path / "backup.zip").stat().st_mode & 0o777) == "0o600"

    empty_database()
    assert not Partnership.objects.exists()
    restored = restore_backup(tmp_path / "backup.zip")

    assert exports() == before
    assert row_counts() == counts == restored.counts
    assert bytes(Attachment.objects.get().data) == programme["pdf"]
    user = get_user_model().objects.get(username="rana")
    assert user.pk == programme["user"].pk and user.check_password("a-long-test-password")
    assert user.memberships.count() == Partnership.objects.count()


def test_new_rows_take_ids_after_the_restored_ones(programme, tmp_path):
    """Writes and restores a backup of a generated programme (about 2 s)."""
    write_backup(tmp_path / "backup.zip")
    highest = Coding.objects.order_by("-pk").first().pk
    empty_database()
    restore_backup(tmp_path / "backup.zip")
    coding = Coding.objects.first()
    coding.pk = None
    coding.save()
    assert coding.pk > highest


def test_the_manifest_counts_every_kind_of_record(programme, tmp_path):
    write_backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = set(archive.namelist())
    assert manifest["format"] == "mutuality-backup/1"
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["evidence.coding"] == Coding.objects.count() > 0
    assert manifest["counts"]["qdaexchange.attachment"] == 1
    assert names == {MANIFEST} | {member_name(label) for label in manifest["counts"]}


def test_restore_refuses_a_database_that_holds_data(programme, tmp_path):
    write_backup(tmp_path / "backup.zip")
    counts = row_counts()
    with pytest.raises(RestoreError, match="not empty"):
        restore_backup(tmp_path / "backup.zip")
    assert row_counts() == counts


# --- reports made in the background: made again when asked for, not backed up ---------------------


def test_a_backup_after_reports_were_made_holds_no_job_and_restores(programme, settings, tmp_path):
    """Makes one partnership's Markdown report in the request and queues another (about 2 s)."""
    from django_tasks_db.models import DBTaskResult

    settings.DATA_DIR = tmp_path / "data"
    user = programme["user"]
    waiting = ask(user, ReportSpec(ReportJob.Kind.PARTNERSHIP, ("zeist-berkane",), "md"))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    made = ask(user, ReportSpec(ReportJob.Kind.PARTNERSHIP, ("zeist-berkane",), "html"))
    assert waiting.status == "queued" and DBTaskResult.objects.count() == 1
    assert made.status == "done" and made.path.exists()
    before, counts = exports(), row_counts()

    summary = write_backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = set(archive.namelist())
    for label in ("reports.reportjob", "django_tasks_database.dbtaskresult"):
        assert label not in manifest["counts"] and member_name(label) not in names
    assert names == {MANIFEST} | {member_name(label) for label in manifest["counts"]}  # no made file

    empty_database()
    restored = restore_backup(tmp_path / "backup.zip")
    assert not ReportJob.objects.exists() and not DBTaskResult.objects.exists()
    assert exports() == before and row_counts() == counts == summary.counts == restored.counts


def test_an_older_backup_with_report_jobs_restores_without_them(good_backup, tmp_path):
    """Restores the programme's backup once (about 2 s)."""
    job = {
        "model": "reports.reportjob",
        "pk": str(uuid.uuid4()),
        "fields": {"user": 1, "kind": "programme", "format": "pdf", "status": "done"},
    }

    def with_a_job(members):
        members[member_name("reports.reportjob")] = json.dumps([job]).encode()
        return with_manifest(lambda manifest: manifest["counts"].update({"reports.reportjob": 1}))(members)

    older = rewrite(good_backup, tmp_path / "older.zip", with_a_job)
    restore_backup(older)
    assert Partnership.objects.exists() and not ReportJob.objects.exists()


def test_a_backup_from_before_folded_texts_restores_with_its_texts_folded(good_backup, tmp_path):
    """Restores the programme's backup once (about 2 s): rows saved raw, past ``save()``, are folded
    all the same, so search finds what an older backup holds."""

    def without_folded(field):
        def edit(data):
            rows = json.loads(data)
            for row in rows:
                del row["fields"][field]
            return json.dumps(rows).encode()

        return edit

    def older(members):
        members = with_member("evidence.sourceversion", without_folded("folded_text"))(members)
        members = with_member("evidence.coding", without_folded("folded_quote"))(members)
        return with_manifest(lambda manifest: manifest["migrations"]["evidence"].remove("0009_folded_texts"))(
            members
        )

    restore_backup(rewrite(good_backup, tmp_path / "older.zip", older))
    versions = SourceVersion.objects.all()
    assert versions and all(v.folded_text == fold_text(v.text) for v in versions)
    assert all(c.folded_quote == fold_text(c.quote) for c in Coding.objects.all())


# --- hostile and damaged files ------------------------------------------------------------------


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of a backup with its members changed by ``change(members) -> members``."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members = change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def with_manifest(edit):
    def change(members):
        manifest = json.loads(members[MANIFEST])
        edit(manifest)
        members[MANIFEST] = json.dumps(manifest).encode()
        return members

    return change


def with_member(label, edit):
    def change(members):
        members[member_name(label)] = edit(members[member_name(label)])
        return members

    return change


def codings_as(label):
    def edit(data):
        rows = json.loads(data)
        for row in rows:
            row["model"] = label
        return json.dumps(rows).encode()

    return edit


def first_coding(data, **fields):
    rows = json.loads(data)
    rows[0]["fields"].update(fields)
    return json.dumps(rows).encode()


DAMAGE = {
    "no manifest": lambda m: {k: v for k, v in m.items() if k != MANIFEST},
    "a path outside": lambda m: {**m, "../../etc/passwd": b"x"},
    "an extra member": lambda m: {**m, "data/notes.txt": b"hello"},
    "a missing member": lambda m: {k: v for k, v in m.items() if k != member_name("evidence.coding")},
    "another format": with_manifest(lambda man: man.update(format="something-else/9")),
    "an unknown model": with_manifest(lambda man: man["counts"].update({"evil.model": 0})),
    "a newer migration": with_manifest(
        lambda man: man["migrations"]["evidence"].append("9999_from_the_future")
    ),
    "a wrong count": with_manifest(lambda man: man["counts"].update({"evidence.coding": 1})),
    "a negative count": with_manifest(lambda man: man["counts"].update({"evidence.source": -1})),
    "broken JSON": with_member("evidence.coding", lambda data: data[: len(data) // 2]),
    "NaN in JSON": with_member(
        "evidence.coding", lambda data: data.replace(b'"start": ', b'"start": NaN, "x": ', 1)
    ),
    "not a list": with_member("evidence.coding", lambda data: b'{"model": "evidence.coding"}'),
    "a record of another kind": with_member("evidence.coding", codings_as("auth.user")),
    "an unknown field": with_member(
        "evidence.coding", lambda data: data.replace(b'"fields": {', b'"fields": {"evil": 1, ', 1)
    ),
    "a dangling reference": with_member(
        "evidence.coding", lambda data: first_coding(data, version=987654321)
    ),
    "a duplicate id": with_member(
        "evidence.coding", lambda data: json.dumps(json.loads(data) + json.loads(data)[:1]).encode()
    ),
}


@pytest.fixture(scope="module")
def good_backup_file(django_db_setup, django_db_blocker, case_study_rows, tmp_path_factory) -> Path:
    """A backup of the programme, written once for the damaged copies below (2 s each time before)."""
    with django_db_blocker.unblock(), transaction.atomic():
        case_study_rows.restore()
        add_programme()
        path = write_backup(tmp_path_factory.mktemp("backup") / "good.zip").path
        transaction.set_rollback(True)
    return path


@pytest.fixture
def good_backup(good_backup_file, db) -> Path:
    """A good backup, and a database as `mutuality migrate` leaves it to restore it into."""
    empty_database()
    return good_backup_file


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_or_hostile_backup_changes_nothing(good_backup, tmp_path, damage):
    bad = rewrite(good_backup, tmp_path / "bad.zip", DAMAGE[damage])
    counts = row_counts()
    with pytest.raises(RestoreError):
        restore_backup(bad)
    assert row_counts() == counts
    assert not Partnership.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(good_backup, tmp_path):
    def bomb(members):
        members[member_name("evidence.coding")] = b"[" + b" " * (64 << 20) + b"]"
        return members

    bad = rewrite(good_backup, tmp_path / "bomb.zip", bomb)
    with pytest.raises(RestoreError, match="zip bomb"):
        restore_backup(bad)
    assert not Partnership.objects.exists()


def absurdly_compressed(members):
    members[member_name("evidence.coding")] = b"[" + b" " * (8 << 20) + b"]"  # about 1000 times
    return members


@pytest.mark.parametrize(
    ("change", "reason", "words"),
    [
        (absurdly_compressed, guard.RATIO, "data/evidence.coding.json is compressed suspiciously well"),
        (DAMAGE["a path outside"], guard.UNSAFE_PATH, "'../../etc/passwd' has an unsafe path"),
    ],
)
def test_the_shared_guard_refuses_a_hostile_backup_by_its_name(good_backup, tmp_path, change, reason, words):
    bad = rewrite(good_backup, tmp_path / "hostile.zip", change)
    counts = row_counts()
    with (
        mock.patch("mutuality.formats.backup.call_command") as migrate,
        pytest.raises(RestoreError) as refused,
    ):
        restore_backup(bad)
    assert isinstance(refused.value.__cause__, guard.Refused)
    assert refused.value.__cause__.reason == reason
    assert str(refused.value).startswith(f"{bad} cannot be restored: ")
    assert words in str(refused.value)
    migrate.assert_not_called()  # refused from the archive's directory, before anything is touched
    assert row_counts() == counts
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path, content):
    path = tmp_path / "backup.zip"
    path.write_bytes(content)
    with pytest.raises(RestoreError, match="not a Mutuality backup"):
        restore_backup(path)


def test_the_command_line_says_why_it_refuses(db, tmp_path):
    from typer.testing import CliRunner

    from mutuality.cli import app

    path = tmp_path / "backup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/x.json", "[]")
    result = CliRunner().invoke(app, ["restore", str(path)])
    assert result.exit_code == 1
    assert "manifest.json" in result.output


# --- between engines ---------------------------------------------------------------------------


def mutuality_command(data_dir: Path, *args: str, database_url: str | None = None) -> str:
    """Run `mutuality` in a fresh process on a SQLite file in ``data_dir`` (or ``database_url``)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MUTUALITY_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "mutuality.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def exports_of(data_dir: Path, database_url: str | None = None) -> tuple[str, str, str]:
    return tuple(
        mutuality_command(data_dir, "export", *flags, database_url=database_url).rstrip("\n")
        for flags in ([], ["--evidence"], ["--evidence", "--with-names"])
    )


def test_a_laptop_sqlite_backup_restores_here(db, demo_data_folder, tmp_path):
    """On the PostgreSQL run this is SQLite → PostgreSQL. The laptop's folder is one `load-demo` made."""
    laptop = demo_data_folder
    mutuality_command(laptop, "backup", str(tmp_path / "laptop.zip"))
    empty_database()
    restore_backup(tmp_path / "laptop.zip")
    assert tuple(e.rstrip("\n") for e in exports()) == exports_of(laptop)


def test_a_backup_from_here_restores_into_a_laptop_sqlite_file(programme, data_folder, tmp_path):
    """On the PostgreSQL run this is PostgreSQL → SQLite, into the empty database of a new folder."""
    write_backup(tmp_path / "server.zip")
    laptop = data_folder
    mutuality_command(laptop, "restore", str(tmp_path / "server.zip"))
    assert exports_of(laptop) == tuple(e.rstrip("\n") for e in exports())


# --- under load --------------------------------------------------------------------------------


def other_database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


class Writers:
    """Threads that keep adding codings and exchanges, each in its own transaction and connection."""

    def __init__(self, count: int) -> None:
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(count)]
        self.sources = list(Source.objects.order_by("key").values_list("pk", flat=True)[:10])
        self.code = framework_code("dimension", "process_trust")
        self.partnership = Partnership.objects.order_by("key").first()
        self.coder = get_user_model().objects.create_user("load-coder", password="a-long-test-password")

    def run(self, number: int) -> None:
        from django.db import connection as thread_connection

        n = 0
        try:
            while not self.stop.is_set():
                source = Source.objects.get(pk=self.sources[n % len(self.sources)])
                version = source.current
                Coding.objects.create(
                    version=version,
                    start=0,
                    end=min(5, len(version.text)),
                    quote=version.text[:5],
                    code=self.code,
                    coder=self.coder,
                    memo=f"load {number}-{n}",
                )
                Exchange.objects.create(
                    partnership=self.partnership,
                    key=f"load-{number}-{n}",
                    title=f"Load {number}-{n}",
                    start_date=date(2024, 1, 1),
                    method="field_visit",
                )
                n += 1
        except BaseException as error:  # reported by the test
            self.errors.append(error)
        finally:
            thread_connection.close()

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: the in-memory SQLite test database locks whole tables between threads, "
    "so writers cannot run beside the backup (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_a_backup_under_load_is_the_live_database_minus_what_came_after_it(tmp_path):
    """Four writers change the case studies while a backup is taken and restored, on PostgreSQL
    (10–17 s: the writers must run long enough for the backup to meet them)."""
    from mutuality.casestudies import load_case_studies

    load_case_studies()
    with Writers(4) as writers:
        time.sleep(1.0)
        # Committed before the snapshot starts (the writers commit each row on its own): all must be in it.
        committed_codings = set(Coding.objects.values_list("pk", flat=True))
        committed_exchanges = set(Exchange.objects.values_list("pk", flat=True))
        summary = write_backup(tmp_path / "live.zip")
        time.sleep(1.0)
    assert not writers.errors, writers.errors
    after = Coding.objects.count()
    assert (
        len(committed_codings) <= summary.counts["evidence.coding"] < after
    )  # rows came before, during and after

    name = f"test_mutuality_restore_{os.getpid()}"
    import psycopg

    admin_url = other_database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        restored_url = other_database_url(name)
        mutuality_command(tmp_path, "restore", str(tmp_path / "live.zip"), database_url=restored_url)
        with psycopg.connect(restored_url) as restored:
            coding_ids = {r[0] for r in restored.execute(f"SELECT id FROM {Coding._meta.db_table}")}
            exchange_ids = {r[0] for r in restored.execute(f"SELECT id FROM {Exchange._meta.db_table}")}
        assert len(coding_ids) == summary.counts["evidence.coding"]
        assert len(exchange_ids) == summary.counts["partnerships.exchange"]
        # Nothing committed before the backup is missing from the restore, and nothing is there that the
        # live database never held (the comparison below deletes the rows that came after the snapshot,
        # so a dropped row would otherwise go unnoticed).
        assert not committed_codings - coding_ids, sorted(committed_codings - coding_ids)[:20]
        assert not committed_exchanges - exchange_ids, sorted(committed_exchanges - exchange_ids)[:20]
        assert coding_ids <= set(Coding.objects.values_list("pk", flat=True))
        assert exchange_ids <= set(Exchange.objects.values_list("pk", flat=True))

        # The live database minus exactly the rows added after the snapshot is the restored one.
        Coding.objects.exclude(pk__in=coding_ids).delete()
        Exchange.objects.exclude(pk__in=exchange_ids).delete()
        assert Coding.objects.count() == summary.counts["evidence.coding"]
        assert Exchange.objects.count() == summary.counts["partnerships.exchange"]
        live = tuple(e.rstrip("\n") for e in exports())
        assert exports_of(tmp_path, database_url=restored_url) == live
    finally:
        connection.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_can_be_written_to_any_stream(programme):
    from mutuality.formats.backup import write_backup_to

    buffer = io.BytesIO()
    counts = write_backup_to(buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert json.loads(archive.read(MANIFEST))["counts"] == counts
