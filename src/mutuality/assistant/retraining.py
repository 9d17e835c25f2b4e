"""Kept models queued to be trained again when the codings change, one retraining waiting per model.

Light on purpose: Django loads it when it starts (the app's ``ready`` connects the receivers), so it
imports nothing of the learning (numpy, scikit-learn); the task imports that when it runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from mutuality.assistant.models import KeptModel
from mutuality.evidence.models import Coding
from mutuality.evidence.signals import rows_updated

logger = logging.getLogger(__name__)

#: A retraining queued this long ago and not started is taken for lost, and queued again.
LOST_AFTER = timedelta(hours=1)


def request_retraining(keys: Iterable[str]) -> None:
    """Queue a retraining of each kept model ``keys`` names that has none waiting, once the
    transaction commits (a rolled-back change asks nothing)."""
    now = timezone.now()
    for key in list(keys):
        if KeptModel.objects.filter(_unqueued(now), key=key).update(queued_at=now):
            transaction.on_commit(partial(_enqueue, key))


def _unqueued(now: datetime) -> Q:
    """The kept models with no retraining waiting (or one queued so long ago it is lost)."""
    return Q(queued_at__isnull=True) | Q(queued_at__lt=now - LOST_AFTER)


def _enqueue(key: str) -> None:
    from mutuality.assistant.tasks import retrain_model

    try:
        retrain_model.enqueue(key)
    except Exception as error:  # the queue cannot be reached: the next change asks again
        logger.error("Retraining of model %s could not be queued: %s", key, type(error).__name__)
        KeptModel.objects.filter(key=key).update(queued_at=None)


def codings_changed(coders: Iterable[int]) -> None:
    """Codings of ``coders`` were saved or deleted: queue the kept models that may have learned
    from them (every reader's and the whole project's; a blind coder's only for their own)."""
    rows = KeptModel.objects.filter(_unqueued(timezone.now())).filter(
        ~Q(kind=KeptModel.Kind.CODER) | Q(user_id__in=set(coders))
    )
    request_retraining(rows.values_list("key", flat=True))


# The coders whose codings changed, gathered per thread until a transaction commits: each change
# adds a commit callback, and the first to run hands on every coder gathered (the others find none),
# so a transaction that saves thousands of codings queries once after it commits, not once a coding.
# A rolled-back transaction's coders wait for the next commit: a check too many, never one too few.
_changes = threading.local()


def _note(coders: Iterable[int | None]) -> None:
    _changes.__dict__.setdefault("coders", set()).update(coder for coder in coders if coder is not None)
    transaction.on_commit(_committed)


def _committed() -> None:
    coders = _changes.__dict__.pop("coders", None)
    if coders is not None:
        codings_changed(coders)


def _coding_saved_or_deleted(sender: Any, instance: Coding, **kwargs: Any) -> None:
    _note([instance.coder_id])


def _codings_updated(sender: Any, entries: list[tuple[Any, str, Any]], **kwargs: Any) -> None:
    coders = [instance.coder_id for instance, _action, _fields in entries if isinstance(instance, Coding)]
    if coders:
        _note(coders)


def connect() -> None:
    """Listen to the codings' saves and deletes (and the updates a merge of codes announces)."""
    post_save.connect(_coding_saved_or_deleted, sender=Coding, dispatch_uid="assistant-coding-saved")
    post_delete.connect(_coding_saved_or_deleted, sender=Coding, dispatch_uid="assistant-coding-deleted")
    rows_updated.connect(_codings_updated, dispatch_uid="assistant-codings-updated")
