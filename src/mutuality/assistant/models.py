"""What the coding assistant keeps in the database: the decisions people took on its suggestions,
and the state of each model it keeps in the data folder.

A :class:`Decision` records that someone accepted, rejected or edited a suggestion: who, when,
which code on which words (offsets, never the words: the source holds them) and how sure the
assistant was. The acceptance rate is counted from them, and a rejected suggestion is not proposed
again to the same person for the same passage and code.

A :class:`KeptModel` stands for one model file (``assistant/<key>.npz`` in the data folder): whose
rights chose the codings it learns from, and whether a retraining is waiting for the task worker,
so that a burst of codings queues one retraining per model, not one per coding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from mutuality.evidence.models import Code, Coding, Source, SourceVersion
from mutuality.partnerships.fields import VocabularyField


class Decision(models.Model):
    """A person's answer to one suggestion: accepted (coded as proposed), rejected, or edited
    (opened in the coding form to code it otherwise)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        EDITED = "edited", _("edited")

    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assistant_decisions",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+", verbose_name=_("source"))
    # The passage: code-point offsets into this version's stored text, as a coding's.
    version = models.ForeignKey(SourceVersion, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+", verbose_name=_("code"))
    confidence = models.FloatField(_("confidence"))
    assessment = VocabularyField("assessment", verbose_name=_("assessment"), blank=True)
    factor_role = VocabularyField("factor_role", verbose_name=_("role"), blank=True)
    # The coding an accepted suggestion made (empty once that coding is removed).
    coding = models.ForeignKey(Coding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision on a suggestion")
        verbose_name_plural = _("decisions on suggestions")
        indexes = [models.Index(fields=["user", "version", "outcome"])]

    def __str__(self) -> str:
        return f"{self.outcome} {self.code_id} at {self.start}–{self.end} of version {self.version_id}"


class KeptModel(models.Model):
    """One model the assistant keeps in the data folder, and whether it waits to be trained again.

    ``kind`` says which codings it learns from: every coding (``all``), those a reader may read
    (``reader``, with ``user`` the reader whose rights chose them: readers with the same rights
    share the model), or a coder's own under blind coding (``coder``).
    """

    class Kind(models.TextChoices):
        ALL = "all"
        READER = "reader"
        CODER = "coder"

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    # When a retraining was queued for the task worker that has not started yet (one at a time per
    # model); empty when none waits. A queue older than an hour is taken for lost (a worker's queue
    # emptied, a backup restored) and a change queues another.
    queued_at = models.DateTimeField(null=True, blank=True)
    # How many codings there were, and the newest, when the model was last checked against them: a
    # load that writes codings in bulk sends no signal, and a changed count still asks for a check.
    codings_seen = models.CharField(max_length=64, blank=True)
    passages = models.PositiveIntegerField(default=0)
    trained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kept suggestion model")
        verbose_name_plural = _("kept suggestion models")

    def __str__(self) -> str:
        return self.key

    @property
    def path(self) -> Path:
        return Path(settings.DATA_DIR) / "assistant" / f"{self.key}.npz"


@receiver(post_delete, sender=KeptModel)
def remove_model_file(sender: Any, instance: KeptModel, **kwargs: Any) -> None:
    """A model no longer kept (its reader gone, their rights changed) takes its file with it: it
    quotes coded passages."""
    instance.path.unlink(missing_ok=True)
