from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.fields import VocabularyField
from mutuality.partnerships.models.base import Record, check_on_side, check_same_partnership, check_year_range
from mutuality.partnerships.models.partnerships import Actor, Partnership, Side
from mutuality.partnerships.models.projects import Project, SupportProgramme


class ResourceContribution(Record):
    """Money or in-kind support (hospitality, volunteer hours, lodging, travel) one side brings."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="resources")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="resources", verbose_name=_("side"))
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("actor"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("project"),
    )
    programme = models.ForeignKey(
        SupportProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("from support programme"),
    )
    kind = VocabularyField("resource_kind", verbose_name=_("kind"))
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty for a contribution in kind whose size is not known."),
    )
    unit = VocabularyField("resource_unit", verbose_name=_("unit"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["side__position", "start_year", "id"]
        verbose_name = _("resource contribution")
        verbose_name_plural = _("resource contributions")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="resource_key_unique")]

    def __str__(self) -> str:
        if self.amount is None:
            return f"{self.side}: {self.get_kind_display()}"
        return f"{self.side}: {self.get_kind_display()} {self.amount} {self.get_unit_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        check_same_partnership(errors, "side", self.side if self.side_id else None, self.partnership_id)
        check_same_partnership(errors, "project", self.project, self.partnership_id)
        check_on_side(errors, "actor", self.actor, self.side_id)
        if self.kind == "financial" and self.amount is not None and not self.unit:
            self.unit = "eur"
        if self.kind == "financial" and self.unit not in ("", "eur"):
            errors["unit"] = gettext("Financial contributions are recorded in euro.")
        if self.amount is not None and not self.unit:
            errors["unit"] = gettext("Say what the amount counts (euro, hours, nights, …).")
        if errors:
            raise ValidationError(errors)
        check_year_range(self.start_year, self.end_year, "end_year")
