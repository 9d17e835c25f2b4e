from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.fields import VocabularyField
from mutuality.partnerships.models.base import Record, check_on_side, check_same_partnership
from mutuality.partnerships.models.partnerships import Actor, Partnership, Side
from mutuality.partnerships.models.projects import Project


class Exchange(Record):
    """A visit, meeting, training or other activity in which knowledge moves."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="exchanges")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Who recorded it: a contributor may change only what it recorded."),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_precision = VocabularyField("date_precision", verbose_name=_("date precision"), default="day")
    method = VocabularyField("exchange_method", verbose_name=_("method"))
    direction = VocabularyField("exchange_direction", verbose_name=_("direction"), default="vertical")
    setting = VocabularyField("exchange_setting", verbose_name=_("setting"), default="formal")
    stage = VocabularyField("exchange_stage", verbose_name=_("stage"), default="follow_up")
    host = models.ForeignKey(
        Side,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_exchanges",
        verbose_name=_("took place at"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="exchange_key_unique")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = gettext("The end (%(end)s) is before the start (%(start)s).") % {
                "end": self.end_date.isoformat(),
                "start": self.start_date.isoformat(),
            }
        check_same_partnership(errors, "project", self.project, self.partnership_id)
        check_same_partnership(errors, "host", self.host, self.partnership_id)
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    """Who took part in an exchange, from which side."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="participations")
    side = models.ForeignKey(
        Side, on_delete=models.CASCADE, related_name="participations", verbose_name=_("side")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("actor"),
    )
    count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)

    class Meta:
        ordering = ["side__position", "id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.actor or self.side}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        partnership_id = self.exchange.partnership_id if self.exchange_id else None
        check_same_partnership(errors, "side", self.side if self.side_id else None, partnership_id)
        check_on_side(errors, "actor", self.actor, self.side_id)
        if errors:
            raise ValidationError(errors)


class KnowledgeFlow(models.Model):
    """Knowledge that moved from one side to another in an exchange."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="knowledge_flows")
    from_side = models.ForeignKey(
        Side, on_delete=models.CASCADE, related_name="knowledge_given", verbose_name=_("from side")
    )
    to_side = models.ForeignKey(
        Side, on_delete=models.CASCADE, related_name="knowledge_received", verbose_name=_("to side")
    )
    type = VocabularyField("knowledge_type", verbose_name=_("type of knowledge"))
    domain = VocabularyField("knowledge_domain", verbose_name=_("domain"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["exchange", "id"]
        verbose_name = _("knowledge flow")
        verbose_name_plural = _("knowledge flows")

    def __str__(self) -> str:
        return f"{self.from_side} → {self.to_side}: {self.get_domain_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        partnership_id = self.exchange.partnership_id if self.exchange_id else None
        check_same_partnership(
            errors, "from_side", self.from_side if self.from_side_id else None, partnership_id
        )
        check_same_partnership(errors, "to_side", self.to_side if self.to_side_id else None, partnership_id)
        if self.from_side_id and self.from_side_id == self.to_side_id:
            errors["to_side"] = gettext("Knowledge flows from one side to another; both are the same.")
        if errors:
            raise ValidationError(errors)
