"""The link register: cities, the twinning links between them and where each link was read, and the
migrant stock of each corridor between two countries.

Kept small on purpose: the atlas reads public lists (Wikipedia's, Wikidata's, UN DESA's) to place a
partnership in its network, so it stores what those lists say and where they say it, not a second
model of municipalities. A city that names one of ours points to it (``municipality``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.Model):
    """A city as the lists name it.

    ``country`` is the ISO 3166 code the label was read as, or blank when the label names no
    country we can tell (``country_label`` keeps what the file wrote, so nothing is guessed and
    nothing lost). ``key`` is how two rows are told to be the same city: the folded name and the
    country (or the folded label when unmatched); a Wikidata id, where known, wins over it.
    """

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    country_label = models.CharField(_("country as written"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=20, blank=True, db_index=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    key = models.CharField(_("key"), max_length=420, db_index=True)
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="atlas_cities",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return f"{self.name} ({self.country or self.country_label})"


class Link(models.Model):
    """A twinning link between two cities, stored once a pair: ``city_a`` has the smaller id.

    A pair listed from both sides, or by both lists, is one link with several sources.
    """

    city_a = models.ForeignKey(City, on_delete=models.CASCADE, related_name="links_as_a")
    city_b = models.ForeignKey(City, on_delete=models.CASCADE, related_name="links_as_b")

    class Meta:
        verbose_name = _("twinning link")
        verbose_name_plural = _("twinning links")
        constraints = [
            models.UniqueConstraint(fields=["city_a", "city_b"], name="atlas_link_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(city_a__lt=models.F("city_b")), name="atlas_link_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_a} – {self.city_b}"


class LinkSource(models.Model):
    """Where a link was read: the file's name, the line and the row as written, so every link can
    be traced back to the list that claims it (and a re-import of the file replaces its own)."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="sources")
    file = models.CharField(_("file"), max_length=255)
    line = models.PositiveIntegerField(_("line"))
    row = models.TextField(_("row as written"))

    class Meta:
        ordering = ["file", "line"]
        verbose_name = _("link source")
        verbose_name_plural = _("link sources")
        constraints = [models.UniqueConstraint(fields=["file", "line"], name="atlas_source_line_unique")]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class CorridorStock(models.Model):
    """How many people born in ``origin`` lived in ``destination`` in ``year`` (UN DESA's migrant
    stock): countries only, as the twinning links are weighed against them by country."""

    origin = models.CharField(_("country of birth"), max_length=2)
    destination = models.CharField(_("country of residence"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    migrants = models.PositiveBigIntegerField(_("migrants"))

    class Meta:
        ordering = ["origin", "destination", "year"]
        verbose_name = _("migrant stock of a corridor")
        verbose_name_plural = _("migrant stocks of corridors")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "destination", "year"], name="atlas_corridor_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.destination} {self.year}: {self.migrants}"
