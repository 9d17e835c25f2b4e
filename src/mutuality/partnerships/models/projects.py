from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutuality.framework.sdgs import is_target, target_goal
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
    # The goals of the 2030 Agenda the project serves, as the OECD's framework for city-to-city
    # partnerships reports them (issue 19). None listed means not recorded, not "serves none".
    sdgs = VocabularyListField("sdg", verbose_name=_("Sustainable Development Goals"))
    sdg_targets = models.JSONField(
        _("SDG targets"),
        default=list,
        blank=True,
        help_text=_("Targets of those goals, optional, as numbered in the 2030 Agenda, e.g. 11.6 or 11.b."),
    )

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
        self.clean_sdg_targets()

    def clean_sdg_targets(self) -> None:
        """Each target one the 2030 Agenda sets, listed once, of a goal the project names."""
        targets = self.sdg_targets
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise ValidationError({"sdg_targets": _("SDG targets must be a list such as 11.6, 11.b.")})
        unknown = [t for t in targets if not is_target(t)]
        if unknown:
            raise ValidationError(
                {
                    "sdg_targets": _(
                        "Not a target of the 2030 Agenda: %(targets)s. Write a target as its goal's "
                        "number, a dot and its own number or letter, e.g. 11.6 or 11.b."
                    )
                    % {"targets": ", ".join(unknown)}
                }
            )
        if len(set(targets)) != len(targets):
            raise ValidationError({"sdg_targets": _("A target is listed twice.")})
        goals = self.sdgs if isinstance(self.sdgs, list) else []
        outside = [t for t in targets if target_goal(t) not in goals]
        if outside:
            raise ValidationError(
                {
                    "sdg_targets": _(
                        "%(targets)s: a target belongs to its goal; tick that goal among the "
                        "project's Sustainable Development Goals too."
                    )
                    % {"targets": ", ".join(outside)}
                }
            )
