"""The acceptance rate of the assistant's suggestions: of those decided on, the share accepted."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from mutuality.accounts.access import Access
from mutuality.assistant.models import Decision
from mutuality.evidence.models import Source


@dataclass(frozen=True)
class Rate:
    """How people decided on the assistant's suggestions: the acceptance rate is accepted / decided."""

    accepted: int = 0
    rejected: int = 0
    edited: int = 0

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected + self.edited

    @property
    def share(self) -> float | None:
        return self.accepted / self.decided if self.decided else None


def acceptance(decisions: QuerySet[Decision]) -> Rate:
    """The acceptance rate of ``decisions``."""
    counts = dict(decisions.order_by().values_list("outcome").annotate(n=Count("pk")))
    return Rate(
        counts.get(Decision.Outcome.ACCEPTED, 0),
        counts.get(Decision.Outcome.REJECTED, 0),
        counts.get(Decision.Outcome.EDITED, 0),
    )


def decisions_seen_by(access: Access) -> QuerySet[Decision]:
    """The decisions taken on the sources ``access``'s user may read."""
    return Decision.objects.filter(source__in=access.sources(Source.objects.all()).values("pk"))
