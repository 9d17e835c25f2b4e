"""Sources, respondents, codes, codings and memos.

Offsets of codings count Unicode code points in the NFC text of one
immutable source version (Python's ``str`` indices). The browser counts
UTF-16 units; the coding page converts before it sends a selection, so the
same words are meant on both ends. Each coding also keeps a copy of the words
it covers, which lets a check prove it still points at them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.analysis.folding import fold_text
from mutuality.countries import country_choices, validate_country
from mutuality.partnerships.fields import VocabularyField
from mutuality.partnerships.models import Partnership, Side
from mutuality.partnerships.models.base import Record

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1f77b4."))

# Codes are coloured from Paul Tol's "light" scheme (personal.sron.nl/~pault): nine colours told
# apart with the common colour-vision deficiencies and light enough to read black text over, in an
# order where neighbours differ most (the six dimensions take the first six).
PALETTE = ("#77aadd", "#ee8866", "#44bb99", "#ffaabb", "#bbcc33", "#99ddff", "#eedd88", "#aaaa00", "#dddddd")


def free_colour(parent_id: int | None) -> str:
    """The palette's colour least used among a new code's siblings, so codes side by side differ."""
    used = Counter(Code.objects.filter(parent_id=parent_id).values_list("colour", flat=True))
    return min(PALETTE, key=lambda colour: (used[colour], PALETTE.index(colour)))


class ConsentScope(models.TextChoices):
    """What a respondent agreed their words may be used for."""

    RESEARCH = "research", _("research only")
    PUBLICATION = "research_publication", _("research and publication")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Respondent(Record):
    """Someone interviewed, described by role rather than by name."""

    label = models.CharField(
        _("pseudonym"),
        max_length=80,
        help_text=_("How the respondent is shown, e.g. R12 or 'policy officer Zeist'."),
    )
    role = models.CharField(
        _("role"), max_length=200, help_text=_("For example: policy officer, mayor, NGO director.")
    )
    organisation_type = VocabularyField("actor_type", verbose_name=_("organisation type"), blank=True)
    side = models.ForeignKey(
        Side,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="respondents",
        verbose_name=_("side"),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=country_choices,
        validators=[validate_country],
        help_text=_("Stored as its two-letter ISO 3166 code."),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.CharField(
        _("consent scope"), max_length=30, choices=ConsentScope.choices, blank=True
    )
    consent_note = models.TextField(
        _("consent note"), blank=True, help_text=_("For example how consent was given or what was excluded.")
    )

    class Meta:
        ordering = ["label"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [models.UniqueConstraint(fields=["key"], name="respondent_key_unique")]

    def __str__(self) -> str:
        return self.label


class RespondentIdentity(models.Model):
    """A respondent's real name, kept apart so it can be protected and erased on its own."""

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="identity")
    real_name = models.CharField(_("real name"), max_length=200)

    class Meta:
        verbose_name = _("respondent identity")
        verbose_name_plural = _("respondent identities")

    def __str__(self) -> str:
        return gettext("identity of %(respondent)s") % {"respondent": self.respondent}


class Source(Record):
    """A transcript, notes, a document or a survey answer: evidence that can be coded."""

    title = models.CharField(_("title"), max_length=300)
    kind = VocabularyField("source_kind", verbose_name=_("kind"), default="interview")
    partnerships = models.ManyToManyField(Partnership, related_name="sources", verbose_name=_("partnerships"))
    side = models.ForeignKey(
        Side, on_delete=models.SET_NULL, null=True, blank=True, related_name="sources", verbose_name=_("side")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=20, blank=True, help_text=_("For example nl, tr, ar, fr.")
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("respondent"),
    )
    confidential = models.BooleanField(_("confidential"), default=True)
    blind_coding = models.BooleanField(
        _("blind coding"),
        default=False,
        help_text=_(
            "Coders see only their own codings on this source until a researcher switches this off to "
            "compare them. A source of a partnership that codes blind is coded blind as well."
        ),
    )
    names_to_hide = models.TextField(
        _("names to hide"),
        blank=True,
        help_text=_("Names that occur in the text, one per line; exports replace them with [name]."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [models.UniqueConstraint(fields=["key"], name="source_key_unique")]
        # Sources are listed, and passages put in order, by title (see the migration that made it).
        indexes = [models.Index(fields=["title"], name="source_title_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> SourceVersion | None:
        return self.versions.order_by("-number").first()


class SourceVersion(models.Model):
    """One fixed text of a source. Editing a coded source makes a new version, never changes this one."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    sha256 = models.CharField(max_length=64, editable=False)
    # The text folded (mutuality.analysis.folding), kept so the database finds the versions holding a
    # word with a plain ``contains``, alike on SQLite and PostgreSQL; filled on every save (fill_folded).
    folded_text = models.TextField(editable=False, blank=True, default="")
    filename = models.CharField(_("original file"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=20, default="text")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["source", "number"]
        verbose_name = _("source version")
        verbose_name_plural = _("source versions")
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="source_version_unique")]

    def __str__(self) -> str:
        return f"{self.source} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)


class Code(models.Model):
    """A code in the codebook; framework codes stand for a vocabulary term and keep its key."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[colour_validator],
        help_text=_("Left empty, a colour of the palette is chosen, one its neighbours do not have."),
    )
    vocabulary = models.CharField(max_length=40, blank=True, editable=False)
    term = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["parent_id", "name"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="code_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent=None), name="top_code_name_unique"
            ),
            models.UniqueConstraint(
                fields=["vocabulary", "term"],
                condition=~models.Q(vocabulary=""),
                name="framework_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.path

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.colour:
            self.colour = free_colour(self.parent_id)
        super().save(*args, **kwargs)

    @property
    def path(self) -> str:
        names = [self.name]
        node = self.parent
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    @property
    def display_path(self) -> str:
        """The path in the reader's language: framework codes keep their English names in the
        database (exports and other QDA tools read those) and are shown translated."""
        return self.shown_path(self.path_names())

    def path_names(self) -> tuple[str, ...]:
        """The names of this code and its parents, from the root down, as stored."""
        names = [self.name]
        node = self.parent
        while node is not None:
            names.append(node.name)
            node = node.parent
        return tuple(reversed(names))

    @staticmethod
    def shown_path(names: Iterable[str]) -> str:
        """A code's path from its names (:meth:`path_names`), in the reader's language."""
        return " / ".join(gettext(name) for name in names)

    @property
    def is_dimension(self) -> bool:
        return self.vocabulary == "dimension" and bool(self.term)

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": gettext("A code cannot be placed under itself.")})
            node = node.parent


class Coding(models.Model):
    """A code applied by one coder to a range of one source version's text."""

    version = models.ForeignKey(SourceVersion, on_delete=models.CASCADE, related_name="codings")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("coded text"), editable=False)
    # The quote folded, for the passages' word filter (as SourceVersion.folded_text).
    folded_quote = models.TextField(editable=False, blank=True, default="")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings", verbose_name=_("code"))
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="codings", verbose_name=_("coder")
    )
    assessment = VocabularyField("assessment", verbose_name=_("assessment"), blank=True)
    factor_role = VocabularyField("factor_role", verbose_name=_("role"), blank=True)
    concerns_side = models.ForeignKey(
        Side,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codings",
        verbose_name=_("whose learning"),
    )
    concerns_country = models.CharField(
        _("whose learning (country)"),
        max_length=2,
        blank=True,
        choices=country_choices,
        validators=[validate_country],
        help_text=_(
            "For a statement about the sides in one country across partnerships (e.g. NL for learning by "
            "Dutch municipalities) rather than one side. Two-letter ISO code."
        ),
    )
    projects = models.ManyToManyField(
        "partnerships.Project",
        blank=True,
        related_name="codings",
        verbose_name=_("projects"),
        help_text=_(
            "The projects the passage is about. Its subjects and project types are then theirs, "
            "not those of every project of the source's partnerships."
        ),
    )
    memo = models.TextField(_("memo"), blank=True)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("The text under this coding changed in a newer version of the source."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "start", "end", "id"]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        indexes = [
            # With ``start``, a code's passages are put in order from the index alone (by source,
            # then where they start), and only the page shown is read from the table.
            models.Index(fields=["code", "version", "start"]),
            models.Index(fields=["version", "start"]),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.quote[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.quote = self.version.text[self.start : self.end]
        self.concerns_country = self.concerns_country.upper()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        length = len(self.version.text) if self.version_id else None
        if self.start >= self.end:
            raise ValidationError(gettext("A coding must cover at least one character (start before end)."))
        if length is not None and self.end > length:
            raise ValidationError(
                gettext("The range %(start)s–%(end)s lies outside the text, which has %(length)s characters.")
                % {"start": self.start, "end": self.end, "length": length}
            )
        if self.concerns_country:
            try:
                validate_country(self.concerns_country)
            except ValidationError as error:
                raise ValidationError({"concerns_country": error.messages}) from error
        if (self.assessment or self.factor_role) and self.code_id and not self.code.is_dimension:
            raise ValidationError(
                gettext("Only codings of a dimension of mutual learning carry an assessment.")
            )


class Memo(models.Model):
    """A researcher's note on a source, a code or a coding."""

    text = models.TextField(_("memo"))
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, null=True, blank=True, related_name="memos")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    # A code's memo is about the evidence of one partnership (framework codes are shared by all):
    # only those who may read that partnership's evidence read it (Access.code_memos).
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="code_memos",
        verbose_name=_("about the evidence of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source__isnull=False, code__isnull=True, coding__isnull=True)
                    | models.Q(source__isnull=True, code__isnull=False, coding__isnull=True)
                    | models.Q(source__isnull=True, code__isnull=True, coding__isnull=False)
                ),
                name="memo_has_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def names_scope(self) -> Any:
        """What decides whether a reader sees real names in this memo (mutuality.privacy.reader): its
        source, its coding's source, or for a code's memo the partnership it is about."""
        if self.source_id:
            return self.source
        if self.coding is not None:  # without a query when there is no coding, as `coding_id` would
            return self.coding.version.source
        return self.partnership


class FrameworkCell(models.Model):
    """The analyst's summary and assessment for one case (a partnership or one side) and one code.

    The rows of the framework matrix behind Table 8.1; the passages shown
    beside each cell are queried live, so they follow the coding as it goes on.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="framework_cells")
    side = models.ForeignKey(
        Side, on_delete=models.CASCADE, null=True, blank=True, related_name="framework_cells"
    )
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="framework_cells")
    summary = models.TextField(_("summary"), blank=True)
    assessment = VocabularyField("assessment", verbose_name=_("assessment"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("framework matrix cell")
        verbose_name_plural = _("framework matrix cells")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=models.Q(side=None),
                name="framework_cell_case_unique",
            ),
            models.UniqueConstraint(
                fields=["partnership", "side", "code"],
                condition=~models.Q(side=None),
                name="framework_cell_side_unique",
            ),
        ]

    def __str__(self) -> str:
        where = self.side or self.partnership
        return f"{where} × {self.code}"


def fill_folded(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Fold a version's text or a coding's words before every save (``pre_save``).

    A receiver rather than ``save()``, since rows read back from a backup or a fixture are saved
    raw, past ``save()``: their folded copy is made here all the same, as this version folds.
    """
    if isinstance(instance, SourceVersion):
        instance.folded_text = fold_text(instance.text)
    elif isinstance(instance, Coding):
        instance.folded_quote = fold_text(instance.quote)
