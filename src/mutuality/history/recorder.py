"""Signal receivers that write a :class:`~mutuality.history.models.Change` for every tracked save and delete.

Saves through the ORM (web forms, the data-file loaders, commands, imports)
all send ``pre_save``/``post_save``/``post_delete``; ``QuerySet.update`` and
``bulk_create`` do not, so code that must be tracked uses ``save`` or deletes, or
moves many rows with ``update`` and writes their entries with :func:`record_many`.
"""

from __future__ import annotations

import datetime
import decimal
import re
import time
import uuid
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from mutuality.evidence.bulk import insert_rows
from mutuality.evidence.signals import rows_updated
from mutuality.history.context import current_actor, is_muted

TRACKED_APPS = ("partnerships", "evidence")
#: A self-assessment's rounds and links are tracked; its responses and answers (personal data, with
#: their own history in ``Submission``) are not.
TRACKED_MODELS = (
    "accounts.membership",
    "accounts.assignment",
    "accounts.organisation",
    "selfassessment.round",
    "selfassessment.sidelink",
)
#: Fields that may hold a real name: history says they changed, never what they hold.
HIDDEN = {("evidence.respondentidentity", "real_name"), ("evidence.source", "names_to_hide")}
#: Long texts kept elsewhere for good (versions never change; a coding's words are a copy of them;
#: the folded copies for search are made from those).
OMITTED = {
    ("evidence.sourceversion", "text"),
    ("evidence.sourceversion", "folded_text"),
    ("evidence.coding", "quote"),
    ("evidence.coding", "folded_quote"),
}
HIDDEN_VALUE = "[hidden]"
NAME_PLACEHOLDER = "[name]"

#: Where a record's history is also shown: (model label, field holding the parent's id).
PARENTS = {
    "evidence.sourceversion": ("evidence.source", "source_id"),
    "evidence.coding": ("evidence.sourceversion", "version_id"),
    "evidence.respondentidentity": ("evidence.respondent", "respondent_id"),
    "accounts.assignment": ("evidence.source", "source_id"),
    "partnerships.participation": ("partnerships.exchange", "exchange_id"),
    "partnerships.knowledgeflow": ("partnerships.exchange", "exchange_id"),
}


def tracked_models() -> list[type[models.Model]]:
    found = [m for label in TRACKED_APPS for m in apps.get_app_config(label).get_models()]
    return found + [apps.get_model(label) for label in TRACKED_MODELS]


def connect() -> None:
    rows_updated.connect(_rows_updated, dispatch_uid="history-rows-updated")
    for model in tracked_models():
        uid = f"history-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
        if model._meta.label_lower in ("evidence.respondentidentity", "evidence.source"):
            post_save.connect(forget_names, sender=model, dispatch_uid=f"{uid}-names")
            post_delete.connect(forget_names, sender=model, dispatch_uid=f"{uid}-names")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )


# --- values --------------------------------------------------------------------------------


@cache
def _fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The fields a change records (worked out once a model: a load records hundreds of thousands)."""
    label = model._meta.label_lower
    return tuple(
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and (label, f.name) not in OMITTED
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )


def plain(value: Any) -> Any:
    """A value as JSON keeps it, so before and after compare equal when they are."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


@cache
def _kept_types(field: models.Field) -> tuple[type, ...]:
    """Types of value that :func:`snapshot` keeps as they are: those the field's ``to_python`` and
    :func:`plain` return unchanged (text for text, a whole number for a number, …), so that a load's
    hundreds of thousands of snapshots call neither."""
    if field.is_relation:
        return (int, str)
    kind = type(field)
    if kind.to_python in (models.CharField.to_python, models.TextField.to_python):
        return (str,)
    if kind.to_python is models.IntegerField.to_python:
        return (int,)
    if kind.to_python is models.BooleanField.to_python:
        return (bool,)
    return ()


def snapshot(instance: models.Model) -> dict[str, Any]:
    model = type(instance)
    values = {}
    for field in _fields(model):
        value = getattr(instance, field.attname)
        if value is None or type(value) in _kept_types(field):
            values[field.attname] = value
            continue
        if not field.is_relation:
            try:
                value = field.to_python(value)
            except Exception:  # noqa: BLE001 - a value the model's own validation will refuse
                pass
        values[field.attname] = plain(value)
    return values


def _stored(instance: models.Model) -> dict[str, Any] | None:
    model = type(instance)
    names = [f.attname for f in _fields(model)]
    row = model._base_manager.filter(pk=instance.pk).values(*names).first()
    return None if row is None else {name: plain(value) for name, value in row.items()}


# --- receivers -----------------------------------------------------------------------------


def _rows_updated(
    sender: Any, entries: list[tuple[models.Model, str, dict[str, Any]]], **kwargs: Any
) -> None:
    record_many(entries)


def _before_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    if is_muted() or instance._state.adding or instance.pk is None:
        return
    instance._history_before = _stored(instance)  # type: ignore[attr-defined]


def _after_save(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    if is_muted():
        return
    after = snapshot(instance)
    before = None if created else instance.__dict__.pop("_history_before", None)
    if before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
        action = "created" if created else "changed"
    else:
        changes = {
            name: [before.get(name), value] for name, value in after.items() if before.get(name) != value
        }
        action = "changed"
        if not changes:
            return
    record(instance, action, changes)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_muted():
        return
    changes = {name: [value, None] for name, value in snapshot(instance).items() if value not in (None, "")}
    record(instance, "deleted", changes)


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if is_muted() or reverse:
        return
    field = next(
        (f for f in type(instance)._meta.local_many_to_many if f.remote_field.through is sender), None
    )
    if field is None:
        return
    stash = instance.__dict__.setdefault("_history_m2m", {})
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        stash.setdefault(field.name, current)
    elif action.startswith("post_"):
        before = stash.pop(field.name, current)
        if before != current:
            record(instance, "changed", {field.name: [before, current]})


# --- writing -------------------------------------------------------------------------------


def record(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    text = _repr(instance)
    texts = [text, *(v for pair in changes.values() for v in pair if isinstance(v, str))]
    pattern = name_pattern(known_names()) if any(t.strip() for t in texts) else None
    _entry(instance, action, changes, text, pattern, current_actor()).save()


def record_many(entries: Iterable[tuple[models.Model, str, dict[str, Any]]]) -> int:
    """Write one entry per ``(instance, action, changes)`` in bulk; return how many were written.

    For changes made with ``QuerySet.update`` (which sends no signals): the
    entries are those the receivers would have written for a ``save`` of each
    record, names protected the same way, with a few INSERTs for any number of
    records. ``changes`` maps field attnames to ``[before, after]``. Nothing is
    written while history is muted.
    """
    from mutuality.history.models import Change

    if is_muted():
        return 0
    actor = current_actor()
    pattern = name_pattern(known_names())
    who = (actor.user.pk if actor.user is not None else None, actor.username, actor.via)
    # Rows of values rather than a Change a row: a load of 270,000 codings spent a fifth of its
    # time making those instances and reading them back.
    rows = [
        (*_values(instance, action, changes, _repr(instance), pattern), *who)
        for instance, action, changes in entries
        if changes
    ]
    return insert_rows(Change, _ROW, rows)


# The fields of a Change that :func:`_values` gives, then those of who made it.
_ROW = (
    "action",
    "model",
    "object_id",
    "object_repr",
    "parent_model",
    "parent_id",
    "changes",
    "user_id",
    "username",
    "via",
)


def _entry(
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
    text: str,
    pattern: re.Pattern[str] | None,
    actor: Any,
) -> Any:
    """An unsaved :class:`~mutuality.history.models.Change` for ``instance``."""
    from mutuality.history.models import Change

    values = dict(zip(_ROW, _values(instance, action, changes, text, pattern), strict=False))
    return Change(**values, user=actor.user, username=actor.username, via=actor.via)


def _values(
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
    text: str,
    pattern: re.Pattern[str] | None,
) -> tuple[str, str, str, str, str, str, dict[str, Any]]:
    """What a change of ``instance`` records, in the order of ``_ROW``: names in it replaced."""
    label = instance._meta.label_lower
    if pattern is not None or any((label, name) in HIDDEN for name in changes):
        changes = {name: _protect(label, name, pair, pattern) for name, pair in changes.items()}
    parent_model, parent_id = _parent(label, instance)
    return (
        action,
        label,
        str(instance.pk),
        _sub(pattern, text)[:200],
        parent_model,
        parent_id,
        changes,
    )


def _repr(instance: models.Model) -> str:
    try:
        return str(instance)
    except Exception:  # noqa: BLE001 - a half-deleted record whose str() follows a gone relation
        return f"{instance._meta.verbose_name} {instance.pk}"


def _parent(label: str, instance: models.Model) -> tuple[str, str]:
    if label in PARENTS:
        parent, attname = PARENTS[label]
        value = getattr(instance, attname, None)
        return (parent, str(value)) if value is not None else ("", "")
    if label == "evidence.memo":
        for target, attname in (("source", "source_id"), ("code", "code_id"), ("coding", "coding_id")):
            if getattr(instance, attname, None) is not None:
                return f"evidence.{target}", str(getattr(instance, attname))
    partnership_id = getattr(instance, "partnership_id", None) if label.startswith("partnerships.") else None
    if partnership_id is not None:
        return "partnerships.partnership", str(partnership_id)
    return "", ""


def _protect(label: str, name: str, pair: list[Any], pattern: re.Pattern[str] | None) -> list[Any]:
    if (label, name) in HIDDEN:
        return [HIDDEN_VALUE if value not in (None, "") else value for value in pair]
    return [_sub(pattern, value) if isinstance(value, str) else value for value in pair]


def _sub(pattern: re.Pattern[str] | None, text: str) -> str:
    return text if pattern is None else pattern.sub(NAME_PLACEHOLDER, text)


# --- names in free text ----------------------------------------------------------------------


#: Known names, read again after a change in this process or after a few seconds (another process).
NAMES_TTL = 2.0
_names_cache: list[Any] = [0.0, ()]


def forget_names(sender: Any = None, instance: Any = None, created: bool = False, **kwargs: Any) -> None:
    # A source just created without names to hide adds none: a load of a thousand sources would
    # otherwise read the names again after each one.
    if created and getattr(instance, "names_to_hide", None) == "":
        return
    _names_cache[0] = 0.0


def known_names() -> tuple[str, ...]:
    now = time.monotonic()
    if now - _names_cache[0] > NAMES_TTL:
        _names_cache[1] = _read_names()
        _names_cache[0] = now
    return _names_cache[1]


def _read_names() -> tuple[str, ...]:
    """Respondents' real names and every source's names to hide, longest first."""
    from mutuality.evidence.models import RespondentIdentity, Source

    names = set(RespondentIdentity.objects.values_list("real_name", flat=True))
    for text in Source.objects.exclude(names_to_hide="").values_list("names_to_hide", flat=True):
        names.update(text.splitlines())
    return tuple(sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=64)
def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


def scrub(text: str) -> str:
    """``text`` with any known real name replaced by a placeholder (history keeps no names)."""
    if not text or not text.strip():
        return text
    return _sub(name_pattern(known_names()), text)
