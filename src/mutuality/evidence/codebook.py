"""The codebook: framework codes from the one vocabulary, plus researchers' own codes.

Framework codes are created from :mod:`mutuality.framework` after every
migration, so a new term in the vocabulary appears in every codebook without
a data migration. Renaming, moving and merging keep every coding.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from mutuality.evidence.models import PALETTE, Code, Coding, Memo
from mutuality.evidence.signals import rows_updated
from mutuality.framework import vocabulary

# The vocabularies a researcher codes text with, in codebook order, with the colour of each group
# (its terms take colours of the palette: term_colour).
CODED_VOCABULARIES: dict[str, str] = {
    "dimension": "#e07a5f",
    "learning_form": "#3d85c6",
    "learning_theme": "#6aa84f",
    "skill": "#8e7cc3",
    "knowledge_type": "#f1c232",
    "knowledge_domain": "#c27ba0",
    "objective_type": "#45818e",
    "project_type": "#b45f06",
    "exchange_method": "#76a5af",
    "issue_relation": "#a64d79",
    "mutuality_view": "#674ea7",
    "inequality": "#cc0000",
    "governance_model": "#38761d",
}


def sync_framework_codes() -> int:
    """Create any missing framework code; return how many were created. Never renames or deletes."""
    created = 0
    existing = {(c.vocabulary, c.term): c for c in Code.objects.exclude(vocabulary="")}
    for vocab_key, colour in CODED_VOCABULARIES.items():
        vocab = vocabulary(vocab_key)
        group = existing.get((vocab_key, ""))
        if group is None:
            group = Code.objects.create(
                name=vocab.label, description=vocab.definition, colour=colour, vocabulary=vocab_key
            )
            created += 1
        shift = list(CODED_VOCABULARIES).index(vocab_key)
        for index, term in enumerate(vocab):
            if (vocab_key, term.key) not in existing:
                Code.objects.create(
                    name=term.label,
                    description=term.definition,
                    colour=term_colour(shift, index),
                    parent=group,
                    vocabulary=vocab_key,
                    term=term.key,
                )
                created += 1
    return created


def term_colour(vocabulary_index: int, term_index: int) -> str:
    """A framework term's colour: its vocabulary's terms differ from each other (the six dimensions
    have six colours), and the first terms of neighbouring vocabularies differ too."""
    return PALETTE[(vocabulary_index + term_index) % len(PALETTE)]


def sync_framework_codes_after_migrate(**kwargs: Any) -> None:
    sync_framework_codes()


def code_tree(codes: Iterable[Code] | None = None) -> list[tuple[Code, int]]:
    """Codes in codebook order (framework groups first, then researchers' codes), with their depth."""
    codes = list(Code.objects.all() if codes is None else codes)
    order = {key: index for index, key in enumerate(CODED_VOCABULARIES)}
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    for siblings in children.values():
        siblings.sort(
            key=lambda c: (order.get(c.vocabulary, len(order)) if c.parent_id is None else 0, c.name.lower())
        )
    for siblings in children.values():
        # Framework terms keep the vocabulary's own order (the dimensions 1–6, …).
        if siblings and siblings[0].parent_id is not None and all(c.term for c in siblings):
            terms = {t.key: i for i, t in enumerate(vocabulary(siblings[0].vocabulary))}
            siblings.sort(key=lambda c: terms.get(c.term, len(terms)))
    rows: list[tuple[Code, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            rows.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return rows


def framework_code(vocab_key: str, term_key: str) -> Code:
    return Code.objects.get(vocabulary=vocab_key, term=term_key)


def descendants(code: Code) -> set[int]:
    found: set[int] = set()
    frontier = [code.pk]
    while frontier:
        children = list(Code.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in children if pk not in found]
        found.update(frontier)
    return found


def move_code(code: Code, new_parent: Code | None) -> None:
    if new_parent is not None and (new_parent.pk == code.pk or new_parent.pk in descendants(code)):
        raise ValidationError(
            gettext(
                "%(code)s cannot be moved under %(parent)s: that is the code itself or one of its sub-codes."
            )
            % {"code": code.name, "parent": new_parent.name}
        )
    code.parent = new_parent
    _save_unique(code)


def rename_code(code: Code, name: str) -> None:
    name = name.strip()
    if not name:
        raise ValidationError(gettext("A code needs a name."))
    code.name = name
    _save_unique(code)


def _save_unique(code: Code) -> None:
    siblings = Code.objects.filter(parent=code.parent, name=code.name).exclude(pk=code.pk)
    if siblings.exists():
        raise ValidationError(
            gettext("There is already a code called %(name)s in this place of the codebook.")
            % {"name": code.name}
        )
    code.save()


@transaction.atomic
def merge_codes(merged: Code, into: Code) -> int:
    """Move every coding, memo and sub-code of ``merged`` to ``into`` and delete ``merged``.

    Returns the number of codings moved; the analysts' framework-matrix cells
    move too (:func:`_move_framework_cells`). Framework codes can receive codes
    but are not merged away, so the vocabulary stays complete. Every moved
    coding and memo gets a history entry with its code before and after.
    """
    if merged.pk == into.pk:
        raise ValidationError(gettext("A code cannot be merged into itself."))
    if into.pk in descendants(merged):
        raise ValidationError(
            gettext("%(code)s cannot be merged into its own sub-code %(into)s.")
            % {"code": merged.name, "into": into.name}
        )
    if merged.vocabulary:
        raise ValidationError(
            gettext("%(code)s is a framework code; merge other codes into it instead.")
            % {"code": merged.name}
        )
    # Moved with update() (one statement for thousands of codings); the history entries a save
    # of each would have written are written in bulk. Locking the merged code first holds back
    # codings being added to it meanwhile, so the rows listed are the rows moved.
    Code.objects.select_for_update().filter(pk=merged.pk).first()
    rows: list[Coding | Memo] = [*merged.codings.all(), *merged.memos.all()]
    moved = merged.codings.update(code=into)
    merged.memos.update(code=into)
    for row in rows:
        row.code = into
    rows_updated.send(
        sender=Code,
        entries=[(row, "changed", {"code_id": [merged.pk, into.pk]}) for row in rows],
    )
    _move_framework_cells(merged, into)
    for child in merged.children.all():
        child.parent = into
        _save_unique(child)
    merged.delete()
    return moved


def _move_framework_cells(merged: Code, into: Code) -> None:
    """The analysts' cells of ``merged`` go to ``into``; where ``into`` has a cell for the same case
    already, the summaries are joined (``into``'s first) and its assessment kept, or taken from
    ``merged`` when it had none — an analyst's words are never deleted by a merge."""
    from mutuality.evidence.models import FrameworkCell

    for cell in FrameworkCell.objects.filter(code=merged).order_by("pk"):
        existing = FrameworkCell.objects.filter(
            code=into, partnership_id=cell.partnership_id, side=cell.side_id
        ).first()
        if existing is None:
            cell.code = into
            cell.save()
            continue
        existing.summary = "\n\n".join(part for part in (existing.summary, cell.summary) if part.strip())
        existing.assessment = existing.assessment or cell.assessment
        existing.save()
        cell.delete()
