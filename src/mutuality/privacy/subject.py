"""Subject access and erasure: everything held about one respondent, out as JSON or removed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from mutuality.evidence.models import Coding, Memo, Respondent, RespondentIdentity, SourceVersion
from mutuality.history.context import current_actor, muted
from mutuality.history.models import Change


class UnknownRespondent(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(gettext("No respondent has the key '%(key)s'. Nothing was changed.") % {"key": key})


def _respondent(key: str) -> Respondent:
    found = (
        Respondent.objects.select_related("side__municipality", "side__partnership").filter(key=key).first()
    )
    if found is None:
        raise UnknownRespondent(key)
    return found


def respondent_data(key: str) -> dict[str, Any]:
    """The respondent's record, identity, consent, sources (every version's text) and their codings."""
    respondent = _respondent(key)
    identity = RespondentIdentity.objects.filter(respondent=respondent).first()
    side = respondent.side
    return {
        "respondent": {
            "key": respondent.key,
            "label": respondent.label,
            "role": respondent.role,
            "organisation_type": respondent.organisation_type,
            "partnership": side.partnership.key if side else None,
            "side": side.municipality.key if side else None,
            "country": respondent.country,
            "source": respondent.source,
        },
        "identity": {"real_name": identity.real_name} if identity else None,
        "consent": {
            "date": respondent.consent_date.isoformat() if respondent.consent_date else None,
            "scope": respondent.consent_scope,
            "note": respondent.consent_note,
        },
        "sources": [
            _source(source) for source in respondent.sources.prefetch_related("partnerships").order_by("key")
        ],
    }


def _source(source: Any) -> dict[str, Any]:
    versions = SourceVersion.objects.filter(source=source).order_by("number")
    codings = (
        Coding.objects.filter(version__source=source)
        .select_related("code", "coder", "version")
        .order_by("version__number", "start", "end", "id")
    )
    return {
        "key": source.key,
        "title": source.title,
        "kind": source.kind,
        "date": source.date.isoformat() if source.date else None,
        "language": source.language,
        "partnerships": sorted(p.key for p in source.partnerships.all()),
        "names_to_hide": [n for n in source.names_to_hide.splitlines() if n.strip()],
        "versions": [
            {
                "number": v.number,
                "created_at": v.created_at.isoformat(),
                "filename": v.filename,
                "text": v.text,
            }
            for v in versions
        ],
        "codings": [
            {
                "version": c.version.number,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "code": c.code.path,
                "coder": c.coder.get_username(),
                "assessment": c.assessment,
                "memo": c.memo,
            }
            for c in codings
        ],
        "memos": [m.text for m in Memo.objects.filter(source=source).order_by("created_at")],
    }


@dataclass
class Erasure:
    key: str
    sources: int = 0
    versions: int = 0
    codings: Counter[str] = field(default_factory=Counter)
    memos: int = 0
    identity: bool = False

    def __str__(self) -> str:
        lines = [
            gettext("Respondent %(key)s erased.") % {"key": self.key},
            gettext("Identity (real name): %(state)s")
            % {"state": gettext("removed") if self.identity else gettext("none held")},
            gettext("Sources: %(count)s") % {"count": self.sources},
            gettext("Versions: %(count)s") % {"count": self.versions},
            gettext("Memos: %(count)s") % {"count": self.memos},
            gettext("Codings: %(count)s") % {"count": sum(self.codings.values())},
        ]
        lines += [
            "  " + gettext("%(coder)s: %(count)s") % {"coder": coder, "count": count}
            for coder, count in sorted(self.codings.items())
        ]
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "versions": self.versions,
            "codings": dict(sorted(self.codings.items())),
            "memos": self.memos,
            "identity": self.identity,
        }


@transaction.atomic
def erase_respondent(key: str) -> Erasure:
    """Delete the respondent, their identity, the sources where they are the respondent with every
    version, coding and memo on them, and those records' past history; all or nothing.

    History keeps one entry saying that respondent ``key`` was erased and the counts, nothing else.
    """
    respondent = _respondent(key)
    sources = list(respondent.sources.all())
    versions = SourceVersion.objects.filter(source__in=sources)
    codings = Coding.objects.filter(version__source__in=sources)
    report = Erasure(key=key, sources=len(sources), versions=versions.count())
    report.codings.update(codings.values_list("coder__username", flat=True))
    memos = Memo.objects.filter(source__in=sources).count() + Memo.objects.filter(coding__in=codings).count()
    report.memos = memos
    report.identity = RespondentIdentity.objects.filter(respondent=respondent).exists()
    pk = respondent.pk
    gone = _history_of(respondent, sources, versions, codings)
    with muted():
        for source in sources:
            source.delete()
        respondent.delete()
    gone.delete()
    actor = current_actor()
    Change.objects.create(
        action="erased",
        model=respondent._meta.label_lower,
        object_id=str(pk),
        object_repr=key,
        user=actor.user,
        username=actor.username,
        via=actor.via,
        changes={"erased": [None, report.as_dict()]},
    )
    return report


def _history_of(respondent: Respondent, sources: list[Any], versions: Any, codings: Any) -> Any:
    """The past changes of everything about to be erased."""
    from django.db.models import Q

    source_ids = [str(s.pk) for s in sources]
    version_ids = [str(pk) for pk in versions.values_list("pk", flat=True)]
    coding_ids = [str(pk) for pk in codings.values_list("pk", flat=True)]
    scope = (
        Q(model="evidence.respondent", object_id=str(respondent.pk))
        | Q(parent_model="evidence.respondent", parent_id=str(respondent.pk))
        | Q(model="evidence.source", object_id__in=source_ids)
        | Q(parent_model="evidence.source", parent_id__in=source_ids)
        | Q(model="evidence.sourceversion", object_id__in=version_ids)
        | Q(parent_model="evidence.sourceversion", parent_id__in=version_ids)
        | Q(model="evidence.coding", object_id__in=coding_ids)
        | Q(parent_model="evidence.coding", parent_id__in=coding_ids)
    )
    return Change.objects.filter(scope)
