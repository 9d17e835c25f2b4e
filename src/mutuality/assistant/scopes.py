"""The model that proposes to one reader, learned from the codings that reader may read; ready at
once, trained on demand, or trained again in the background.

**Whose codings.** A proposal quotes coded passages as its reasons and is shaped by them, so a
reader gets proposals from a model of the codings they may read (``Access.codings``) — a
:class:`Scope`. Readers with the same rights share one model: the scope's key is a hash of the
sources whose codings they read (``reader.<hash>``), or ``all`` when that is every coding (as for
an administrator, the same model ``mutuality suggest`` keeps). A coder who codes a source blind
gets, on that source, a model of their own codings only (``coder.<user id>``): blind coding keeps
coders independent until their codings are compared, and proposals learned from the others'
codings would carry the others' judgement into theirs.

**When it is trained.** A scope's model is kept in the data folder (``assistant/<key>.npz``,
beside the command line's, names replaced in everything it quotes) with a
:class:`~mutuality.assistant.models.KeptModel` row. When a coding is saved or deleted, every kept
model that may have learned from it is queued to be trained again by the task worker
(:func:`retrain`, in :mod:`mutuality.assistant.tasks`), at most one retraining waiting per model:
a burst of codings queues one. Meanwhile the model kept goes on proposing. When there is no model
yet, it is trained in the request, so a first proposal never waits for a worker, unless that would
take seconds (more than :data:`ON_DEMAND_LIMIT` coded passages): then the worker trains it and the
page says the assistant is learning.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from mutuality.accounts.access import Access
from mutuality.assistant.models import KeptModel
from mutuality.assistant.retraining import request_retraining
from mutuality.assistant.store import ALL, FAMILIES, fingerprint, load, save, training_examples
from mutuality.env import private_folder
from mutuality.evidence.models import Coding, Source

if TYPE_CHECKING:
    from mutuality.analysis.suggestions import Example, Model, NothingToLearn, Parameters

# The learning (mutuality.analysis.suggestions: NumPy, SciPy) is imported where a model is read,
# trained or found impossible, not with this module: while the first model of a large scope is left
# to the worker, the panel asks every few seconds and needs none of it (mutuality.assistant.store).

#: Coded passages up to which a first model is trained in the request (the case studies' take a
#: fraction of a second); a larger first model is left to the task worker.
ON_DEMAND_LIMIT = 20_000
#: Models kept in memory per process, so a page does not read its model's file every time.
IN_MEMORY = 8


def parameters() -> Parameters:
    """How the models of the pages learn: the defaults."""
    from mutuality.analysis.suggestions import Parameters

    return Parameters()


@dataclass(frozen=True)
class Scope:
    """The codings one model learns from: every coding (``all``), a reader's (``reader``) or a
    blind coder's own (``coder``); ``user`` is the reader whose rights choose them."""

    key: str
    kind: str
    user: Any = None

    @property
    def path(self) -> Path:
        return private_folder(Path(settings.DATA_DIR) / "assistant") / f"{self.key}.npz"

    def codings(self) -> QuerySet[Coding]:
        if self.kind == KeptModel.Kind.ALL:
            return Coding.objects.all()
        access = Access.of(self.user)
        if self.kind == KeptModel.Kind.CODER:
            return access.codings(Coding.objects.filter(coder=self.user))
        return access.codings(Coding.objects.all())

    def examples(self) -> list[Example]:
        """What the model learns from, names replaced (the model file is kept on disk)."""
        return training_examples(codings=None if self.kind == KeptModel.Kind.ALL else self.codings())

    def size(self) -> int:
        """How many codings it would learn from, counted without reading them."""
        proposed = Q(code__vocabulary="") | (Q(code__vocabulary__in=FAMILIES) & ~Q(code__term=""))
        return self.codings().filter(proposed).count()


def scope_for(access: Access, source: Source) -> Scope:
    """The scope of the model that proposes codes to ``access``'s user on ``source``."""
    if access.codes_blind(source):
        return Scope(f"coder.{access.user.pk}", KeptModel.Kind.CODER, access.user)
    return reader_scope(access)


def reader_scope(access: Access) -> Scope:
    """The codings ``access``'s user may read, named by the sources they read them on."""
    if access.is_admin:
        return Scope(ALL, KeptModel.Kind.ALL)
    readable = set(access.sources(Source.objects.all()).values_list("pk", flat=True))
    blind = set(access.blind_sources().values_list("pk", flat=True)) & readable
    if not blind and len(readable) == Source.objects.count():
        return Scope(ALL, KeptModel.Kind.ALL)
    # On the sources coded blind for them, a reader reads only their own codings: their id is part of it.
    rights = json.dumps([sorted(readable - blind), sorted(blind), access.user.pk if blind else None])
    return Scope(
        f"reader.{hashlib.sha256(rights.encode()).hexdigest()[:24]}", KeptModel.Kind.READER, access.user
    )


def _scope_of(row: KeptModel) -> Scope | None:
    """The scope a kept model stands for now; None when its reader is gone or inactive."""
    if row.kind == KeptModel.Kind.ALL:
        return Scope(ALL, KeptModel.Kind.ALL)
    user = row.user
    if user is None or not user.is_active:
        return None
    if row.kind == KeptModel.Kind.CODER:
        return Scope(f"coder.{user.pk}", KeptModel.Kind.CODER, user)
    return reader_scope(Access(user))


# --- a model ready to propose ----------------------------------------------------------------


@dataclass(frozen=True)
class Ready:
    """A model to propose with; or none yet, because the worker is training the first one
    (``learning``) or because there is too little to learn from (``problem``, the error)."""

    model: Model | None = None
    learning: bool = False
    problem: NothingToLearn | None = None


def ready(scope: Scope) -> Ready:
    """The model of ``scope``: the one kept (a retraining queued when the codings have changed
    since it was checked), else one trained now, else — too large to train in a request — queued."""
    row, created = KeptModel.objects.get_or_create(
        key=scope.key, defaults={"kind": scope.kind, "user": scope.user}
    )
    model = _read(scope.path)
    if model is not None:
        if created or row.codings_seen != codings_stamp():
            request_retraining([scope.key])  # a model trained elsewhere, or codings written in bulk
        return Ready(model)
    if scope.size() > ON_DEMAND_LIMIT:
        request_retraining([scope.key])
        return Ready(learning=True)
    from mutuality.analysis.suggestions import NothingToLearn

    try:
        return Ready(keep_trained(scope))
    except NothingToLearn as error:
        return Ready(problem=error)


def keep_trained(scope: Scope) -> Model:
    """The model of the codings of ``scope`` as they are now: the kept one if it learned from them,
    else trained and kept. Raises :class:`~mutuality.analysis.suggestions.NothingToLearn`."""
    from mutuality.analysis.suggestions import train

    seen = codings_stamp()
    examples = scope.examples()
    chosen = parameters()
    stamp = fingerprint(examples, chosen)
    path = scope.path
    model = load(path, stamp)
    if model is None:
        model = train(examples, chosen)
        save(model, path, stamp)
    KeptModel.objects.filter(key=scope.key).update(
        codings_seen=seen, passages=model.passages, trained_at=timezone.now()
    )
    _remember(path, model)
    return model


def retrain(key: str) -> str:
    """Train the kept model ``key`` again if what it learns from has changed (the task worker's
    work). Returns what was done, for the log: ``trained`` (or ``unchanged``), ``nothing`` (too
    little to learn from now: the file is removed), ``forgotten`` (its reader's rights changed or
    they are gone: row and file removed) or ``gone`` (no such model)."""
    row = KeptModel.objects.select_related("user").filter(key=key).first()
    if row is None:
        return "gone"
    KeptModel.objects.filter(pk=row.pk).update(queued_at=None)  # a change from now on queues another
    scope = _scope_of(row)
    if scope is None or scope.key != key:
        row.delete()
        return "forgotten"
    from mutuality.analysis.suggestions import NothingToLearn

    before = _stat(scope.path)
    try:
        keep_trained(scope)
    except NothingToLearn:
        scope.path.unlink(missing_ok=True)
        return "nothing"
    return "unchanged" if _stat(scope.path) == before else "trained"


def codings_stamp() -> str:
    """How many codings there are and the newest's id: what a kept model was last checked against."""
    found = Coding.objects.aggregate(count=Count("*"), newest=Max("pk"))
    return f"{found['count']}:{found['newest'] or 0}"


# Models read from their files, by path, with the file's size and time of change when read.
_models: OrderedDict[Path, tuple[tuple[int, int], Model]] = OrderedDict()
_models_lock = threading.Lock()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


def _read(path: Path) -> Model | None:
    """The model kept in ``path`` (from memory while the file is unchanged); None if there is none."""
    stat = _stat(path)
    with _models_lock:
        kept = _models.get(path)
        if stat is None:
            _models.pop(path, None)
            return None
        if kept is not None and kept[0] == stat:
            _models.move_to_end(path)
            return kept[1]
    model = load(path)
    if model is not None:
        _remember(path, model, stat)
    return model


def _remember(path: Path, model: Model, stat: tuple[int, int] | None = None) -> None:
    stat = stat or _stat(path)
    if stat is None:
        return
    with _models_lock:
        _models[path] = (stat, model)
        _models.move_to_end(path)
        while len(_models) > IN_MEMORY:
            _models.popitem(last=False)
