"""Who may read a record's history: whoever may read the record itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from mutuality.accounts.access import Access


def can_read(access: Access, label: str, record: Any) -> bool:
    """Whether ``access`` may read ``record`` (of model ``label``); deleted records are for administrators."""
    if access.is_admin:
        return True
    if record is None or not access.user.is_authenticated:
        return False
    check = _CHECKS.get(label)
    if check is not None:
        return check(access, record)
    if label in ("accounts.membership", "accounts.organisation"):
        return access.can_manage()
    if label in ("partnerships.municipality", "partnerships.supportprogramme"):
        return True
    if getattr(record, "partnership_id", None) is not None:
        return access.can_view_partnership(record.partnership)
    return False


def hidden_codings(access: Access, label: str, record: Any) -> Q:
    """Entries a source's (or a version's) history must leave out: under blind coding, those of
    other people's codings (:meth:`~mutuality.accounts.access.Access.codings`)."""
    source = {"evidence.source": record, "evidence.sourceversion": getattr(record, "source", None)}.get(label)
    if source is None or not access.codes_blind(source):
        return Q(pk__in=[])
    from mutuality.evidence.models import Coding

    seen = access.codings(Coding.objects.filter(version__source=source)).values_list("pk", flat=True)
    return Q(model="evidence.coding") & ~Q(object_id__in=[str(pk) for pk in seen]) & ~Q(user=access.user)


def _memo(access: Access, memo: Any) -> bool:
    if memo.source_id:
        return access.can_view_source(memo.source)
    if memo.coding_id:
        return access.can_see_coding(memo.coding)
    return access.can_read_evidence()


_CHECKS = {
    "partnerships.partnership": lambda a, r: a.can_view_partnership(r),
    "partnerships.participation": lambda a, r: a.can_view_partnership(r.exchange.partnership),
    "partnerships.knowledgeflow": lambda a, r: a.can_view_partnership(r.exchange.partnership),
    "evidence.source": lambda a, r: a.can_view_source(r),
    "evidence.sourceversion": lambda a, r: a.can_view_source(r.source),
    "evidence.coding": lambda a, r: a.can_see_coding(r),  # under blind coding: one's own
    "evidence.memo": _memo,
    "evidence.code": lambda a, r: a.can_read_evidence(),
    "evidence.respondent": lambda a, r: a.can_see_real_name(r),
    "evidence.respondentidentity": lambda a, r: a.can_see_real_name(r.respondent),
    "accounts.assignment": lambda a, r: a.can_manage_source(r.source),
}
