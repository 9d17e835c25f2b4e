"""The coding workbench of a source: what it shows (the text with its codings marked, their stripes in
the margin, the list of codings, the code tree, the codes used last) and the one action it can undo.

The source page renders all of it; after a coding is added, changed, removed or undone, the page's
script asks for the parts that changed only (htmx swaps them in by their ids: ``_workbench_parts``),
so the coder never waits for the whole page. Both come from :func:`parts`, so they cannot differ.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality import catalogues
from mutuality.accounts.access import Access
from mutuality.analysis.folding import fold_text
from mutuality.evidence import codebook
from mutuality.evidence.models import Code, Coding, Source, SourceVersion
from mutuality.evidence.render import Segment, lanes, segments
from mutuality.framework import vocabulary
from mutuality.ids import parse_ids
from mutuality.languages import CODES as LANGUAGES
from mutuality.partnerships.models import Side
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence.forms_coding import CHANGED_FIELDS

RECENT = "workbench_recent_codes"  # session key: the ids of the codes applied last, newest first
UNDO = "workbench_undo"  # session key: the last action on a source's codings, to undo
RECENT_COUNT = 10  # the codes a digit key applies: 1 … 9, then 0
LIST_FIRST = 20  # the codings the list on the page holds (below the form, out of sight); the rest come after
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

    def keeps(self, coding: Placed) -> bool:
        if self.codes and coding.code_id not in self.codes:
            return False
        return not self.coder or coding.coder == self.coder

    @property
    def narrowed(self) -> bool:
        return bool(self.codes or self.coder)

    @property
    def query(self) -> str:
        """The choice as a query string, for the forms that answer with the workbench's parts."""
        return urlencode(
            [("show", pk) for pk in sorted(self.chosen)] + ([("coder", self.coder)] if self.coder else [])
        )


class Placed(NamedTuple):
    """Where a coding is and what it is, all the text and the margin need of it."""

    pk: int
    start: int
    end: int
    code_id: int
    coder: str  # username


def readable_on(access: Access, version: SourceVersion) -> QuerySet[Any]:
    """The codings of ``version`` this reader may see (``Access.codings_on``: asked once for the
    source, then reused by the text, the margin and the list)."""
    return access.codings_on(version.source, Coding.objects.filter(version=version))


def placed_codings(
    access: Access, version: SourceVersion | None, readable: QuerySet[Any] | None = None
) -> list[Placed]:
    """The codings of a source's current ``version`` this reader may see (``readable``, when the
    caller has them), in the order of the text, read as plain rows: the workbench reads them after
    every coding, and a transcript has hundreds."""
    if version is None:
        return []
    on_version = (readable if readable is not None else readable_on(access, version)).order_by(
        "start", "end", "pk"
    )
    return [
        Placed(*row) for row in on_version.values_list("pk", "start", "end", "code_id", "coder__username")
    ]


def visible_codings(
    access: Access,
    version: SourceVersion | None,
    only: Iterable[int] | None = None,
    readable: QuerySet[Any] | None = None,
    known: Iterable[Coding] = (),
) -> list[Coding]:
    """The codings of a source's current ``version`` this reader may see (``readable``, when the
    caller has them; of ``only`` these ids, when given), in the order of the text, for the list:
    their codes, coders, sides and projects are read once each and set on them, not joined per coding.
    ``known``: codings the caller holds whole, with all the list shows of them (those just saved by
    the coding form): when ``only`` asks for these alone, they are not read again."""
    if version is None:
        return []
    held = {coding.pk: coding for coding in known}
    if only is not None and held:
        wanted = set(only)
        if wanted <= held.keys():
            return sorted((held[pk] for pk in wanted), key=lambda c: (c.start, c.end, c.pk))
    on_version = (readable if readable is not None else readable_on(access, version)).defer("folded_quote")
    if only is not None:
        on_version = on_version.filter(pk__in=list(only))
    codings = list(on_version.order_by("start", "end", "pk"))
    codes = Code.objects.in_bulk({coding.code_id for coding in codings})
    users = get_user_model().objects.in_bulk({coding.coder_id for coding in codings})
    sides = Side.objects.select_related("municipality").in_bulk(
        {coding.concerns_side_id for coding in codings if coding.concerns_side_id}
    )
    links = Coding.projects.through.objects.filter(coding__in=[c.pk for c in codings]).select_related(
        "project"
    )
    projects: dict[int, list[Any]] = {}
    for link in links.order_by("project__name"):
        projects.setdefault(link.coding_id, []).append(link.project)
    for coding in codings:
        coding.code = codes[coding.code_id]
        coding.coder = users[coding.coder_id]
        coding.concerns_side = sides.get(coding.concerns_side_id) if coding.concerns_side_id else None
        coding.project_list = projects.get(coding.pk, [])
    return codings


def parts(
    request: HttpRequest,
    source: Source,
    access: Access,
    *,
    focus: int | None = None,
    shown: Shown | None = None,
    changed_codes: Iterable[int] | None = None,
    full: bool = True,
    listed: Iterable[int] | None = None,
    touched: dict[int, Placed | None] | None = None,
    list_first: int | None = None,
    version: SourceVersion | None = None,
    known: Iterable[Coding] = (),
) -> dict[str, Any]:
    """Everything of the workbench that changes with the source's codings, for the page or its update.

    ``changed_codes``, for an update, are the codes whose counts changed (their counts only are
    sent again); on the page every code is counted in the source, and in the whole project by a
    request of its own (:func:`project_counts`), so a large project does not slow the page down.
    The list's codings are read whole only when the whole list is sent (``full``); an update sends
    the ``listed`` ones alone. ``touched``, for an update, are the codings just added, changed or
    removed, each with where it was before (None: it was not there): only the pieces of the text
    they cover, then or now, and the stripes whose place changed are sent again (``text_pieces``,
    ``stripe_parts``), so the browser lays out a few lines instead of the whole transcript.
    ``list_first``: on the page, the list holds this many codings (and any up to the focused one);
    the page's script asks for the rest once the text is shown (:func:`listed_after`).
    ``version``: the source's current version, when the caller has read it (the coding form has);
    ``known``: codings it holds whole (see :func:`visible_codings`).
    """
    shown = shown or Shown()
    version = version or source.current
    readable = readable_on(access, version) if version is not None else None
    every = placed_codings(access, version, readable)
    placed_shown = [coding for coding in every if shown.keeps(coding)]
    codes, paths = code_colours_and_paths()
    marks, stripes, lane_count = "", "", 0
    text_pieces: list[SafeString] | None = None
    stripe_parts: list[SafeString] | None = None
    if version is not None:
        # The text as this reader may read it (names replaced unless they may see them), with the
        # codings moved onto it; the coding form sends offsets in this text (coding_create).
        text = reader_of(request).replaced(version.text, source)
        spans = [(c.pk, text.start(c.start), text.end(c.end)) for c in placed_shown]
        code_of = {c.pk: c.code_id for c in placed_shown}
        starts = piece_starts(text.text)
        runs = segments(len(text.text), spans)
        lane_of = lanes(spans)
        lane_count = max(lane_of.values(), default=-1) + 1
        if touched is None:
            pieces = marked_pieces(text.text, starts, runs, code_of, codes, focus)
            marks = mark_safe("".join(pieces.values()))  # noqa: S308 - written escaped by marked_pieces
            stripes = mark_safe("".join(margin_stripes(lane_of, code_of, codes, paths).values()))  # noqa: S308
        else:
            before = {c.pk: c for c in every}
            for pk, was in touched.items():
                if was is None:
                    before.pop(pk, None)
                else:
                    before[pk] = was
            before_shown = [c for c in before.values() if shown.keeps(c)]
            # Where the codings touched are and were, in the text as shown.
            ranges = [(text.start(c.start), text.end(c.end)) for c in placed_shown if c.pk in touched]
            ranges += [(text.start(c.start), text.end(c.end)) for c in before_shown if c.pk in touched]
            covered = set(pieces_over(starts, len(text.text), ranges))
            pieces = marked_pieces(text.text, starts, runs, code_of, codes, focus, only=covered)
            text_pieces = [piece_update(index, html) for index, html in sorted(pieces.items())]
            lanes_before = lanes((c.pk, text.start(c.start), text.end(c.end)) for c in before_shown)
            moved = {pk for pk, lane in lane_of.items() if pk in touched or lanes_before.get(pk) != lane}
            drawn = margin_stripes({pk: lane_of[pk] for pk in moved}, code_of, codes, paths)
            stripe_parts = [stripe_update(pk, html, new=pk not in lanes_before) for pk, html in drawn.items()]
            stripe_parts += [stripe_removal(pk) for pk in lanes_before if pk not in lane_of]
    wanted = None if full else [pk for pk in listed or () if pk in {c.pk for c in placed_shown}]
    order = [coding.pk for coding in placed_shown]
    if full and list_first is not None and list_first < len(order):
        if focus in order:
            list_first = max(list_first, order.index(focus) + 1)
        wanted = order[:list_first]
    codings = visible_codings(access, version, wanted, readable, known)
    if full:
        shown_ids = {c.pk for c in placed_shown}
        codings = [coding for coding in codings if coding.pk in shown_ids]
    for coding in codings:  # what the list shows of each, beside the coding itself
        coding.path = paths.get(coding.code_id, "")  # type: ignore[attr-defined]
    items = CodingItems(
        request, source, can_code=access.can_code_source(source), can_manage=access.can_manage_source(source)
    )
    in_source = Counter(coding.code_id for coding in every)
    return {
        "marks": marks,
        "stripes": stripes,
        "lane_count": lane_count,
        "text_pieces": text_pieces,
        "stripe_parts": stripe_parts,
        "codings": codings,
        "order": order,
        "more_codings": len(order) - len(codings) if full else 0,
        "items": items,
        "list_html": partial(items.all, codings, focus),  # written only where the whole list is sent
        "hidden_count": len(every) - len(placed_shown),
        "coders": sorted({coding.coder for coding in every}),
        "shown": shown,
        "in_source": in_source,
        # The codes whose counts changed: in this source at once; in all sources the page asks for
        # apart (project_counts), so counting a large project never holds up the coding.
        "changed_counts": [
            {"code": pk, "in_source": in_source.get(pk, 0)} for pk in sorted(changed_codes or ())
        ],
        "recent": recent_codes(request),
        "undo": undo_label(request, source),
        "focus": focus,
    }


PIECE = 1000  # about how many characters of the text each piece holds (see piece_starts)
_SPACE = re.compile(r"\s")
_LINE_END = re.compile(r"\n+")


def piece_starts(text: str) -> list[int]:
    """Where each piece of the text begins: once ``PIECE`` characters have passed, after the next
    line break (within three pieces' length), else after the next space. A piece is the part of the
    text sent again when a coding in it changes; the pieces depend on the text alone, never on its
    codings, so a piece sent later fits where it was. Cut at line ends, a piece is a block of whole
    lines (see :func:`marked_pieces`), which the browser lays out again alone when it comes back."""
    starts = [0]
    while (at := starts[-1] + PIECE) < len(text):
        cut = _LINE_END.search(text, at, at + 3 * PIECE) or _SPACE.search(text, at)
        if cut is None or cut.end() >= len(text):
            break
        starts.append(cut.end())
    return starts


def _whole_lines(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] begins and ends where lines do (at a line break or the text's edge)."""
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end - 1] == "\n")


def pieces_over(starts: list[int], length: int, ranges: Iterable[tuple[int, int]]) -> list[int]:
    """The indexes of the pieces that hold any of the ``ranges`` of the text, in order."""
    ends = [*starts[1:], length]
    return [
        index
        for index, (left, right) in enumerate(zip(starts, ends, strict=True))
        if any(start < right and end > left for start, end in ranges)
    ]


def marked_pieces(
    text: str,
    starts: list[int],
    runs: list[Segment],
    code_of: dict[int, int],
    colours: dict[int, str],
    focus: int | None,
    only: set[int] | None = None,
) -> dict[int, str]:
    """The text in its pieces (see :func:`piece_starts`; of those ``only`` when given, as an update
    sends), each a ``<span id="piece-N">`` (of class ``lines``, laid out as a block, when it holds
    whole lines) with each run of coded words in a ``<mark>``: its top
    coding's colour, the one under it underlined where two overlap, the ids of all its codings; the
    focused coding's first run is ``#passage``. Written here, not by a template: a transcript has
    hundreds of runs. Every text in it is escaped."""
    cuts = [*starts[1:], len(text)]
    pieces: dict[int, str] = {}
    out: list[str] = []
    anchored = False
    piece = 0

    def close_piece() -> None:
        nonlocal out
        if only is None or piece in only:
            kind = "piece lines" if _whole_lines(text, starts[piece], cuts[piece]) else "piece"
            pieces[piece] = f'<span class="{kind}" id="piece-{piece}">{"".join(out)}</span>'
        out = []

    for run in runs:
        left = run.start
        while left < run.end:
            right = min(run.end, cuts[piece])
            if only is not None and piece not in only:
                anchored = anchored or focus in run.codings  # not written, but the anchor is there
            elif not run.codings:
                out.append(escape(text[left:right]))
            else:
                style = f"--code-colour: {colours[code_of[run.codings[-1]]]}"
                classes = "coded"
                if len(run.codings) > 1:
                    classes += " overlap"
                    style += f"; --code-colour-2: {colours[code_of[run.codings[-2]]]}"
                anchor = ""
                if focus in run.codings:
                    classes += " focused"
                    anchor = "" if anchored else ' id="passage"'
                    anchored = True
                ids = " ".join(str(pk) for pk in run.codings)
                out.append(
                    f'<mark class="{classes}"{anchor} data-codings="{ids}" style="{escape(style)}">'
                    f"{escape(text[left:right])}</mark>"
                )
            left = right
            if right == cuts[piece] and piece < len(cuts) - 1:
                close_piece()
                piece += 1
    close_piece()
    return pieces


def piece_update(index: int, html: str) -> SafeString:
    """A piece of the text to put instead of itself (an htmx out-of-band swap, by its id)."""
    return mark_safe(html.replace(f' id="piece-{index}">', f' id="piece-{index}" hx-swap-oob="true">', 1))  # noqa: S308


def margin_stripes(
    lane_of: dict[int, int], code_of: dict[int, int], colours: dict[int, str], paths: dict[int, str]
) -> dict[int, str]:
    """A stripe per coding, in its lane, in its code's colour, named by its code's path (the page's
    script places it beside the lines the coding covers); every text in it escaped."""
    stripes = {}
    for pk, lane in lane_of.items():
        code = code_of[pk]
        style = escape(f"--code-colour: {colours[code]}; --lane: {lane}")
        stripes[pk] = (
            f'<span class="stripe" id="stripe-{pk}" data-coding="{pk}" style="{style}"'
            f' title="{escape(paths[code])}"></span>'
        )
    return stripes


def stripe_update(pk: int, html: str, *, new: bool) -> SafeString:
    """A stripe to add to the margin, or to put instead of itself (htmx out-of-band swaps)."""
    if new:  # htmx inserts what the wrapper holds
        return mark_safe(f'<div hx-swap-oob="beforeend:#margin">{html}</div>')  # noqa: S308
    return mark_safe(html.replace(f' id="stripe-{pk}"', f' id="stripe-{pk}" hx-swap-oob="true"', 1))  # noqa: S308


def stripe_removal(pk: int) -> SafeString:
    return format_html('<span id="stripe-{}" hx-swap-oob="delete"></span>', pk)


class CodingItems:
    """The codings list's items, written here rather than by a template (hundreds per transcript,
    sent again after a change): each coding's code, grades, side, country, projects, words and memo
    as the reader may read them, and a link to change it for whoever may."""

    def __init__(self, request: HttpRequest, source: Source, *, can_code: bool, can_manage: bool) -> None:
        self.source, self.user_id = source, request.user.pk
        self.can_code, self.can_manage = can_code, can_manage
        self.reader = reader_of(request)
        self.labels = {
            name: {term.key: gettext(term.label) for term in vocabulary(name)}
            for name in ("assessment", "factor_role")
        }
        self.change = reverse("coding-change", args=[2**31 - 1]).replace(str(2**31 - 1), "{}")
        self.passages = reverse("code-passages", args=[2**31 - 1]).replace(str(2**31 - 1), "{}")
        self.change_label = escape(gettext("Change"))

    def __call__(self, coding: Coding, *, focus: int | None = None, swap: str = "") -> SafeString:
        badges: list[str] = [
            f'<span class="badge">{escape(self.labels[name].get(getattr(coding, name), getattr(coding, name)))}</span>'
            for name in ("assessment", "factor_role")
            if getattr(coding, name)
        ]
        if coding.concerns_side is not None:
            badges.append(
                f'<span class="badge"><bdi>{escape(coding.concerns_side.municipality.name)}</bdi></span>'
            )
        if coding.concerns_country:
            badges.append(f'<span class="badge">{escape(coding.get_concerns_country_display())}</span>')
        for project in getattr(coding, "project_list", []):
            badges.append(f'<span class="badge project"><bdi>{escape(project.name)}</bdi></span>')
        memo = ""
        if coding.memo:
            memo = f' · <span class="coding-memo" dir="auto">{escape(self.reader.text(coding.memo, self.source))}</span>'
        change = ""
        if (coding.coder_id == self.user_id and self.can_code) or self.can_manage:
            url = self.change.format(coding.pk)
            change = f' <a class="button secondary small" href="{url}" data-change="{coding.pk}">{self.change_label}</a>'
        current = ' class="current"' if coding.pk == focus else ""
        oob = f' hx-swap-oob="{escape(swap)}"' if swap else ""
        colour = escape(coding.code.colour)
        return mark_safe(  # noqa: S308 - every text in it escaped
            f'<li id="c{coding.pk}" data-coding="{coding.pk}"{current}{oob}>'
            f'<span class="swatch" style="--code-colour: {colour}"></span> '
            f'<a href="{self.passages.format(coding.code_id)}"><bdi>{escape(getattr(coding, "path", ""))}</bdi></a> '
            + " ".join(badges)
            + f'\n  <blockquote dir="auto">{escape(self.reader.text(coding.quote, self.source))}</blockquote>'
            f"\n  <small>{escape(coding.coder.get_username())}{memo}</small>{change}</li>"
        )

    def all(self, codings: list[Coding], focus: int | None) -> SafeString:
        return mark_safe("\n".join(self(coding, focus=focus) for coding in codings))  # noqa: S308


def listed_after(
    request: HttpRequest, source: Source, access: Access, shown: Shown, start: int
) -> SafeString:
    """The list's items after the first ``start`` (in the order of the text), asked for by the page
    once its text is shown, so a transcript with hundreds of codings opens at once."""
    order = [coding.pk for coding in placed_codings(access, source.current) if shown.keeps(coding)]
    codings = visible_codings(access, source.current, order[max(start, 0) :])
    paths = code_paths()
    for coding in codings:
        coding.path = paths.get(coding.code_id, "")  # type: ignore[attr-defined]
    items = CodingItems(
        request, source, can_code=access.can_code_source(source), can_manage=access.can_manage_source(source)
    )
    return items.all(codings, None)


def code_paths() -> dict[int, str]:
    """Every code's path in the reader's language (framework names translated), read at once."""
    return code_colours_and_paths()[1]


def code_colours_and_paths() -> tuple[dict[int, str], dict[int, str]]:
    """Every code's colour and its path in the reader's language (framework names translated),
    from one read of the codes."""
    rows = list(Code.objects.values_list("pk", "name", "parent_id", "colour"))
    codes = {pk: (name, parent) for pk, name, parent, _colour in rows}
    colours = {pk: colour for pk, _name, _parent, colour in rows}
    paths: dict[int, str] = {}

    def path(pk: int) -> str:
        if pk not in paths:
            name, parent = codes[pk]
            shown = code_name(name)
            paths[pk] = f"{path(parent)} / {shown}" if parent in codes else shown
        return paths[pk]

    for pk in codes:
        path(pk)
    return colours, paths


def project_counts(access: Access, codes: Iterable[int] | None = None) -> dict[int, int]:
    """How many codings of each code (of ``codes`` only, when given) this reader may see."""
    visible = access.codings(Coding.objects.all())
    if codes is not None:
        wanted = list(codes)
        counts = {pk: 0 for pk in wanted}
        visible = visible.filter(code_id__in=wanted)
    else:
        counts = {}
    counts.update(visible.order_by().values_list("code_id").annotate(n=Count("*")))
    return counts


def code_tree(in_source: Counter[int]) -> list[dict[str, Any]]:
    """The codebook as a tree for the picker: each code with its depth, the codes under it, the
    number of its codings in this source, and its name in every language, folded (lower case,
    without accents), so typing a few letters of it in any of them finds it."""
    rows = codebook.code_tree()
    names = {code.pk: _searched_names(code.name, bool(code.vocabulary)) for code, _depth in rows}
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
                "names": names[code.pk],
                "in_source": in_source.get(code.pk, 0),
                "pickable": not (code.vocabulary and not code.term),
            }
        )
    return tree


def code_name(name: str) -> str:
    """A code's name in the reader's language, as the catalogues translate it (a name they do not
    hold, such as most of a project's own codes, as it is)."""
    return _code_name(translation.get_language(), name)


@lru_cache(maxsize=8192)
def _code_name(language: str | None, name: str) -> str:
    """Kept for the process, as :func:`_searched_names`: the whole codebook is named twice on every
    page of the workbench, a thousandth of a second of looking up translations."""
    with translation.override(language):
        return gettext(name)


@lru_cache(maxsize=4096)
def _searched_names(name: str, framework: bool) -> str:
    """A code's name folded, and a framework code's in every language, as the search finds it.
    Kept for the process (the catalogues of translations do not change while it runs): worked out
    for every code on every page, it was a seventh of the page's time. The other languages' names
    are read from the catalogues in place (:mod:`mutuality.catalogues`), not through Django, which
    would keep every language's whole catalogue in a server whose readers use one."""
    names = {fold_text(name)}
    if framework:
        names.update(fold_text(catalogues.translated(name, language)) for language in LANGUAGES)
    return " ".join(sorted(names))


def tree_html(tree: list[dict[str, Any]], ticked: int | None = None) -> SafeString:
    """The code tree's items (see :func:`code_tree`), written here rather than by a template: the
    page of every source has the whole codebook."""
    toggle = escape(gettext("Show or hide the codes under it"))
    counted = escape(gettext("codings in this source · in all sources"))
    out = []
    for row in tree:
        code = row["code"]
        name = escape(code_name(code.name))
        expanded = ' aria-expanded="true"' if row["has_children"] else ""
        draggable = ' draggable="true"' if row["pickable"] else ""
        out.append(
            f'<li role="treeitem" data-code="{code.pk}" data-parent="{row["parent"]}"'
            f' data-names="{escape(row["names"])}"{expanded}{draggable}><div class="code-row">'
        )
        if row["has_children"]:
            out.append(f'<button type="button" class="toggle link" aria-label="{toggle}"></button>')
        if row["pickable"]:
            checked = " checked" if code.pk == ticked else ""
            colour = escape(code.colour)
            out.append(
                f'<label><input type="checkbox" name="codes" value="{code.pk}"{checked}>'
                f'<span class="swatch" style="--code-colour: {colour}"></span> '
                f'<span class="code-name" dir="auto">{name}</span></label>'
            )
        else:
            out.append(f'<span class="code-group" dir="auto">{name}</span>')
        out.append(
            f' <span id="count-{code.pk}" class="count" title="{counted}">{row["in_source"]} · …</span></div>'
        )
        out.append('<ul role="group">' if row["has_children"] else "</li>")
        out.append("</ul></li>" * len(row["closes"]))
    return mark_safe("\n".join(out))  # noqa: S308 - the names and colours escaped


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


def was_placed(values: dict[str, Any], coder: str) -> Placed:
    """Where a coding was, from its :func:`snapshot`, for the update that redraws it (``touched``)."""
    return Placed(values["pk"], values["start"], values["end"], values["code_id"], coder)


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
