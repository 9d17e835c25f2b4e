"""What the navigation offers each user: the pages their work needs, and only pages they can open.

Officers and partners get the partnerships, their own partnership(s), recording an exchange or
learning for their side, and the reports; researchers and coders also get the QDA tools;
administrators also what they manage. :class:`~mutuality.accounts.access.Access` answers every
question here: a page left out of someone's menu still opens for them if Access lets it (each page
checks for itself), and a page Access refuses is never offered.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mutuality.accounts.access import Access
from mutuality.partnerships.models import Partnership

#: How many of a user's own partnerships the menu names; a researcher of many finds the rest in the list.
MENU_PARTNERSHIPS = 6


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, worked out only where a template shows it: the fragments a page's script asks for
    (the workbench's answer to each coding, its counts, its suggestions) show none, and reading the
    user's partnerships for nothing was a query on each of them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": SimpleLazyObject(lambda: _menu(Access.of(user)))}


def _menu(access: Access) -> dict[str, Any]:
    own = Partnership.objects.filter(pk__in=access.partnership_ids()).order_by("name")
    shown = list(own[: MENU_PARTNERSHIPS + 1])
    mine = [
        {
            "partnership": partnership,
            "exchanges": access.can_add_record(partnership, "exchanges"),
            "learning": access.can_add_record(partnership, "learning"),
        }
        for partnership in shown[:MENU_PARTNERSHIPS]
    ]
    return {
        "mine": mine,
        "more": len(shown) > MENU_PARTNERSHIPS,
        "record": any(item["exchanges"] or item["learning"] for item in mine),
        "programme_report": access.can_read_programme_report(),
        "qda": access.uses_qda_tools() and access.can_read_evidence(),
        "respondents": access.can_see_respondents(),
        "import": access.is_researcher(),
        "manage": access.can_manage(),
    }
