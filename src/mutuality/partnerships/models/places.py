from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mutuality.countries import country_choices, validate_country
from mutuality.partnerships.fields import VocabularyField
from mutuality.partnerships.models.base import Record


class Municipality(Record):
    """A municipality or other locality that can be one side of a partnership."""

    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=country_choices,
        validators=[validate_country],
        help_text=_("Stored as its two-letter ISO 3166 code, e.g. NL, MA or TR."),
    )
    region = models.CharField(_("region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    migration_role = VocabularyField("migration_role", verbose_name=_("role in migration"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [models.UniqueConstraint(fields=["key"], name="municipality_key_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.country = self.country.upper()
