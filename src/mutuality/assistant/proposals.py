"""The suggestions shown beside a source: codes proposed for its passages not yet coded, each with
the passages like it already coded, as the reader may read them (the acceptance rate of what
people decided is :mod:`mutuality.assistant.decisions`).

The proposing is :func:`mutuality.analysis.suggestions.suggest`; this module chooses what it is
asked and what of its answer is shown:

* **Passages not yet coded**: the sentences of the source's current version that no coding the
  reader may read overlaps (a blind coder's own codings only, so the others' do not show through).
* **One suggestion per passage**, the most likely code the reader has not rejected for that
  passage; the passages most likely first.
* **Reasons as the reader may read them**: only passages coded in codings the reader may read now
  (``Access.codings``: rights and blind coding, whatever the model learned from), each quoted from
  its source's text with the names this reader may not read replaced (``privacy.reader``).
* **Offsets both ways**: a proposal keeps the passage's code points in the stored text (as a
  coding does, and a decision records) and gives the browser UTF-16 offsets in the text as this
  reader is shown it, with its words, as the coding form takes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from mutuality.accounts.access import Access
from mutuality.analysis.suggestions import Model, Passage, Suggestion, passages, suggest
from mutuality.assistant.models import Decision
from mutuality.assistant.store import code_paths
from mutuality.evidence.models import Code, Coding, Source, SourceVersion
from mutuality.evidence.offsets import codepoint_to_utf16
from mutuality.privacy.pseudonymise import Replaced
from mutuality.privacy.reader import ReaderNames

PER_PAGE = 10
REASONS = 3


@dataclass(frozen=True)
class ShownReason:
    """A passage already coded with the proposed code, as the reader may read it."""

    quote: str
    title: str
    source_key: str
    coding: int
    similarity: float


@dataclass(frozen=True)
class Proposal:
    """A code proposed for one passage of a source's current version."""

    version: int
    start: int  # code points in the stored text, as a coding's
    end: int
    shown_start: int  # UTF-16 units in the text as the reader is shown it, as the coding form takes them
    shown_end: int
    quote: str  # the words as the reader is shown them
    code: Code
    confidence: float
    assessment: str
    role: str
    reasons: tuple[ShownReason, ...]

    @property
    def likelihood(self) -> str:
        return likelihood(self.confidence)


@dataclass(frozen=True)
class Proposals:
    """One page of the proposals for a source, most likely first, and how many there are in all."""

    items: list[Proposal]
    total: int
    page: int
    pages: int


def likelihood(confidence: float) -> str:
    """A confidence in words. The assistant's confidences are cautious (bench/RESULTS.md: of its
    proposals at 0.2–0.3, 43 % were right), so the words are too."""
    if confidence >= 0.7:
        return gettext("very likely")
    if confidence >= 0.4:
        return gettext("likely")
    if confidence >= 0.2:
        return gettext("possible")
    return gettext("a guess")


def propose(
    model: Model,
    source: Source,
    version: SourceVersion,
    access: Access,
    reader: ReaderNames,
    *,
    page: int = 1,
) -> Proposals:
    """The proposals for the passages of ``version`` that ``access``'s user has not coded, page ``page``."""
    text = version.text
    coded = list(access.codings(Coding.objects.filter(version=version)).values_list("start", "end"))
    open_passages = [p for p in passages(text) if not _overlaps(p, coded)]
    shown = reader.replaced(text, source)
    # The model learned from texts with the names replaced; it is asked in the same words.
    replaced = shown if not reader.shows_names(source) else reader.pseudonymiser.replace(text, source.pk)
    rejected = Counter(
        (start, end, code)
        for start, end, code in Decision.objects.filter(
            user=access.user, version=version, outcome=Decision.Outcome.REJECTED
        ).values_list("start", "end", "code_id")
    )
    per_passage = Counter((start, end) for start, end, _code in rejected)
    top = 1 + max(per_passage.values(), default=0)
    paths, _families = code_paths()
    ids = {path: pk for pk, path in paths.items()}
    visible = _visible(model, access)
    found = suggest(
        model,
        [replaced.text[replaced.start(p.start) : replaced.end(p.end)] for p in open_passages],
        top=top,
        reasons=REASONS,
        may_show=lambda _source, ref: ref in visible,
    )
    chosen: list[tuple[Passage, Suggestion, int]] = []
    for passage, proposals in zip(open_passages, found, strict=True):
        for proposal in proposals:
            code = ids.get(proposal.code)
            if code is not None and (passage.start, passage.end, code) not in rejected:
                chosen.append((passage, proposal, code))
                break
    chosen.sort(key=lambda item: -item[1].confidence)  # stable: the text's order among equals
    pages = max(1, -(-len(chosen) // PER_PAGE))
    page = min(max(page, 1), pages)
    shown_items = chosen[(page - 1) * PER_PAGE : page * PER_PAGE]
    codes = Code.objects.select_related("parent__parent").in_bulk([code for _p, _s, code in shown_items])
    reasons = _reasons([s for _p, s, _c in shown_items], access, reader)
    items = [
        _proposal(version, shown, passage, proposal, codes[code], reasons)
        for passage, proposal, code in shown_items
    ]
    return Proposals(items, len(chosen), page, pages)


def _overlaps(passage: Passage, coded: list[tuple[int, int]]) -> bool:
    return any(start < passage.end and end > passage.start for start, end in coded)


def _visible(model: Model, access: Access) -> set[int]:
    """The codings among the model's reasons that the reader may read now (and that still exist)."""
    refs = sorted({ref for ref in model.exemplar_refs if ref is not None})
    visible: set[int] = set()
    for begin in range(0, len(refs), 5000):
        chunk = Coding.objects.filter(pk__in=refs[begin : begin + 5000])
        visible.update(access.codings(chunk).values_list("pk", flat=True))
    return visible


def _reasons(proposals: Iterable[Suggestion], access: Access, reader: ReaderNames) -> dict[int, ShownReason]:
    """The reasons of ``proposals`` as ``reader`` may read them, by coding id, quoted from the text."""
    refs = {reason.ref for proposal in proposals for reason in proposal.reasons if reason.ref is not None}
    rows = list(
        access.codings(Coding.objects.filter(pk__in=refs)).values_list(
            "pk",
            "version_id",
            "start",
            "end",
            "version__source_id",
            "version__source__key",
            "version__source__title",
        )
    )
    texts = dict(SourceVersion.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", "text"))
    replaced: dict[int, Replaced] = {}
    found: dict[int, ShownReason] = {}
    for pk, version, start, end, source, key, title in rows:
        if version not in replaced:
            replaced[version] = reader.replaced(texts[version], source)
        text = replaced[version]
        quote = text.text[text.start(start) : text.end(end)]
        found[pk] = ShownReason(quote, reader.text(title, source), key, pk, 0.0)
    return found


def _proposal(
    version: SourceVersion,
    shown: Replaced,
    passage: Passage,
    proposal: Suggestion,
    code: Code,
    reasons: dict[int, ShownReason],
) -> Proposal:
    start, end = shown.start(passage.start), shown.end(passage.end)
    quoted = []
    for reason in proposal.reasons:
        found = reasons.get(reason.ref) if reason.ref is not None else None
        if found is not None:
            quoted.append(
                ShownReason(found.quote, found.title, found.source_key, found.coding, reason.similarity)
            )
    return Proposal(
        version=version.pk,
        start=passage.start,
        end=passage.end,
        shown_start=codepoint_to_utf16(shown.text, start),
        shown_end=codepoint_to_utf16(shown.text, end),
        quote=shown.text[start:end],
        code=code,
        confidence=proposal.confidence,
        assessment=proposal.assessment if code.is_dimension else "",
        role=proposal.role if code.is_dimension else "",
        reasons=tuple(quoted),
    )
