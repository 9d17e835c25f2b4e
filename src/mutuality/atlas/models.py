"""The link register: cities, the twinning links between them and where each link was read, and the
migrant stock of each corridor between two countries.

Kept small on purpose: the atlas reads public lists (Wikipedia's, Wikidata's, UN DESA's) to place a
partnership in its network, so it stores what those lists say and where they say it, not a second
model of municipalities. A city that names one of ours points to it (``municipality``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MERGE_RULES = [
    ("name", _("same name, transliterated, in the same country")),
    ("name_nearby", _("same name in the same country, within a few kilometres")),
    ("similar_nearby", _("similar name in the same country, within a few kilometres")),
]


class City(models.Model):
    """A city as a list names it, and, once merged, the one city that several such rows name.

    ``country`` is the ISO 3166 code the label was read as, or blank when the label names no
    country we can tell (``country_label`` keeps what the file wrote, so nothing is guessed and
    nothing lost). ``key`` tells two rows of the lists to be the same row: the Wikidata id where
    the list gives one, else the name as written and the country (or the folded label when
    unmatched). Rows that name one city differently ("Adapazarı" and "Adapazari") stay rows of
    their own and point to the city that stands for them (``merged_into``, by ``merge_rule``), so
    a merge can be undone; an undone merge is ``kept_apart`` and no rule merges it again.
    ``folded`` is the name transliterated and folded (:func:`mutuality.atlas.names.fold_name`),
    as names are compared. A municipality set or cleared by hand (``municipality_by_hand``)
    stays so when the matching runs again.
    """

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    country_label = models.CharField(_("country as written"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=20, blank=True, db_index=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    key = models.CharField(_("key"), max_length=420, db_index=True)
    folded = models.CharField(_("name folded"), max_length=400, blank=True, db_index=True)
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="atlas_cities",
    )
    municipality_by_hand = models.BooleanField(_("municipality set by hand"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    merge_rule = models.CharField(_("merge rule"), max_length=20, choices=MERGE_RULES, blank=True)
    kept_apart = models.BooleanField(_("kept apart"), default=False)

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
    be traced back to the list that claims it (and a re-import of the file replaces its own).

    ``city_one`` and ``city_two`` are the cities as the row names them, before any merge: the
    link is between the cities that stand for those two, so it is derived again when a merge is
    made or undone. A row whose two cities were merged into one has no link (``link`` empty)
    until the merge is undone.
    """

    link = models.ForeignKey(Link, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    city_one = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    city_two = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
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
