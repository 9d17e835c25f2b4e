"""A partnership's self-assessment for its officers: its rounds, each side's links, the results.

Who may run a round (create it, issue, send and withdraw links, read comments) is
:meth:`Access.can_run_assessment`; whoever may read the partnership reads the rounds and their
scores. Every score shown is read through :func:`round_results`, where the privacy threshold holds.
A link's token is shown once, when it is issued: only its hash is kept.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutuality.accounts.access import Access, require
from mutuality.analysis.self_assessment import Disagreement, disagreements
from mutuality.partnerships.models import Partnership
from mutuality.reports.labels import disagreement_text
from mutuality.selfassessment.evidence import comments_to_evidence as keep_comments
from mutuality.selfassessment.models import Answer, Round, SideLink, token_hash
from mutuality.selfassessment.reminders import Invitation, RemindersRefused, ask_reminders, batch_progress
from mutuality.selfassessment.results import EMPTY, RoundResults, round_results
from mutuality.web.glance import Glance
from mutuality.web.selfassessment.forms import LinkEmailForm, LinkForm, RoundForm


def _partnership(request: HttpRequest, key: str) -> tuple[Partnership, Access]:
    partnership = get_object_or_404(Partnership, key=key)
    access = Access.of(request.user)
    require(access.can_view_partnership(partnership))
    return partnership, access


def _round(partnership: Partnership, pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("instrument"), pk=pk, partnership=partnership)


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest, key: str) -> HttpResponse:
    """The partnership's rounds; a new one for those who may run them."""
    partnership, access = _partnership(request, key)
    can_run = access.can_run_assessment(partnership)
    if request.method == "POST":
        require(can_run)
    form = RoundForm(request.POST or None, partnership=partnership) if can_run else None
    if form is not None and request.method == "POST" and form.is_valid():
        made = form.save(commit=False)
        made.partnership, made.created_by = partnership, request.user
        made.save()
        messages.success(
            request, gettext("Round %(name)s created: now issue a link for each side.") % {"name": made.name}
        )
        return redirect("assessment-links", partnership.key, made.pk)
    listed = (
        Round.objects.filter(partnership=partnership)
        .select_related("instrument")
        .annotate(answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
    )
    language = translation.get_language()
    shown = [(each, each.instrument.name_in(language)) for each in listed.order_by("-opens_on", "-id")]
    context = {"partnership": partnership, "rounds": shown, "form": form}
    return render(request, "selfassessment/rounds.html", context, status=400 if form and form.errors else 200)


@login_required
@require_GET
def results(request: HttpRequest, key: str, round: int) -> HttpResponse:
    """A round's scores per scale, per side and together, the gaps, the items; comments for its runners."""
    partnership, access = _partnership(request, key)
    found = round_results(_round(partnership, round), translation.get_language())
    can_run = access.can_run_assessment(partnership)
    context = {
        "partnership": partnership,
        "round": found.round,
        "results": found,
        "scales": scale_rows(found),
        "gaps": gap_rows(found),
        "items": item_rows(found),
        "counts": [(side, found.respondents[side.key]) for side in found.sides],
        "few": any(n < found.threshold for n in found.respondents.values()),
        "comments": comments(found.round) if can_run else None,
        "can_run": can_run,
        "can_keep_comments": can_run and access.is_researcher(partnership),
    }
    return render(request, "selfassessment/results.html", context)


@login_required
@require_POST
def comments_to_evidence(request: HttpRequest, key: str, round: int) -> HttpResponse:
    """Keep the consented comments of the round as sources, a side each, to be coded: for the
    partnership's researchers who run it (sources are theirs to add)."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership) and access.is_researcher(partnership))
    found = _round(partnership, round)
    kept = keep_comments(found, request.user)
    if not kept:
        messages.info(
            request, gettext("No respondent has agreed to their comments being kept as evidence yet.")
        )
    for source, how in kept:
        words = {
            "new": gettext("Kept as a new source to code: %(title)s."),
            "changed": gettext("The source now holds the newer comments: %(title)s."),
            "unchanged": gettext("No new comment since last time: %(title)s."),
        }[how]
        messages.success(request, words % {"title": source.title})
    return redirect(reverse("assessment-round", args=[partnership.key, found.pk]) + "#comments")


def scale_rows(found: RoundResults) -> list[dict[str, Any]]:
    """Each scale with its sides' scores in the partnership's order (side 1, then side 2)."""
    return [
        {
            "scale": scale,
            "cells": [
                {
                    "side": side,
                    "summary": scale.per_side[side.key],
                    "change": signed(scale.change.get(side.key)),
                }
                for side in found.sides
            ],
        }
        for scale in found.scales
    ]


def signed(value: float | None) -> str | None:
    """A difference with its sign (+0.50, −1.25), in the reader's number format."""
    if value is None:
        return None
    shown = formats.number_format(abs(value), 2, use_l10n=True)
    return f"+{shown}" if value > 0 else (f"−{shown}" if value < 0 else shown)


def gap_rows(found: RoundResults) -> list[dict[str, Any]]:
    """The scales where both sides have scores, the widest gap first, each with its test."""
    return [
        {"scale": scale, "difference": signed(scale.gap.difference), "test": scale.gap.test}
        for scale in found.gaps
        if scale.gap is not None
    ]


def item_rows(found: RoundResults) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "scale": scale,
            "text": item.text_in(translation.get_language()),
            "cells": [found.item_scores.get(side.key, {}).get(item.key, EMPTY) for side in found.sides],
        }
        for scale in found.scales
        for item in scale.items
    ]


def comments(round: Round) -> list[tuple[Answer, str]]:
    """Submitted comments, side by side and item by item, each with its statement in the reader's
    language (personal data: for a round's runners)."""
    found = (
        Answer.objects.filter(response__round=round, response__submitted_at__isnull=False)
        .exclude(comment="")
        .select_related("item", "response__side__municipality")
        .order_by("response__side__position", "item__position", "response_id")
    )
    return [(answer, answer.item.text_in(translation.get_language())) for answer in found]


@login_required
@require_GET
def links(request: HttpRequest, key: str, round: int) -> HttpResponse:
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    return _links_page(request, partnership, _round(partnership, round))


def _links_page(
    request: HttpRequest, partnership: Partnership, round: Round, status: int = 200, **extra: Any
) -> HttpResponse:
    """Each side with its links and how many have answered (never who, in an anonymous round)."""
    sides = []
    for side in partnership.sides.select_related("municipality").order_by("position", "id"):
        responses = round.responses.filter(side=side)
        sides.append(
            {
                "side": side,
                "links": round.links.filter(side=side).annotate(
                    answered=Count("responses", filter=Q(responses__submitted_at__isnull=False))
                ),
                "started": responses.count(),
                "answered": responses.filter(submitted_at__isnull=False).count(),
                "named": []
                if round.anonymous
                else responses.filter(submitted_at__isnull=False).order_by("name"),
            }
        )
    context = {
        "partnership": partnership,
        "round": round,
        "sides": sides,
        "form": LinkForm(partnership=partnership),
        "now": timezone.now(),
        **extra,
    }
    return render(request, "selfassessment/links.html", context, status=status)


@login_required
@require_POST
def link_new(request: HttpRequest, key: str, round: int) -> HttpResponse:
    """A new link for one side: its token shown this once, to copy, to mail, or to send from here."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    found = _round(partnership, round)
    form = LinkForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _links_page(request, partnership, found, status=400)
    link, token = SideLink.issue(found, form.sides[form.cleaned_data["side"]], by=request.user)
    return _issued(request, link, token)


def _issued(
    request: HttpRequest, link: SideLink, token: str, status: int = 200, **extra: Any
) -> HttpResponse:
    address = request.build_absolute_uri(reverse("assessment-respond", args=[token]))
    subject, body = _email(request, link, address)
    context = {
        "partnership": link.round.partnership,
        "round": link.round,
        "link": link,
        "address": address,
        "mailto": f"mailto:?subject={quote(subject)}&body={quote(body)}",
        "email_form": extra.pop("email_form", None) or LinkEmailForm(initial={"token": token}),
        **extra,
    }
    return render(request, "selfassessment/link_issued.html", context, status=status)


def _email(request: HttpRequest, link: SideLink, address: str) -> tuple[str, str]:
    context = {"link": link, "round": link.round, "address": address, "sender": request.user}
    subject = gettext("Your questionnaire on the partnership %(partnership)s") % {
        "partnership": link.round.partnership.name
    }
    return subject, render_to_string("selfassessment/link_email.txt", context, request=request)


@login_required
@require_POST
def link_email(request: HttpRequest, key: str, round: int, link: int) -> HttpResponse:
    """Send a link just issued by email (Django's mail, with the project's settings)."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    found = get_object_or_404(
        SideLink.objects.select_related("round__partnership", "side__municipality"),
        pk=link,
        round=_round(partnership, round),
    )
    form = LinkEmailForm(request.POST)
    token = request.POST.get("token", "")
    if token_hash(token) != found.token_hash:
        refused = gettext("This is not the link that was issued: issue a new one.")
        return _links_page(request, partnership, found.round, status=400, email_errors=[refused])
    if not form.is_valid():  # the address: the page with the link again, the error beside the field
        return _issued(request, found, token, status=400, email_form=form)
    token, email = form.cleaned_data["token"], form.cleaned_data["email"]
    subject, body = _email(
        request, found, request.build_absolute_uri(reverse("assessment-respond", args=[token]))
    )
    try:
        send_mail(subject, body, None, [email])
        sent = True
    except OSError:  # smtplib's errors included
        sent = False
    return _issued(request, found, token, sent=sent, sent_to=email)


@login_required
@require_POST
def link_revoke(request: HttpRequest, key: str, round: int, link: int) -> HttpResponse:
    """Withdraw a link: it and the responses started with it open nothing from now on."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    found = get_object_or_404(SideLink, pk=link, round=_round(partnership, round))
    if found.revoked_at is None:
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
    messages.success(request, gettext("The link no longer opens the questionnaire."))
    return redirect("assessment-links", partnership.key, found.round_id)


@login_required
@require_POST
def link_remind(request: HttpRequest, key: str, round: int, link: int) -> HttpResponse:
    """Remind the addresses an officer gives (those invited and not heard from) with a side's link,
    in the background; the page then shows how far the sending has come."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    found = get_object_or_404(SideLink, pk=link, round=_round(partnership, round))
    addresses = [line.strip() for line in request.POST.get("addresses", "").splitlines() if line.strip()]
    try:
        asked = ask_reminders(
            found.round, [Invitation(found, request.POST.get("url", "").strip(), addresses)], by=request.user
        )
    except RemindersRefused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("assessment-links", partnership.key, found.round_id)
    if asked.already_reminded:
        messages.info(
            request,
            ngettext(
                "%(count)d address was reminded less than a day ago and is left out.",
                "%(count)d addresses were reminded less than a day ago and are left out.",
                len(asked.already_reminded),
            )
            % {"count": len(asked.already_reminded)},
        )
    return redirect("assessment-reminders", partnership.key, found.round_id, asked.batch)


@login_required
@require_GET
def reminders_sent(request: HttpRequest, key: str, round: int, batch: str) -> HttpResponse:
    """How far one request's reminders have come (the page looks again every two seconds until done)."""
    partnership, access = _partnership(request, key)
    require(access.can_run_assessment(partnership))
    found = _round(partnership, round)
    try:
        progress = batch_progress(uuid.UUID(batch))
    except ValueError:
        raise Http404 from None
    context = {"partnership": partnership, "round": found, "progress": progress}
    return render(request, "selfassessment/reminders.html", context)


def partnership_block(
    partnership: Partnership, access: Access, glance: Glance | None = None
) -> dict[str, Any]:
    """The partnership page's short block: the latest round's scores per dimension, per side, each
    beside the level the coded evidence gives that side's learning (Table 8.1, from the page's
    ``glance``, read through the reader's rights), and where the two point different ways."""
    latest = (
        Round.objects.filter(partnership=partnership)
        .select_related("instrument")
        .order_by("-opens_on", "-id")
        .first()
    )
    if latest is None:
        return {"round": None, "can_run": access.can_run_assessment(partnership)}
    found = round_results(latest, translation.get_language())
    dimensions = {scale.key for scale in found.scales if scale.vocabulary == "dimension"} or {
        scale.key for scale in found.scales
    }
    rows = [row for row in scale_rows(found) if row["scale"].key in dimensions]
    levels: dict[tuple[str, str], Any] = {}
    if glance is not None and glance.evidence_shown:
        levels = {
            (side_row.side, cell.dimension.key): cell for side_row in glance.rows for cell in side_row.cells
        }
    for row in rows:
        for cell in row["cells"]:
            dimension = row["scale"].term if row["scale"].vocabulary == "dimension" else None
            cell["evidence"] = levels.get((cell["side"].key, dimension)) if dimension else None
    means = {
        (cell["side"].key, row["scale"].term): cell["summary"].mean
        for row in rows
        if row["scale"].vocabulary == "dimension"
        for cell in row["cells"]
    }
    found_apart = disagreements(means, {key: cell.level for key, cell in levels.items()})
    names = {side.key: side.municipality.name for side in found.sides}
    # Rated, but no graded passage on that side's learning to set it beside: what to record.
    not_compared = [
        (names[cell["side"].key], row["scale"].name)
        for row in rows
        for cell in row["cells"]
        if cell["summary"].shown
        and cell["evidence"] is not None
        and cell["evidence"].level in ("none", "unassessed")
    ]
    return {
        "round": latest,
        "results": found,
        "scales": rows,
        "beside_evidence": bool(levels),
        "gaps": [gap for gap in gap_rows(found) if gap["test"] is not None and gap["test"].beyond_noise][:2],
        "disagreements": [disagreement_note(item, names, rows) for item in found_apart],
        "not_compared": not_compared,
        "can_run": access.can_run_assessment(partnership),
    }


def disagreement_note(item: Disagreement, names: dict[str, str], rows: list[dict[str, Any]]) -> str:
    """The disagreement in plain words for the page (as the partnership report words it)."""
    dimension = next(row["scale"].name for row in rows if row["scale"].term == item.dimension)
    return disagreement_text(names.get(item.side, item.side), dimension, item.mean, item.rated)
