from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.fields import VocabularyField, VocabularyListField
from mutuality.partnerships.models.base import Record, check_year_range
from mutuality.partnerships.models.partnerships import Partnership


class SupportProgramme(Record):
    """A programme that funds or frames exchanges, e.g. LOGO East or MATRA."""

    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    focus = models.TextField(_("focus"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        constraints = [models.UniqueConstraint(fields=["key"], name="programme_key_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_year_range(self.start_year, self.end_year, "end_year")


class Project(Record):
    """A project under a partnership; mutuality is judged here as well as overall."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    types = VocabularyListField("project_type", verbose_name=_("project types"), blank=False)
    scale_level = VocabularyField("scale_level", verbose_name=_("scale level"), default="project")
    support_programme = models.ForeignKey(
        SupportProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("support programme"),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    subjects = models.JSONField(
        _("subjects"),
        default=list,
        blank=True,
        help_text=_("What the project is about, e.g. fire safety or waste management."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["partnership", "start_year", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="project_key_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_year_range(self.start_year, self.end_year, "end_year")
        if not isinstance(self.subjects, list) or not all(isinstance(s, str) for s in self.subjects):
            raise ValidationError({"subjects": _("Subjects must be a list of words.")})
