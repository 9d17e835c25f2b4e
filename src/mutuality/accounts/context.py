"""What the navigation may offer: links only to pages the user can open (the pages still check)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mutuality.accounts.access import Access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = Access.of(user)
    return {
        "nav": {
            "evidence": access.can_read_evidence(),
            "respondents": access.can_see_respondents(),
            "import": access.is_researcher(),
        }
    }
