"""The questionnaire a respondent opens through their side's link, without an account.

A link (``/a/<token>/``) opens only its own side's questionnaire of its own round: the side and the
round come from the link, never from the form. Starting makes a personal response with a resume
link of its own (``/a/r/<token>/``), so a respondent can come back; each time they send their
answers, these replace the ones before (the latest count) and a :class:`Submission` keeps what was
sent. A link that is unknown, withdrawn or expired, or a round that has not opened or has closed,
gets a page that says so in plain words. Every page here is rate-limited per link and per address.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from mutuality.selfassessment.models import (
    Answer,
    Item,
    Response,
    SideLink,
    Submission,
    in_language,
    new_token,
    token_hash,
)
from mutuality.selfassessment.results import scale_name
from mutuality.web.selfassessment.forms import DONT_KNOW, Answers, RespondentForm, read_answers

#: Requests a minute per link (a whole side answering in the same minute passes) and per address.
#: A respondent needs a handful of requests; but a town hall's whole staff may sit behind one
#: address (a municipal network's proxy), and 200 of them answering in the same minute make some
#: 800 requests: the limit per address stops a script hammering, not a municipality answering.
RATE_PER_LINK = 2000
RATE_PER_ADDRESS = 1200
TOKEN_LENGTH = 100  # longer is no token of ours


def rate_limits() -> tuple[int, int]:
    return (
        getattr(settings, "SELF_ASSESSMENT_RATE_PER_LINK", RATE_PER_LINK),
        getattr(settings, "SELF_ASSESSMENT_RATE_PER_ADDRESS", RATE_PER_ADDRESS),
    )


def too_many(request: HttpRequest, link_id: int | None) -> bool:
    """Counts this request against its link and its address in this minute (Django's cache);
    whether either has had more than it may."""
    per_link, per_address = rate_limits()
    minute = int(time.time() // 60)
    counts = [(f"sa-rate:address:{get_client_ip_address(request)}:{minute}", per_address)]
    if link_id is not None:
        counts.append((f"sa-rate:link:{link_id}:{minute}", per_link))
    over = False
    for key, limit in counts:
        cache.add(key, 0, timeout=120)
        try:
            over |= cache.incr(key) > limit
        except ValueError:  # gone between add and incr
            cache.set(key, 1, timeout=120)
    return over


@dataclass(frozen=True)
class Refusal:
    message: str
    status: int


def refusal(link: SideLink | None) -> Refusal | None:
    """Why ``link`` opens no questionnaire today, in plain words; ``None`` when it does."""
    if link is None:
        return Refusal(
            gettext(
                "This link is not known. Check that it was copied whole, or ask the person who sent it "
                "for a new one."
            ),
            404,
        )
    today = timezone.localdate()
    round = link.round
    if link.revoked_at is not None:
        return Refusal(
            gettext("This link has been withdrawn. Ask the person who sent it for a new one."), 410
        )
    if today > round.closes_on:
        return Refusal(
            gettext("This round closed on %(date)s: answers are no longer taken.")
            % {"date": formats.date_format(round.closes_on)},
            410,
        )
    if not link.usable():
        return Refusal(gettext("This link has expired. Ask the person who sent it for a new one."), 410)
    if today < round.opens_on:
        return Refusal(
            gettext("This questionnaire opens on %(date)s. Come back then with the same link.")
            % {"date": formats.date_format(round.opens_on)},
            403,
        )
    return None


def languages_of(link: SideLink) -> list[str]:
    """The languages the questionnaire can be read in: the instrument's, in the site's order."""
    written = set(link.round.instrument.languages)
    offered = [code for code, _name in settings.LANGUAGES if code in written]
    return offered or sorted(written) or [settings.LANGUAGE_CODE]


def chosen_language(request: HttpRequest, link: SideLink, earlier: str = "") -> str:
    """The language asked for on the page, else the one chosen before, else the browser's."""
    offered = languages_of(link)
    for wanted in (request.POST.get("lang"), request.GET.get("lang"), earlier, translation.get_language()):
        if wanted in offered:
            return str(wanted)
        if wanted and wanted.split("-")[0] in offered:
            return wanted.split("-")[0]
    return "en" if "en" in offered else offered[0]


def _link(token: str) -> SideLink | None:
    if not token or len(token) > TOKEN_LENGTH:
        return None
    return (
        SideLink.objects.select_related("round__partnership", "round__instrument", "side__municipality")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _refused(request: HttpRequest, found: Refusal) -> HttpResponse:
    return render(request, "selfassessment/refused.html", {"message": found.message}, status=found.status)


def _throttled(request: HttpRequest) -> HttpResponse:
    page = render(request, "selfassessment/throttled.html", status=429)
    page["Retry-After"] = "60"
    return page


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, token: str) -> HttpResponse:
    """A side's link: what the questionnaire is, in which language; starting makes a response."""
    link = _link(token)
    if too_many(request, link.pk if link else None):
        return _throttled(request)
    found = refusal(link)
    if found is not None or link is None:
        return _refused(request, found or refusal(None))  # type: ignore[arg-type]
    language = chosen_language(request, link)
    if request.method == "POST":
        resume = new_token()
        Response.objects.create(
            link=link, round=link.round, side=link.side, resume_hash=token_hash(resume), language=language
        )
        return redirect(reverse("assessment-resume", args=[resume]) + f"?lang={language}")
    with translation.override(language):
        context = {"link": link, "round": link.round, "language": language, **_choices(link, language)}
        return render(request, "selfassessment/start.html", context)


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """A respondent's own questionnaire: their latest answers shown, sent again as often as they like."""
    response = None
    if token and len(token) <= TOKEN_LENGTH:
        response = (
            Response.objects.select_related(
                "link__round__partnership", "link__round__instrument", "link__side__municipality"
            )
            .filter(resume_hash=token_hash(token))
            .first()
        )
    if too_many(request, response.link_id if response else None):
        return _throttled(request)
    found = refusal(response.link if response else None)
    if found is not None or response is None:
        return _refused(request, found or refusal(None))  # type: ignore[arg-type]
    link = response.link
    language = chosen_language(request, link, response.language)
    with translation.override(language):
        items = list(link.round.instrument.items.order_by("position", "id"))
        named = not link.round.anonymous
        answers = Answers(
            values={a.item.key: a.value for a in response.answers.select_related("item")},
            comments={a.item.key: a.comment for a in response.answers.select_related("item") if a.comment},
        )
        initial = {
            "name": response.name,
            "role": response.role,
            "consent_to_evidence": response.consent_to_evidence,
        }
        form = RespondentForm(request.POST or None, initial=initial, named=named)
        status = 200
        if request.method == "POST":
            answers = read_answers(
                request.POST, items, link.round.instrument.scale_points, link.side.key, language
            )
            if form.is_valid() and not answers.errors:
                saved = save_answers(response, items, answers, form.cleaned_data, language)
                if saved is not None:
                    return _refused(request, saved)
                messages.success(
                    request,
                    gettext(
                        "Thank you: your answers are saved. You can change them with this link until %(date)s."
                    )
                    % {"date": formats.date_format(link.round.closes_on)},
                )
                return redirect(request.path + f"?lang={language}")
            status = 400
        context = {
            "link": link,
            "round": link.round,
            "response": response,
            "form": form,
            "errors": answers.errors,
            "scales": _scales(items, answers, link, language),
            "resume_url": request.build_absolute_uri(request.path),
            "language": language,
            **_choices(link, language),
        }
        return render(request, "selfassessment/questionnaire.html", context, status=status)


def save_answers(
    response: Response, items: list[Item], answers: Answers, about: dict[str, Any], language: str
) -> Refusal | None:
    """Replace the response's answers with ``answers`` and keep them as a submission, under a lock
    on the response, so that two sends of one response follow one another and lose nothing. The
    link is read again under the lock: one withdrawn meanwhile saves nothing."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        link = SideLink.objects.select_related("round").get(pk=locked.link_id)
        found = refusal(link)
        if found is not None:
            return found
        kept = {}
        # The answers as they were, then those changed, added and taken back: four statements,
        # whatever the questionnaire's length (an item a statement took a tenth of a second).
        before = {answer.item_id: answer for answer in locked.answers.all()}
        changed, added = [], []
        for item in items:
            if item.key not in answers.values:
                continue
            value, comment = answers.values[item.key], answers.comments.get(item.key, "")
            kept[item.key] = {"value": value, "comment": comment}
            was = before.pop(item.pk, None)
            if was is None:
                added.append(Answer(response=locked, item=item, value=value, comment=comment))
            elif (was.value, was.comment) != (value, comment):
                was.value, was.comment = value, comment
                changed.append(was)
        Answer.objects.bulk_update(changed, ["value", "comment"])
        Answer.objects.bulk_create(added)
        Answer.objects.filter(pk__in=[answer.pk for answer in before.values()]).delete()
        Submission.objects.create(response=locked, answers=kept)
        locked.submitted_at = timezone.now()
        locked.language = language
        locked.consent_to_evidence = bool(about.get("consent_to_evidence"))
        if not link.round.anonymous:
            locked.name, locked.role = about.get("name", ""), about.get("role", "")
        locked.save()
    return None


def _choices(link: SideLink, language: str) -> dict[str, Any]:
    """The languages to choose from, each named in itself, and whether the page runs right to left."""
    offered = [
        translation.get_language_info(code) for code in languages_of(link) if code in dict(settings.LANGUAGES)
    ]
    return {"languages": offered, "bidi": translation.get_language_bidi()}


def _scales(items: list[Item], answers: Answers, link: SideLink, language: str) -> list[dict[str, Any]]:
    """The items grouped by scale, in the respondent's language, each with its points and answer."""
    instrument = link.round.instrument
    labels: Any = in_language(instrument.scale_labels, language) or []  # {"en": ["…", …], …}
    points = [
        (str(point), labels[point - 1] if point <= len(labels) else str(point))
        for point in range(1, instrument.scale_points + 1)
    ]
    scales: dict[str, dict[str, Any]] = {}
    for number, item in enumerate(items, start=1):
        if item.scale_key not in scales:
            scales[item.scale_key] = {"key": item.scale_key, "name": scale_name(item, language), "items": []}
        value = answers.values.get(item.key, "")
        scales[item.scale_key]["items"].append(
            {
                "item": item,
                "number": number,
                "text": item.text_in(language),
                "points": points,
                "chosen": DONT_KNOW if item.key in answers.values and value is None else str(value or ""),
                "comment": answers.comments.get(item.key, ""),
            }
        )
    return list(scales.values())
