from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.fields import VocabularyField, VocabularyListField
from mutuality.partnerships.models.base import Record, check_on_side, check_same_partnership
from mutuality.partnerships.models.exchanges import Exchange
from mutuality.partnerships.models.partnerships import Actor, Partnership, Side
from mutuality.partnerships.models.projects import Project

FLAG_HELP = {
    "intended": _("The learning was an aim of the exchange, not a side effect."),
    "recognised": _("Those who learned see it as learning from the partnership."),
    "implemented": _("What was learned has been put into practice."),
    "disseminated_internally": _("Shared within the learner's own organisation."),
    "disseminated_externally": _("Shared with other organisations."),
    "institutionalised": _("Embedded in rules, procedures or structures."),
}
LEARNING_FLAGS = tuple(FLAG_HELP)


class LearningOutcome(Record):
    """What one side (or one of its actors) learned, how, and what became of it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="learning_outcomes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who recorded it: a contributor may change only what it recorded."),
    )
    side = models.ForeignKey(
        Side, on_delete=models.CASCADE, related_name="learning_outcomes", verbose_name=_("who learned (side)")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_outcomes",
        verbose_name=_("who learned (actor)"),
    )
    learned_from = models.ForeignKey(
        Side,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_given",
        verbose_name=_("learned from (side)"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_outcomes",
        verbose_name=_("project"),
    )
    exchange = models.ForeignKey(
        Exchange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_outcomes",
        verbose_name=_("exchange"),
    )
    description = models.TextField(_("what was learned"))
    form = VocabularyField("learning_form", verbose_name=_("form of learning"))
    skills = VocabularyListField("skill", verbose_name=_("skills"))
    theme = VocabularyField("learning_theme", verbose_name=_("theme"), blank=True)
    issue_relation = VocabularyField("issue_relation", verbose_name=_("similar or complementary"), blank=True)
    # Each flag is yes, no or not known (None): a flag nobody recorded is not a "no", and the analyses
    # say what to record rather than conclude from it (docs/analysis.md, "Data completeness").
    intended = models.BooleanField(
        _("intended"), null=True, blank=True, default=None, help_text=FLAG_HELP["intended"]
    )
    recognised = models.BooleanField(
        _("recognised"), null=True, blank=True, default=None, help_text=FLAG_HELP["recognised"]
    )
    implemented = models.BooleanField(
        _("implemented"), null=True, blank=True, default=None, help_text=FLAG_HELP["implemented"]
    )
    disseminated_internally = models.BooleanField(
        _("disseminated internally"),
        null=True,
        blank=True,
        default=None,
        help_text=FLAG_HELP["disseminated_internally"],
    )
    disseminated_externally = models.BooleanField(
        _("disseminated externally"),
        null=True,
        blank=True,
        default=None,
        help_text=FLAG_HELP["disseminated_externally"],
    )
    institutionalised = models.BooleanField(
        _("institutionalised"), null=True, blank=True, default=None, help_text=FLAG_HELP["institutionalised"]
    )

    class Meta:
        ordering = ["side__position", "id"]
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="learning_key_unique")]

    def __str__(self) -> str:
        return self.description[:80]

    def key_basis(self) -> str:
        return f"{self.side} {self.description[:30]}"

    @property
    def flags_not_known(self) -> list[str]:
        """The names of the flags nobody recorded, so a page can say "not known" where it would show nothing."""
        fields = [field for field in self._meta.concrete_fields if field.name in LEARNING_FLAGS]
        return [str(field.verbose_name) for field in fields if getattr(self, field.name) is None]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        check_same_partnership(errors, "side", self.side if self.side_id else None, self.partnership_id)
        check_same_partnership(errors, "learned_from", self.learned_from, self.partnership_id)
        check_same_partnership(errors, "project", self.project, self.partnership_id)
        check_same_partnership(errors, "exchange", self.exchange, self.partnership_id)
        check_on_side(errors, "actor", self.actor, self.side_id)
        if self.side_id and self.side_id == self.learned_from_id:
            errors["learned_from"] = gettext("A side learns from another side, not from itself.")
        if errors:
            raise ValidationError(errors)
