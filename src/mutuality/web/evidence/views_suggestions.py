"""The coding assistant on a source's page: its suggestions, and a person accepting, editing or
rejecting each one (issue 18).

The panel is an HTML fragment when the page's script asks for it (htmx) and a page of its own
otherwise, so it works without JavaScript. Who may code the source may see it; the model behind it
learned from the codings this reader may read (:mod:`mutuality.assistant.scopes`), and what it
shows is chosen and worded in :mod:`mutuality.assistant.proposals`.

A suggestion travels to the browser and back signed (:func:`_signed`): the version, the passage's
code points in the stored text, the code, the confidence and the grades proposed, so a decision
records what was proposed, not what a request claims. Accepting codes the passage through the
coding form (:class:`~mutuality.web.evidence.forms.CodingForm`), with its checks and rights:
the passage's offsets are moved into the text as this reader is shown it, in UTF-16 units, with
its words, as the browser sends a selection. Every decision is recorded
(:class:`~mutuality.assistant.models.Decision`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from mutuality.accounts.access import Access, SignedInRequest, require
from mutuality.assistant.decisions import Rate, acceptance, decisions_seen_by
from mutuality.assistant.models import Decision
from mutuality.evidence.models import Code, Source
from mutuality.evidence.offsets import codepoint_to_utf16
from mutuality.ids import parse_id
from mutuality.l10n import percent
from mutuality.partnerships.naming import shortened
from mutuality.privacy.reader import reader_of
from mutuality.web.evidence.forms import CodingForm, problems

if TYPE_CHECKING:
    from mutuality.assistant.proposals import Proposal

SALT = "mutuality.assistant.suggestion"
#: The value of ``next`` with which the page of its own (no script) asks to come back to itself.
BACK_TO_PAGE = "page"


def _htmx(request: HttpRequest) -> bool:
    """Whether the page's script (htmx) asked, for a fragment rather than a page."""
    details = getattr(request, "htmx", None)
    if details is not None:
        return bool(details)
    return request.headers.get("HX-Request") == "true"


def _source(request: HttpRequest, key: str) -> tuple[Source, Access]:
    """The source, if the user may code it (403 otherwise; 404 if there is none)."""
    source = get_object_or_404(Source.objects.prefetch_related("partnerships"), key=key)
    access = Access.of(request.user)
    require(access.can_code_source(source))
    return source, access


def _page(request: HttpRequest) -> int:
    return parse_id(request.POST.get("page") or request.GET.get("page") or "") or 1


# --- the panel ----------------------------------------------------------------------------------


def _panel(request: HttpRequest, source: Source, access: Access, *, notice: str = "") -> dict[str, Any]:
    """What the panel shows: the suggestions of one page, or why there are none; and the rates."""
    # The learning (NumPy, SciPy, scikit-learn) is loaded when a model is first read or trained, not
    # with the URLs, nor while the panel only says the assistant is learning (mutuality.assistant.scopes).
    from mutuality.assistant.scopes import ready, scope_for
    from mutuality.assistant.store import message

    version = source.current
    blind = access.codes_blind(source)
    context: dict[str, Any] = {
        "source": source,
        "version": version,
        "notice": notice,
        "codes_blind": blind,
        "full_page": not _htmx(request),
        "panel_url": reverse("source-suggestions", args=[source.key]),
        "proposals": None,
        "learning": False,
        "problem": "",
    }
    if version is not None:
        model = ready(scope_for(access, source))
        if model.learning:
            context["learning"] = True
        elif model.problem is not None:
            context["problem"] = message(model.problem)
        elif model.model is not None:
            from mutuality.assistant.proposals import propose

            found = propose(model.model, source, version, access, reader_of(request), page=_page(request))
            context["proposals"] = found
            context["items"] = [_shown(item) for item in found.items]
    context.update(rates(access))
    return context


def rates(access: Access) -> dict[str, Any]:
    """The acceptance rate of the suggestions decided on the sources the reader may read
    (``rate``), and of the reader's own decisions (``own_rate``)."""
    seen = decisions_seen_by(access)
    return {"rate": _rate(acceptance(seen)), "own_rate": _rate(acceptance(seen.filter(user=access.user)))}


@dataclass(frozen=True)
class _Item:
    """A proposal as the template shows it: with its signed token and its confidence in words."""

    proposal: Proposal
    token: str
    percent: str


def _shown(proposal: Proposal) -> _Item:
    return _Item(proposal, _signed(proposal), percent(proposal.confidence, _language()))


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _rate(rate: Rate) -> dict[str, Any]:
    """A rate and its share as a percentage in the reader's language ("" when nothing is decided)."""
    return {"rate": rate, "percent": percent(rate.share, _language()) if rate.share is not None else ""}


def _render(request: HttpRequest, source: Source, access: Access, *, notice: str = "") -> HttpResponse:
    context = _panel(request, source, access, notice=notice)
    template = "evidence/_suggestions.html" if _htmx(request) else "evidence/suggestions.html"
    return render(request, template, context)


@login_required
@require_GET
def suggestions_view(request: HttpRequest, key: str) -> HttpResponse:
    """The suggestions for a source: a fragment for the source page's script, a page without it."""
    source, access = _source(request, key)
    return _render(request, source, access)


# --- deciding -------------------------------------------------------------------------------------


def _signed(proposal: Proposal) -> str:
    return signing.dumps(
        {
            "v": proposal.version,
            "s": proposal.start,
            "e": proposal.end,
            "c": proposal.code.pk,
            "p": round(proposal.confidence, 4),
            "a": proposal.assessment,
            "r": proposal.role,
        },
        salt=SALT,
    )


@dataclass(frozen=True)
class _Sent:
    """A suggestion sent back: what was proposed, as the panel signed it."""

    version: int
    start: int
    end: int
    code: Code
    confidence: float
    assessment: str
    role: str


def _unsigned(request: HttpRequest) -> _Sent | None:
    try:
        data = signing.loads(request.POST.get("suggestion", ""), salt=SALT)
        code = Code.objects.get(pk=int(data["c"]))
        return _Sent(
            int(data["v"]),
            int(data["s"]),
            int(data["e"]),
            code,
            float(data["p"]),
            str(data["a"]),
            str(data["r"]),
        )
    except (signing.BadSignature, Code.DoesNotExist, KeyError, TypeError, ValueError):
        return None


def _decided(request: SignedInRequest, key: str, outcome: str) -> HttpResponse:
    """Record ``outcome`` for the suggestion sent (accepting codes it first), then answer."""
    source, access = _source(request, key)
    sent = _unsigned(request)
    version = source.current
    if sent is None:
        return _answer(
            request, source, access, gettext("This suggestion could not be read; reload the page.")
        )
    if version is None or version.pk != sent.version:
        return _answer(
            request,
            source,
            access,
            gettext(
                "The text has changed since this suggestion was made; here are the suggestions for it now."
            ),
        )
    decision = Decision(
        outcome=outcome,
        user=request.user,
        source=source,
        version=version,
        start=sent.start,
        end=sent.end,
        code=sent.code,
        confidence=sent.confidence,
        assessment=sent.assessment,
        factor_role=sent.role,
    )
    reader = reader_of(request)
    shown = reader.replaced(version.text, source)
    start, end = shown.start(sent.start), shown.end(sent.end)
    selection = {
        "start": codepoint_to_utf16(shown.text, start),
        "end": codepoint_to_utf16(shown.text, end),
        "quote": shown.text[start:end],
    }
    if outcome != Decision.Outcome.ACCEPTED:
        decision.save()
        if outcome == Decision.Outcome.EDITED:
            return _edit(request, source, access, selection, sent)
        return _answer(request, source, access, gettext("Rejected: it will not be proposed to you again."))
    form = CodingForm(
        {
            **selection,
            "codes": [str(sent.code.pk)],
            "assessment": sent.assessment,
            "factor_role": sent.role,
        },
        source=source,
        reader=reader,
        coder=request.user,
    )
    if not form.is_valid():
        return _answer(request, source, access, problems(form))
    with transaction.atomic():
        codings = form.save()
        decision.coding = codings[0]
        decision.save()
    coded = gettext("Coded “%(quote)s”.") % {"quote": shortened(form.shown_quote)}
    return _answer(request, source, access, coded, changed=True)


def _answer(
    request: HttpRequest, source: Source, access: Access, notice: str, *, changed: bool = False
) -> HttpResponse:
    """The refreshed panel for the page's script (telling the page when codings changed); for a
    form sent without it, back to the source's page (or the suggestions' own page) with a message."""
    if _htmx(request):
        response = _render(request, source, access, notice=notice)
        if changed:
            response["HX-Trigger"] = "codings-changed"
        return response
    messages.info(request, notice)
    return redirect(_back(request, source))


def _back(request: HttpRequest, source: Source) -> str:
    if request.POST.get("next") == BACK_TO_PAGE:
        page = _page(request)
        return reverse("source-suggestions", args=[source.key]) + (f"?page={page}" if page > 1 else "")
    return reverse("source", args=[source.key]) + "#suggestions"


def _edit(
    request: HttpRequest, source: Source, access: Access, selection: dict[str, Any], sent: _Sent
) -> HttpResponse:
    """Open the suggestion in the coding form: the page's script gets the selection as the
    ``suggestion-edit`` event; without it, the source's page gets the offsets and code in its
    address (never the words, which would reach the server's log)."""
    prefill = {
        "start": selection["start"],
        "end": selection["end"],
        "code": sent.code.pk,
        "assessment": sent.assessment,
        "factor_role": sent.role,
    }
    if _htmx(request):
        response = _render(request, source, access)
        response["HX-Trigger"] = json.dumps(
            {"suggestion-edit": {**prefill, "quote": selection["quote"]}}, ensure_ascii=True
        )
        return response
    query = urlencode({name: value for name, value in prefill.items() if value != ""})
    return redirect(reverse("source", args=[source.key]) + f"?{query}#coding-form")


@login_required
@require_POST
def suggestion_accept(request: SignedInRequest, key: str) -> HttpResponse:
    return _decided(request, key, Decision.Outcome.ACCEPTED)


@login_required
@require_POST
def suggestion_reject(request: SignedInRequest, key: str) -> HttpResponse:
    return _decided(request, key, Decision.Outcome.REJECTED)


@login_required
@require_POST
def suggestion_edit(request: SignedInRequest, key: str) -> HttpResponse:
    return _decided(request, key, Decision.Outcome.EDITED)
