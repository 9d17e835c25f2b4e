"""The coding workbench of a source: what it shows (the text with its codings marked, their stripes in
the margin, the list of codings, the code tree, the codes used last) and the one action it can undo.

The source page renders all of it; after a coding is added, changed, removed or undone, the page's
script asks for the parts that changed only (htmx swaps them in by their ids: ``_workbench_parts``),
so the coder never waits for the whole page. Both come from :func:`parts`, so they cannot differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.accounts.access import Access
from mutuality.analysis.folding import fold_text
from mutuality.evidence import codebook
from mutuality.evidence.models import Code, Coding, Source
from mutuality.evidence.render import lanes, segments
from mutuality.ids import parse_ids
from mutuality.languages import CODES as LANGUAGES
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence.forms import CodingMemoForm
from mutuality.web.evidence.forms_coding import CHANGED_FIELDS

RECENT = "workbench_recent_codes"  # session key: the ids of the codes applied last, newest first
UNDO = "workbench_undo"  # session key: the last action on a source's codings, to undo
RECENT_COUNT = 10  # the codes a digit key applies: 1 … 9, then 0
# The buttons that move a coding's edges by a word: edge, step, what it does, its mark.
EDGE_BUTTONS = (
    ("start", -1, _("Start a word earlier"), "⟨+"),
    ("start", 1, _("Start a word later"), "⟨−"),
    ("end", -1, _("End a word earlier"), "−⟩"),
    ("end", 1, _("End a word later"), "+⟩"),
)


@dataclass
class Shown:
    """Which of the reader's codings the text shows: all, or those of some codes or one coder."""

    codes: set[int] = field(default_factory=set)  # with their sub-codes; empty: every code
    coder: str = ""  # a username; empty: every coder
    chosen: set[int] = field(default_factory=set)  # the codes chosen, without their sub-codes

    @classmethod
    def from_query(cls, query: Any) -> Shown:
        chosen = parse_ids(query.getlist("show")) if hasattr(query, "getlist") else []
        codes = set(chosen)
        for pk in chosen:
            code = Code.objects.filter(pk=pk).first()
            if code is not None:
                codes |= codebook.descendants(code)
        return cls(codes=codes, coder=query.get("coder", "").strip(), chosen=set(chosen))

    def keeps(self, coding: Coding) -> bool:
        if self.codes and coding.code_id not in self.codes:
            return False
        return not self.coder or coding.coder.get_username() == self.coder

    @property
    def narrowed(self) -> bool:
        return bool(self.codes or self.coder)

    @property
    def query(self) -> str:
        """The choice as a query string, for the forms that answer with the workbench's parts."""
        return urlencode(
            [("show", pk) for pk in sorted(self.chosen)] + ([("coder", self.coder)] if self.coder else [])
        )


def visible_codings(access: Access, source: Source) -> list[Coding]:
    """The codings of the source's current version this reader may see, in the order of the text."""
    if source.current is None:
        return []
    on_version = Coding.objects.filter(version=source.current)
    on_version = on_version.select_related("code", "coder", "concerns_side__municipality")
    return list(access.codings(on_version).prefetch_related("projects").order_by("start", "end", "pk"))


def parts(
    request: HttpRequest,
    source: Source,
    access: Access,
    *,
    focus: int | None = None,
    shown: Shown | None = None,
    changed_codes: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Everything of the workbench that changes with the source's codings, for the page or its update.

    ``changed_codes``, for an update, are the codes whose counts changed (their counts only are
    sent again); on the page every code is counted in the source, and in the whole project by a
    request of its own (:func:`project_counts`), so a large project does not slow the page down.
    """
    shown = shown or Shown()
    every = visible_codings(access, source)
    codings = [coding for coding in every if shown.keeps(coding)]
    by_id = {coding.pk: coding for coding in codings}
    paths = code_paths()
    for coding in codings:  # what the list shows of each, beside the coding itself
        coding.memo_form = CodingMemoForm(coding=coding, auto_id=False)  # type: ignore[attr-defined]
        coding.path = paths.get(coding.code_id, "")  # type: ignore[attr-defined]
    pieces: list[dict[str, Any]] = []
    stripes: list[dict[str, Any]] = []
    version = source.current
    if version is not None:
        # The text as this reader may read it (names replaced unless they may see them), with the
        # codings moved onto it; the coding form sends offsets in this text (coding_create).
        text = reader_of(request).replaced(version.text, source)
        spans = [(c.pk, text.start(c.start), text.end(c.end)) for c in codings]
        for segment in segments(len(text.text), spans):
            covering = [by_id[pk] for pk in segment.codings]
            focused = focus in segment.codings
            pieces.append(
                {
                    "text": text.text[segment.start : segment.end],
                    "codings": covering,
                    "ids": " ".join(str(c.pk) for c in covering),
                    "colour": covering[-1].code.colour if covering else "",
                    "under": covering[-2].code.colour if len(covering) > 1 else "",
                    "focused": focused,
                    "anchor": focused and not any(piece["focused"] for piece in pieces),
                }
            )
        placed = lanes(spans)
        stripes = [{"coding": by_id[pk], "lane": lane} for pk, lane in placed.items()]
    in_source = Counter(coding.code_id for coding in every)
    counted = set(in_source) | set(changed_codes or ())
    return {
        "pieces": pieces,
        "stripes": stripes,
        "lane_count": max((stripe["lane"] for stripe in stripes), default=-1) + 1,
        "codings": codings,
        "hidden_count": len(every) - len(codings),
        "coders": sorted({coding.coder.get_username() for coding in every}),
        "shown": shown,
        "in_source": in_source,
        "changed_counts": [
            {"code": pk, "in_source": in_source.get(pk, 0), "in_project": count}
            for pk, count in project_counts(access, changed_codes).items()
        ]
        if changed_codes is not None
        else [],
        "counted": counted,
        "recent": recent_codes(request),
        "undo": undo_label(request, source),
        "focus": focus,
        "edge_buttons": EDGE_BUTTONS,
    }


def code_paths() -> dict[int, str]:
    """Every code's path in the reader's language (framework names translated), read at once."""
    codes = {code.pk: code for code in Code.objects.only("pk", "name", "parent_id")}
    paths: dict[int, str] = {}

    def path(pk: int) -> str:
        if pk not in paths:
            code = codes[pk]
            name = gettext(code.name)
            paths[pk] = f"{path(code.parent_id)} / {name}" if code.parent_id in codes else name
        return paths[pk]

    for pk in codes:
        path(pk)
    return paths


def project_counts(access: Access, codes: Iterable[int] | None = None) -> dict[int, int]:
    """How many codings of each code (of ``codes`` only, when given) this reader may see."""
    visible = access.codings(Coding.objects.all())
    if codes is not None:
        wanted = list(codes)
        counts = {pk: 0 for pk in wanted}
        visible = visible.filter(code_id__in=wanted)
    else:
        counts = {}
    counts.update(visible.order_by().values_list("code_id").annotate(n=Count("id")))
    return counts


def code_tree(in_source: Counter[int]) -> list[dict[str, Any]]:
    """The codebook as a tree for the picker: each code with its depth, the codes under it, the
    number of its codings in this source, and its name in every language, folded (lower case,
    without accents), so typing a few letters of it in any of them finds it."""
    rows = codebook.code_tree()
    names: dict[int, set[str]] = {code.pk: {fold_text(code.name)} for code, _depth in rows}
    for language in LANGUAGES:
        with translation.override(language):
            for code, _depth in rows:
                if code.vocabulary:
                    names[code.pk].add(fold_text(gettext(code.name)))
    tree = []
    for index, (code, depth) in enumerate(rows):
        following = rows[index + 1][1] if index + 1 < len(rows) else 0
        tree.append(
            {
                "code": code,
                "depth": depth,
                "parent": code.parent_id or "",
                "has_children": following > depth,
                "closes": range(max(0, depth - following)),
                "names": " ".join(sorted(names[code.pk])),
                "in_source": in_source.get(code.pk, 0),
                "pickable": not (code.vocabulary and not code.term),
            }
        )
    return tree


def remember_code(request: HttpRequest, codes: Iterable[int]) -> None:
    """The codes just applied go first among the codes used last."""
    recent = [pk for pk in codes] + [pk for pk in request.session.get(RECENT, []) if pk not in set(codes)]
    request.session[RECENT] = recent[:RECENT_COUNT]


def recent_codes(request: HttpRequest) -> list[dict[str, Any]]:
    """The codes used last, each with the key that applies it (1 … 9, then 0)."""
    ids = request.session.get(RECENT, [])
    codes = Code.objects.in_bulk(ids)
    found = [codes[pk] for pk in ids if pk in codes]
    return [{"code": code, "key": str((index + 1) % 10)} for index, code in enumerate(found)]


# --- undo -------------------------------------------------------------------------------------


def snapshot(coding: Coding) -> dict[str, Any]:
    """A coding's values, enough to make it again as it was (or to put its changed values back)."""
    values = {name: getattr(coding, name) for name in (*CHANGED_FIELDS, "start", "end")}
    values["projects"] = sorted(project.pk for project in coding.projects.all())
    values["pk"] = coding.pk
    values["version_id"] = coding.version_id
    values["coder_id"] = coding.coder_id
    return values


def remember(request: HttpRequest, source: Source, action: str, codings: list[dict[str, Any]]) -> None:
    """The last action on this user's codings: ``coded`` (their ids), ``changed`` (their values before),
    ``removed`` (their values). Only the last one is kept, for one undo."""
    request.session[UNDO] = {"source": source.pk, "action": action, "codings": codings}


def forget(request: HttpRequest) -> None:
    request.session.pop(UNDO, None)


def last_action(request: HttpRequest, source: Source) -> dict[str, Any] | None:
    action = request.session.get(UNDO)
    return action if action and action.get("source") == source.pk else None


def undo_label(request: HttpRequest, source: Source) -> str:
    """What the undo button would undo, in words; empty when there is nothing to undo here."""
    action = last_action(request, source)
    if action is None:
        return ""
    labels = {
        "coded": gettext("Undo: the coding just added"),
        "changed": gettext("Undo: the change just made"),
        "removed": gettext("Undo: the coding just removed"),
    }
    return labels.get(action["action"], "")
