"""A short instrument written in English, Arabic and Dutch, a round of the small partnership with a
link for each side, and helpers to answer it as respondents do: through the pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from mutuality.partnerships.models import Partnership, Side
from mutuality.selfassessment.models import Instrument, Item, Round, SideLink
from tests.evidence.conftest import partnership  # noqa: F401

LABELS = {
    "en": ["strongly disagree", "disagree", "neither", "agree", "strongly agree"],
    "ar": ["لا أوافق بشدة", "لا أوافق", "محايد", "أوافق", "أوافق بشدة"],
}
ITEMS = [
    (
        "trust-1",
        "process_trust",
        {"en": "We trust each other.", "ar": "نثق ببعضنا.", "nl": "We vertrouwen elkaar."},
    ),
    (
        "trust-2",
        "process_trust",
        {"en": "Promises are kept.", "ar": "الوعود محفوظة.", "nl": "Beloften worden nagekomen."},
    ),
    (
        "power-1",
        "power_equality",
        {"en": "We decide as equals.", "ar": "نقرر على قدم المساواة.", "nl": "We beslissen op gelijke voet."},
    ),
]


def make_instrument(key: str = "short-check") -> Instrument:
    made = Instrument.objects.create(
        key=key, names={"en": "Short check", "ar": "فحص قصير", "nl": "Korte check"}, scale_labels=LABELS
    )
    for position, (item_key, term, texts) in enumerate(ITEMS, start=1):
        Item.objects.create(
            instrument=made, key=item_key, position=position, vocabulary="dimension", term=term, texts=texts
        )
    return made


def make_round(of: Partnership, instrument: Instrument, name: str = "2026", **fields: object) -> Round:
    today = timezone.localdate()
    values = {"opens_on": today - dt.timedelta(days=7), "closes_on": today + dt.timedelta(days=30)} | fields
    return Round.objects.create(partnership=of, instrument=instrument, name=name, **values)


def sides_of(of: Partnership) -> list[Side]:
    return list(of.sides.select_related("municipality").order_by("position", "id"))


@dataclass
class Setting:
    partnership: Partnership
    instrument: Instrument
    round: Round
    sides: list[Side]
    tokens: dict[str, str]  # by side key
    links: dict[str, SideLink]


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    """The rate limits count in Django's cache, which outlives a test."""
    cache.clear()


@pytest.fixture
def setting(partnership: Partnership) -> Setting:  # noqa: F811
    instrument = make_instrument()
    round = make_round(partnership, instrument)
    sides = sides_of(partnership)
    tokens, links = {}, {}
    for side in sides:
        links[side.key], tokens[side.key] = SideLink.issue(round, side)
    return Setting(partnership, instrument, round, sides, tokens, links)


def start(client: Client, token: str, language: str = "en") -> str:
    """Open a side's link and start: the respondent's own resume address."""
    response = client.post(f"/a/{token}/", {"lang": language})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].split("?")[0]


def answer(client: Client, resume: str, values: dict[str, object], **extra: object) -> object:
    data = {f"item-{key}": value for key, value in values.items()} | extra
    return client.post(resume, data)


def respond(setting: Setting, side_key: str, values: dict[str, object], **extra: object) -> str:
    """A new respondent of ``side_key`` answers ``values`` and sends them; their resume address."""
    client = Client()
    resume = start(client, setting.tokens[side_key])
    response = answer(client, resume, values, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]  # type: ignore[attr-defined]
    return resume


def text(response: object) -> str:
    """A page's words: tags and runs of space made one space, names set apart (``<bdi>``) kept in."""
    words = re.sub(r"</?bdi>", "", response.content.decode())  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", words))
