"""Backup and restore of the whole database, engine-neutral, taken while the app runs.

A backup is a zip file:

* ``manifest.json`` — format, app version, date, database engine, the applied migrations
  and the number of rows of every model, counted inside the snapshot;
* ``data/<app>.<model>.json`` — every row of that model, written by Django's JSON
  serializer, one member per model.

Everything is read in one transaction: REPEATABLE READ on PostgreSQL (set as its first
statement), one read transaction on SQLite, which in WAL mode (settings.py) is a snapshot
that writers never wait for. Rows keep their ids; content types and permissions, whose
ids differ from one database to the next, are written and referred to by natural keys.
So a laptop's SQLite backup restores into PostgreSQL and back. Uploaded content — the
texts of sources, REFI-QDA attachments — lives in the database; the data folder holds
only the SQLite file, the secret key, the demo login and collected static files.

Restoring treats the file as hostile: it is opened through :func:`mutuality.formats.guard.open_zip`,
the guard every importer shares (number of members, unsafe paths, encryption, total unpacked size,
compression ratio — with a backup's limits), then only the expected member names and sizes and
checked JSON are accepted. It refuses a database that holds data, migrates,
loads everything in one transaction, resets the id sequences and checks every count
against the manifest; any problem leaves the database as it was.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import json as json_serializer
from django.core.serializers import python as python_serializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils.translation import gettext, ngettext

import mutuality
from mutuality.env import FILE_MODE
from mutuality.formats import guard

FORMAT = "mutuality-backup/1"
MANIFEST = "manifest.json"
#: Models whose ids differ between databases (migrate creates them): written and matched by natural key.
NATURAL = ("contenttypes.contenttype", "auth.permission")
#: Reports made in the background, files being imported and the task queue's rows: transient, made
#: again when asked for. A job's file lies in the data folder, not in the backup, so a restored job
#: would point at nothing. Left out of a backup; an older backup that holds them restores without them.
TRANSIENT = ("reports.reportjob", "jobs.importjob", "django_tasks_database.dbtaskresult")
LABEL = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

# Limits for reading a file that may be hostile.
MAX_MANIFEST_BYTES = 1 << 20
MAX_MEMBER_BYTES = 4 << 30
#: What the shared guard lets through before a member is read. A backup holds one member per model
#: and the manifest (far fewer than the limit), JSON compresses well (about 5–20 times) and a zip
#: bomb by hundreds or thousands.
LIMITS = guard.ZipLimits(
    max_entries=10_000, max_unpacked_bytes=16 << 30, max_ratio=200, ratio_min_bytes=1 << 20
)


class RestoreError(Exception):
    """The backup cannot be restored; nothing was written."""


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int]
    size: int

    def __str__(self) -> str:
        rows = sum(self.counts.values())
        return gettext("%(file)s: %(rows)s rows of %(models)s kinds of record, %(size)s kB") % {
            "file": self.path,
            "rows": f"{rows:,}",
            "models": len(self.counts),
            "size": f"{self.size / 1000:,.0f}",
        }


@dataclass
class RestoreSummary:
    manifest: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(
            "Restored %(rows)s rows of %(models)s kinds of record from a backup of %(date)s "
            "(%(engine)s, Mutuality %(version)s); every count matches the manifest."
        ) % {
            "rows": f"{sum(self.counts.values()):,}",
            "models": len(self.counts),
            "date": self.manifest["created"],
            "engine": self.manifest["engine"],
            "version": self.manifest["app_version"],
        }


# --- which models, in which order -------------------------------------------------------------


def backup_models() -> list[type[models.Model]]:
    """Every concrete model with a table of its own but the :data:`TRANSIENT` ones, in an order that
    loads (natural keys first)."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    chosen = [
        m
        for m in ordered
        if m._meta.managed
        and not m._meta.proxy
        and not m._meta.swapped
        and m._meta.label_lower not in TRANSIENT
    ]
    first = [m for label in NATURAL for m in chosen if m._meta.label_lower == label]
    return first + [m for m in chosen if m not in first]


def member_name(label: str) -> str:
    return f"data/{label}.json"


class _Serializer(json_serializer.Serializer):
    """Django's JSON serializer, with natural keys only for content types and permissions."""

    def _natural(self, model: type[models.Model]) -> bool:
        return model._meta.label_lower in NATURAL

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = self._natural(field.remote_field.model)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = self._natural(field.remote_field.model)
        super().handle_m2m_field(obj, field)


# --- backup ---------------------------------------------------------------------------------


@contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One transaction that sees the database as it was when it began, whatever commits meanwhile."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Inside a caller's transaction (tests): read in it.
        yield
        return
    connection.ensure_connection()
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a consistent backup of the whole database to ``path`` (replaced only when complete)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        # Real names of respondents are in it: readable by its owner only from the moment it exists.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        os.chmod(partial, FILE_MODE)  # also when a partial file of an earlier run was there
        with os.fdopen(descriptor, "wb") as stream:
            counts = write_backup_to(stream, using)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(path, counts, path.stat().st_size)


def write_backup_to(stream: BinaryIO, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    connection = connections[using]
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive, snapshot(using):
        chosen = backup_models()
        counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in chosen}
        for model in chosen:
            label = model._meta.label_lower
            written = _write_model(archive, model, using)
            if written != counts[label]:  # cannot happen inside one snapshot
                raise DatabaseError(f"{label}: counted {counts[label]} rows but read {written}")
        manifest = {
            "format": FORMAT,
            "app_version": mutuality.__version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "migrations": _applied_migrations(using),
            "counts": counts,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return counts


def _write_model(archive: zipfile.ZipFile, model: type[models.Model], using: str) -> int:
    label = model._meta.label_lower
    m2m = [
        f.name
        for f in model._meta.local_many_to_many
        if f.remote_field.through is not None and f.remote_field.through._meta.auto_created
    ]
    rows = model._base_manager.using(using).order_by(model._meta.pk.name).prefetch_related(*m2m)
    written = 0

    def counted() -> Iterator[models.Model]:
        nonlocal written
        for row in rows.iterator(chunk_size=2000):
            written += 1
            yield row

    info = zipfile.ZipInfo(member_name(label), date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        _Serializer().serialize(
            counted(), stream=text, use_natural_primary_keys=label in NATURAL, ensure_ascii=False
        )
        text.flush()
        text.detach()
    return written


def _applied_migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


# --- restore --------------------------------------------------------------------------------


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Restore a backup into an empty database: all of it, or on any problem nothing."""
    with open_backup(path) as archive:
        manifest = check_archive(archive)
        call_command("migrate", interactive=False, verbosity=0, database=using)
        holding = tables_with_data(using)
        if holding:
            raise RestoreError(
                gettext(
                    "The database is not empty (%(tables)s hold data); restore only into a new, empty "
                    "database, e.g. a fresh DATABASE_URL or --data-dir."
                )
                % {"tables": ", ".join(holding[:5]) + (" …" if len(holding) > 5 else "")}
            )
        counts = _load(archive, manifest, using)
    return RestoreSummary(manifest, counts)


def open_backup(path: Path) -> zipfile.ZipFile:
    """The backup's archive, once the shared guard has checked its directory against :data:`LIMITS`."""
    try:
        return guard.open_zip(Path(path), LIMITS)
    except guard.Refused as error:
        if error.reason == guard.DAMAGED:
            message = gettext("%(file)s is not a Mutuality backup (not a readable zip file: %(reason)s).")
            raise RestoreError(message % {"file": path, "reason": error.detail}) from error
        if error.reason == guard.UNPACKED:
            raise RestoreError(gettext("The backup is too large when unpacked.")) from error
        reason = error.message
        if error.reason == guard.RATIO:
            reason = gettext("%(member)s is compressed suspiciously well (a zip bomb?).") % {
                "member": error.entry
            }
        raise RestoreError(
            gettext("%(member)s cannot be restored: %(reason)s") % {"member": path, "reason": reason}
        ) from error


def check_archive(archive: zipfile.ZipFile) -> dict[str, Any]:
    """The manifest, once the members' names and sizes are as expected (the shared guard of
    :func:`open_backup` has checked the rest)."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(names) != len(set(names)):
        raise RestoreError(gettext("The backup names a member twice."))
    if MANIFEST not in names:
        raise RestoreError(gettext("The backup has no manifest.json; it is not a Mutuality backup."))
    for info in infos:
        if info.file_size > (MAX_MANIFEST_BYTES if info.filename == MANIFEST else MAX_MEMBER_BYTES):
            raise RestoreError(gettext("%(member)s is too large.") % {"member": info.filename})
    manifest = _read_json(archive, MANIFEST, MAX_MANIFEST_BYTES)
    _check_manifest(manifest)
    expected = {MANIFEST} | {member_name(label) for label in manifest["counts"]}
    unexpected = sorted(set(names) - expected)
    if unexpected:
        raise RestoreError(
            gettext("The backup holds members a backup does not have: %(names)s")
            % {"names": ", ".join(unexpected[:5])}
        )
    missing = sorted(expected - set(names))
    if missing:
        raise RestoreError(gettext("The backup lacks %(names)s.") % {"names": ", ".join(missing[:5])})
    return manifest


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(
            gettext("manifest.json does not describe a %(format)s backup.") % {"format": FORMAT}
        )
    for key, kind in (
        ("app_version", str),
        ("created", str),
        ("engine", str),
        ("migrations", dict),
        ("counts", dict),
    ):
        if not isinstance(manifest.get(key), kind):
            raise RestoreError(gettext("manifest.json lacks a valid '%(key)s'.") % {"key": key})
    known = {m._meta.label_lower for m in backup_models()} | set(TRANSIENT)
    for label, count in manifest["counts"].items():
        if not isinstance(label, str) or not LABEL.match(label) or label not in known:
            raise RestoreError(
                gettext("The backup holds records of a kind this version does not know: %(label)s")
                % {"label": str(label)[:80]}
            )
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise RestoreError(
                gettext("manifest.json gives no valid count for %(label)s.") % {"label": label}
            )
    from django.db.migrations.loader import MigrationLoader

    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app_label, names in manifest["migrations"].items():
        if not isinstance(names, list) or any((app_label, name) not in on_disk for name in names):
            raise RestoreError(
                gettext(
                    "The backup was made by a newer version of Mutuality (%(version)s; migrations of "
                    "%(app)s unknown here); upgrade first."
                )
                % {"version": manifest["app_version"], "app": app_label}
            )


def _read_json(archive: zipfile.ZipFile, name: str, limit: int) -> Any:
    chunks = []
    size = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise RestoreError(gettext("%(member)s is too large.") % {"member": name})
                chunks.append(chunk)
        return json.loads(b"".join(chunks).decode("utf-8"), parse_constant=_refuse_constant)
    except RestoreError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, UnicodeDecodeError) as error:
        raise RestoreError(
            gettext("%(member)s cannot be read: %(reason)s") % {"member": name, "reason": str(error)[:200]}
        ) from None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def tables_with_data(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Models holding rows that a freshly migrated database does not have."""
    holding = []
    for model in backup_models():
        label = model._meta.label_lower
        if label in NATURAL:
            continue
        rows = model._base_manager.using(using).all()
        if label == "evidence.code":
            rows = rows.filter(vocabulary="")  # framework codes are created by migrate
        elif label == "history.change":
            rows = rows.exclude(model="evidence.code", action="created")
        if rows.exists():
            holding.append(model._meta.db_table)
    return holding


def _load(archive: zipfile.ZipFile, manifest: dict[str, Any], using: str) -> dict[str, int]:
    from mutuality.evidence.codebook import sync_framework_codes
    from mutuality.history.context import muted

    connection = connections[using]
    chosen = [m for m in backup_models() if m._meta.label_lower in manifest["counts"]]
    with transaction.atomic(using=using), muted():
        # What migrate created (framework codes, their history) comes back from the backup, ids and all.
        apps.get_model("history", "Change")._base_manager.using(using).all().delete()
        codes = apps.get_model("evidence", "Code")._base_manager.using(using)
        while codes.exists():  # leaves first: a code's parent is protected
            codes.filter(children__isnull=True).delete()
        with connection.constraint_checks_disabled():
            for model in chosen:
                _load_model(archive, model, using)
        try:
            connection.check_constraints(table_names=[m._meta.db_table for m in chosen])
        except DatabaseError as error:
            raise RestoreError(
                gettext("The backup's records do not fit together: %(reason)s") % {"reason": str(error)[:300]}
            ) from None
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), chosen):
                cursor.execute(statement)
        counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in chosen}
        wrong = [
            label
            for label, count in counts.items()
            if count != manifest["counts"][label]
            and not (label in NATURAL and count >= manifest["counts"][label])
        ]
        if wrong:
            raise RestoreError(
                ngettext(
                    "The restored rows do not match the manifest for %(labels)s.",
                    "The restored rows do not match the manifest for %(labels)s.",
                    len(wrong),
                )
                % {
                    "labels": ", ".join(
                        f"{label} ({counts[label]} ≠ {manifest['counts'][label]})" for label in wrong
                    )
                }
            )
        sync_framework_codes()  # terms added since the backup was made
    return counts


def _load_model(archive: zipfile.ZipFile, model: type[models.Model], using: str) -> None:
    label = model._meta.label_lower
    name = member_name(label)
    rows = _read_json(archive, name, MAX_MEMBER_BYTES)
    if not isinstance(rows, list):
        raise RestoreError(gettext("%(member)s is not a list of records.") % {"member": name})
    for row in rows:
        if (
            not isinstance(row, dict)
            or row.get("model") != label
            or not isinstance(row.get("fields"), dict)
            or set(row) - {"model", "pk", "fields"}
            or (label not in NATURAL and not isinstance(row.get("pk"), int | str))
        ):
            raise RestoreError(
                gettext("%(member)s holds an entry that is not a %(label)s record.")
                % {"member": name, "label": label}
            )
    try:
        deferred = []
        for item in python_serializer.Deserializer(rows, using=using, handle_forward_references=True):
            # Rows matched by natural key may already exist (migrate made them): update or insert.
            item.save(using=using, force_insert=label not in NATURAL)
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields(using=using)
    except RestoreError:
        raise
    except Exception as error:  # the deserializer and the database raise many kinds
        raise RestoreError(
            gettext("%(member)s cannot be restored: %(reason)s")
            % {"member": name, "reason": str(error)[:300]}
        ) from None
