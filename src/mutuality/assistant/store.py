"""The assistant's training data read from the database, and its models kept in the data folder.

What it learns from is read as ``mutuality export-codings`` reads the codings, for the same
reason: the passages it quotes as reasons leave the database. Real names are replaced
(:mod:`mutuality.privacy.pseudonymise`), in the texts trained on as well, so a model file in the
data folder holds no real name; every coding of the chosen codings is read, confidential sources
and sources coded blind included, as the command line's caller is the operator. A page that shows
proposals to a reader passes the codings that reader may read (``Access.codings``) and shows only
the reasons whose codings they may see (``may_show`` of :func:`~mutuality.analysis.suggestions.suggest`).

A model is kept per partnership (or for all) as arrays in one ``.npz`` file (never a pickle, so
loading it runs no code) with the fingerprint of what it learned from; it is trained again when
the fingerprint of the codings read now differs, so a proposal always rests on the codings as
they are.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext

from mutuality.env import private_folder
from mutuality.evidence.models import Code, Coding, SourceVersion
from mutuality.jobs.work import write_whole
from mutuality.partnerships.models import Partnership
from mutuality.privacy.pseudonymise import Pseudonymiser, Replaced

if TYPE_CHECKING:
    from mutuality.analysis.suggestions import Example, Model, NothingToLearn, Parameters

# The learning (mutuality.analysis.suggestions: NumPy, SciPy) is imported by the functions that
# learn, read a model or describe one, not with this module: a server process whose panel only
# says the assistant is learning (mutuality.assistant.scopes) never loads it (about 25 MiB).

#: The framework vocabularies whose codes are proposed (issue 18): the six dimensions, the forms of
#: learning and the knowledge types; with them the project's own codes (family ``OWN``). The other
#: vocabularies (themes, inequality, views of mutuality, …) are coded rarely and describe a
#: partnership more than a passage.
FAMILIES = ("dimension", "learning_form", "knowledge_type")
OWN = "own"
ALL = "all"  # the name of the model trained on every partnership's codings


def training_examples(
    partnership: Partnership | None = None,
    codings: QuerySet[Coding] | None = None,
    *,
    pseudonymiser: Pseudonymiser | None = None,
    with_names: bool = False,
) -> list[Example]:
    """The codings the assistant learns from, as plain records: those of ``codings`` (all) on the
    sources of ``partnership`` (any) whose code is of a proposed family, names replaced unless
    ``with_names``.

    A quote is cut from its version's text with the names replaced, so a coding that cuts a name
    takes the whole replacement (as the codings CSV does); texts are read a source at a time.
    """
    chosen = Coding.objects.all() if codings is None else codings
    if partnership is not None:
        chosen = chosen.filter(version__source__partnerships=partnership)
    chosen = chosen.filter(Q(code__vocabulary="") | (Q(code__vocabulary__in=FAMILIES) & ~Q(code__term="")))
    paths, families = code_paths()
    names = None if with_names else (pseudonymiser or Pseudonymiser())
    return list(_examples(chosen, paths, families, names))


def _examples(
    codings: QuerySet[Coding], paths: dict[int, str], families: dict[int, str], names: Pseudonymiser | None
) -> Iterator[Example]:
    from mutuality.analysis.suggestions import Example

    rows = codings.order_by("version_id", "start", "id").values_list(
        "id", "version__source_id", "version__source__key", "version_id", "start", "end", "code_id",
        "assessment", "factor_role", "quote",
    )  # fmt: skip
    current: int | None = None  # the version whose codings are coming, and its text with names replaced
    replaced: Replaced | None = None
    for ref, source_id, key, version_id, start, end, code, assessment, role, quote in rows.iterator(
        chunk_size=5000
    ):
        if names is not None:
            if version_id != current:
                current, replaced = version_id, None
                if names.has_names(source_id):
                    text = SourceVersion.objects.values_list("text", flat=True).get(pk=version_id)
                    replaced = names.replace(text, source_id)
            if replaced is not None:
                quote = replaced.text[replaced.start(start) : replaced.end(end)]
        yield Example(quote, paths[code], families[code], key, assessment, role, ref)


def code_paths() -> tuple[dict[int, str], dict[int, str]]:
    """Every code's path as the evidence export names it (``dimension/process_trust``; a project's
    own code by its names, ``Parent / Child``) and its family, from one query."""
    nodes = {
        pk: (name, parent, vocabulary, term)
        for pk, name, parent, vocabulary, term in Code.objects.values_list(
            "pk", "name", "parent_id", "vocabulary", "term"
        )
    }

    def path(pk: int) -> str:
        name, parent, vocabulary, term = nodes[pk]
        if vocabulary and term:
            return f"{vocabulary}/{term}"
        names, node, hops = [name], parent, 0
        while node is not None and hops < len(nodes):
            names.append(nodes[node][0])
            node, hops = nodes[node][1], hops + 1
        return " / ".join(reversed(names))

    paths = {pk: path(pk) for pk in nodes}
    families = {pk: (vocabulary if vocabulary else OWN) for pk, (_n, _p, vocabulary, _t) in nodes.items()}
    return paths, families


# --- kept models ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trained:
    """A model ready to propose, whether it was trained now (and in how many seconds) or read."""

    model: Model
    trained: bool
    seconds: float
    path: Path


def model_file(partnership: Partnership | None) -> Path:
    """Where the model of ``partnership`` (all, with None) is kept: ``assistant/`` in the data folder."""
    folder = private_folder(Path(settings.DATA_DIR) / "assistant")
    return folder / f"{partnership.key if partnership is not None else ALL}.npz"


def fingerprint(examples: list[Example], parameters: Parameters) -> str:
    """What a model learned from, in a few bytes: the examples and the parameters, in a stable order
    (fields joined by control characters no text holds: one hash of one string is quick)."""
    from mutuality.analysis.suggestions import FORMAT

    lines = sorted(
        "\x1f".join((e.source, str(e.ref), e.code, e.family, e.assessment, e.role, e.text)) for e in examples
    )
    head = json.dumps([FORMAT, repr(parameters)])
    return hashlib.sha256("\x1e".join([head, *lines]).encode("utf-8", "surrogatepass")).hexdigest()


def model_for(partnership: Partnership | None = None, parameters: Parameters | None = None) -> Trained:
    """The model of ``partnership``'s codings (every partnership's, with None): the one kept if it
    learned from the codings as they are now, else one trained now and kept.

    Raises :class:`~mutuality.analysis.suggestions.NothingToLearn` (word it with :func:`message`)."""
    from mutuality.analysis.suggestions import Parameters, train

    parameters = parameters or Parameters()
    started = time.perf_counter()
    examples = training_examples(partnership)
    stamp = fingerprint(examples, parameters)
    path = model_file(partnership)
    kept = load(path, stamp)
    if kept is not None:
        return Trained(kept, False, time.perf_counter() - started, path)
    model = train(examples, parameters)
    save(model, path, stamp)
    return Trained(model, True, time.perf_counter() - started, path)


def forget_models() -> int:
    """Delete every kept model; return how many. A model quotes coded passages as its reasons, so
    erasing a respondent's sources must not leave their words in it until the next training."""
    folder = Path(settings.DATA_DIR) / "assistant"
    kept = list(folder.glob("*.npz")) if folder.is_dir() else []
    for path in kept:
        path.unlink(missing_ok=True)
    return len(kept)


def save(model: Model, path: Path, stamp: str) -> None:
    """Keep ``model`` in ``path`` with the fingerprint of what it learned from, written whole."""
    import numpy as np

    buffer = io.BytesIO()
    arrays: dict[str, Any] = {"fingerprint": np.array(stamp), **model.to_arrays()}
    np.savez(buffer, allow_pickle=False, **arrays)
    write_whole(path, buffer.getvalue())


def load(path: Path, stamp: str | None = None) -> Model | None:
    """The model kept in ``path`` if it is there, readable, of this format and (given ``stamp``)
    learned from what ``stamp`` fingerprints; otherwise None, and the caller trains one."""
    import numpy as np

    from mutuality.analysis.suggestions import Model

    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays: dict[str, Any] = {name: stored[name] for name in stored.files}
        if stamp is not None and str(arrays.pop("fingerprint")) != stamp:
            return None
        return Model.from_arrays(arrays)
    except (OSError, ValueError, KeyError):
        return None


# --- messages -------------------------------------------------------------------------------


def message(error: NothingToLearn, partnership: Partnership | None = None) -> str:
    """Why no model could be trained, for the person who asked."""
    if not error.counts:
        if partnership is None:
            return gettext(
                "Nothing is coded yet, so the assistant has nothing to learn from: code some passages first."
            )
        return gettext(
            "Nothing is coded yet in %(partnership)s, so the assistant has nothing to learn from: "
            "code some of its passages first."
        ) % {"partnership": partnership.name}
    code, most = max(error.counts.items(), key=lambda item: (item[1], item[0]))
    return ngettext(
        "The assistant proposes a code once %(count)d passage is coded with it; no code is yet "
        "(the most: %(code)s, on %(most)d).",
        "The assistant proposes a code once %(count)d passages are coded with it; no code is yet "
        "(the most: %(code)s, on %(most)d).",
        error.min_examples,
    ) % {"count": error.min_examples, "code": code, "most": most}


def prefix_message(model: Model, prefix: str) -> str | None:
    """Why nothing can be proposed under ``prefix`` (None when some code is): the codes under it
    that have too few passages, or the paths the proposed codes start with."""
    from mutuality.analysis.suggestions import under

    if model.codes_under(prefix):
        return None
    few = sorted(code for code in model.left_out if under(code, prefix))
    if few:
        return ngettext(
            "The assistant proposes a code once %(count)d passage is coded with it; no code under "
            "'%(prefix)s' is yet (%(codes)s).",
            "The assistant proposes a code once %(count)d passages are coded with it; no code under "
            "'%(prefix)s' is yet (%(codes)s).",
            model.parameters.min_examples,
        ) % {"prefix": prefix, "count": model.parameters.min_examples, "codes": ", ".join(few)}
    starts = sorted({code.split("/")[0].strip() for code in model.codes})
    return gettext("The assistant proposes no code under '%(prefix)s'; its codes are under: %(starts)s.") % {
        "prefix": prefix,
        "starts": ", ".join(starts),
    }
