"""What a self-assessment keeps: the instruments (questionnaires), the rounds a partnership runs,
each side's link to its questionnaire, and the responses with their answers.

An instrument's texts are kept in every language it was written in (``{"nl": …, "ar": …}``), not
through the translation catalogues: administrators write their own instruments, and a respondent
reads the statement in the words the instrument's authors chose. A link is known to us only by the
hash of its token, as an API key is: the database never holds what opens a questionnaire. Every
submission is kept (:class:`Submission`); the answers of a response are its latest.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.models import Partnership, Side

TOKEN_BYTES = 24  # 32 characters in a link; guessing one is out of reach


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a token is random and long, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Instrument(models.Model):
    """A questionnaire: its items, its answer scale and its texts in each language it is written in."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_("The name in each language."))
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    scale_points = models.PositiveSmallIntegerField(_("points on the scale"), default=5)
    # The label of each point in each language: {"en": ["strongly disagree", …], …}.
    scale_labels = models.JSONField(_("labels of the scale"), default=dict, blank=True)
    # Scales the items are grouped in beyond the framework's vocabulary: {key: {"en": name, …}}.
    scales = models.JSONField(_("scales"), default=dict, blank=True)
    builtin = models.BooleanField(_("shipped with Mutuality"), default=False)
    loaded_from = models.CharField(_("loaded from"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.key

    def name_in(self, language: str) -> str:
        return in_language(self.names, language) or self.key

    @property
    def languages(self) -> list[str]:
        """The languages every item is written in."""
        items = list(self.items.all())
        found = set.intersection(*(set(item.texts) for item in items)) if items else set()
        return sorted(found)


class Item(models.Model):
    """One statement of an instrument, answered on its scale; grouped in a scale (a dimension of
    mutual learning, a form of learning, a recommendation's condition, or one of the instrument's
    own), and resting on a section of the study (or of the instrument's source)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)
    # A vocabulary term ("dimension" / "process_trust") or a key of the instrument's own ``scales``.
    vocabulary = models.CharField(_("vocabulary"), max_length=40, blank=True)
    term = models.CharField(_("term"), max_length=80, blank=True)
    scale = models.CharField(_("scale"), max_length=80, blank=True)
    texts = models.JSONField(_("statement"), default=dict, help_text=_("The statement in each language."))
    section = models.CharField(_("rests on"), max_length=120, blank=True)
    reverse = models.BooleanField(_("scored in reverse"), default=False)

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [models.UniqueConstraint(fields=["instrument", "key"], name="item_unique_key")]

    def __str__(self) -> str:
        return f"{self.instrument.key}/{self.key}"

    @property
    def scale_key(self) -> str:
        """The scale this item counts in: ``dimension/process_trust`` or one of the instrument's own."""
        return f"{self.vocabulary}/{self.term}" if self.vocabulary else self.scale

    def text_in(self, language: str) -> str:
        return in_language(self.texts, language)


class Round(models.Model):
    """One round of a partnership's self-assessment (e.g. yearly), with one instrument."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessment_rounds")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"), default=True, help_text=_("Answers are not linked to a name or an email address.")
    )
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up answers for a demonstration, not data.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "opens_on", "id"]
        verbose_name = _("self-assessment round")
        verbose_name_plural = _("self-assessment rounds")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="round_unique_name"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="round_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership.key} {self.name}"


class SideLink(models.Model):
    """The link of one side to one round's questionnaire: no account needed, valid until it expires
    or is revoked. Only the hash of its token is kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "side__position", "-created_at"]
        verbose_name = _("link to a questionnaire")
        verbose_name_plural = _("links to questionnaires")

    def __str__(self) -> str:
        return f"{self.round} — {self.side}"

    @classmethod
    def issue(
        cls, round: Round, side: Side, *, expires_at: Any = None, by: Any = None
    ) -> tuple[SideLink, str]:
        """A new link for ``side`` in ``round``, and its token (shown once, never stored)."""
        if side.partnership_id != round.partnership_id:
            raise ValueError("the side is not of the round's partnership")
        token = new_token()
        expires = expires_at or timezone.make_aware(datetime.combine(round.closes_on, time.max))
        made = cls.objects.create(
            round=round, side=side, token_hash=token_hash(token), expires_at=expires, created_by=by
        )
        return made, token

    def usable(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class Response(models.Model):
    """One respondent's answers in one round, for one side; resumed by its own link."""

    # A link with answers is not deleted alone (it is revoked); with its partnership it goes.
    link = models.ForeignKey(SideLink, on_delete=models.RESTRICT, related_name="responses")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+")
    resume_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    consent_to_evidence = models.BooleanField(
        _("comments may become evidence"),
        default=False,
        help_text=_("The respondent agreed that their comments are kept as a source, to be coded."),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["round", "side__position", "started_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["round", "side"])]

    def __str__(self) -> str:
        return f"{self.round} — {self.side} #{self.pk}"


class Answer(models.Model):
    """A response's latest answer to one item: a point of the scale, or none ("don't know")."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.RESTRICT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["response", "item__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="answer_unique_item")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.item_id}: {self.value}"


class Submission(models.Model):
    """Each time a response was sent, what it said: the history of its answers."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="submissions")
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    # {item key: {"value": 1…N or null, "comment": "…"}}
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        ordering = ["response", "submitted_at", "id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.response_id} at {self.submitted_at:%Y-%m-%d %H:%M}"


# A reminder is one email asked for one address: it holds the address and the link to send only
# until the task worker has sent it (the link opens the questionnaire, and the database keeps no
# token that does), and for good a keyed hash of the address, so that the same address is reminded
# at most once a day in a round without the address being kept. The rows of one officer's request
# share a ``batch``, so the page that asked can show how far the sending has come.
class Reminder(models.Model):
    """One reminder email to one address invited to a round, for one side."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="+")
    # HMAC of the address, lower-cased, with the project's secret key: the once-a-day limit.
    address_digest = models.CharField(max_length=64)
    # Until the email is sent (or failed): then emptied.
    address = models.EmailField(_("email address"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["round", "address_digest", "created_at"])]

    def __str__(self) -> str:
        return f"{self.round} — {self.side} ({self.status})"


def in_language(texts: dict[str, str], language: str) -> str:
    """A text in ``language``, else in its base language (``nl`` for ``nl-be``), else in English,
    else in the first language it has."""
    for wanted in (language, language.split("-")[0], "en"):
        if texts.get(wanted):
            return texts[wanted]
    return next(iter(texts.values()), "") if texts else ""
