"""The coding assistant's acceptance rate, for pages other than its panel (the codebook)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from mutuality.accounts.access import Access
from mutuality.web.evidence.views_suggestions import rates

register = template.Library()


@register.simple_tag(takes_context=True)
def acceptance_rate(context: Any) -> SafeString:
    """A line with how many of the assistant's suggestions were accepted, of those decided on the
    sources the reader may read (nothing when none was decided)."""
    found = rates(Access.of(context["user"]))
    return render_to_string(
        "evidence/_assistant_rate.html", {"rate": found["rate"], "own": found["own_rate"]}
    )
