from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.fields import VocabularyField, VocabularyListField
from mutuality.partnerships.models.base import Record, check_on_side, check_same_partnership, check_year_range
from mutuality.partnerships.models.places import Municipality


class Partnership(Record):
    """A city-to-city partnership between two or more municipalities, one side each."""

    name = models.CharField(_("name"), max_length=200)
    form = VocabularyField("partnership_form", verbose_name=_("form of cooperation"), default="city_link")
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    status = VocabularyField("partnership_status", verbose_name=_("status"), default="active")
    status_year = models.PositiveSmallIntegerField(
        _("status since (year)"),
        null=True,
        blank=True,
        help_text=_("The year the partnership was put on hold or ended."),
    )
    initiation = VocabularyField("initiation", verbose_name=_("initiated by"), blank=True)
    translocal_linkage = VocabularyField(
        "translocal_linkage",
        verbose_name=_("translocal linkage"),
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    translocal_description = models.TextField(
        _("migrant community link"),
        blank=True,
        help_text=_("How migrants and their organisations link the two localities."),
    )
    governance_model = VocabularyField(
        "governance_model", verbose_name=_("governance network model"), blank=True
    )
    description = models.TextField(_("description"), blank=True)
    blind_coding = models.BooleanField(
        _("blind coding"),
        default=False,
        help_text=_(
            "Coders see only their own codings on this partnership's sources until a researcher "
            "switches this off to compare them."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [models.UniqueConstraint(fields=["key"], name="partnership_key_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_year_range(self.since, self.status_year, "status_year")

    def age_in_years(self, year: int) -> int | None:
        if self.since is None:
            return None
        end = self.status_year if self.status == "ended" and self.status_year else year
        return max(0, end - self.since)


class Side(models.Model):
    """One municipality's side of a partnership: its actors, objectives and view."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sides")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="sides")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "position", "id"]
        verbose_name = _("side")
        verbose_name_plural = _("sides")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "municipality"], name="side_unique_municipality")
        ]

    def __str__(self) -> str:
        return self.municipality.name

    @property
    def key(self) -> str:
        return self.municipality.key


class Actor(Record):
    """An organisation or a person taking part on one side of a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actors")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="actors", verbose_name=_("side"))
    name = models.CharField(_("name"), max_length=200)
    kind = VocabularyField("actor_kind", verbose_name=_("kind"), default="organisation")
    type = VocabularyField("actor_type", verbose_name=_("type"))
    roles = VocabularyListField("actor_role", verbose_name=_("roles"))
    migrant_background = models.BooleanField(
        _("of migrant origin"),
        default=False,
        help_text=_("For individuals: whether the person has a migrant background."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["side__position", "name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="actor_key_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        check_same_partnership(errors, "side", self.side if self.side_id else None, self.partnership_id)
        if errors:
            raise ValidationError(errors)


class Objective(Record):
    """Why a side (or one of its actors) takes part, in its own words."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="objectives")
    side = models.ForeignKey(
        Side, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("side")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("actor"),
    )
    project = models.ForeignKey(
        "Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("project"),
    )
    type = VocabularyField("objective_type", verbose_name=_("objective"))
    wording = models.TextField(_("wording"), blank=True)
    clearly_formulated = models.BooleanField(
        _("clearly formulated"),
        default=False,
        help_text=_("Learning without a clear objective is less likely, and less likely to be recognised."),
    )

    class Meta:
        ordering = ["side__position", "type"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="objective_key_unique")]

    def __str__(self) -> str:
        return f"{self.side}: {gettext(self.get_type_display())}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        check_same_partnership(errors, "side", self.side if self.side_id else None, self.partnership_id)
        check_same_partnership(errors, "project", self.project, self.partnership_id)
        check_on_side(errors, "actor", self.actor, self.side_id)
        if errors:
            raise ValidationError(errors)
