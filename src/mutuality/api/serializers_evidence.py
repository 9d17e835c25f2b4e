"""JSON shapes of the evidence: sources with their text, the codebook, codings; read and written.

Writes keep the web's rules, from the same functions (:mod:`mutuality.evidence.editing`,
:mod:`mutuality.evidence.codebook`, :func:`mutuality.evidence.versions.add_version`) and the models'
``full_clean()``; who may write what is :class:`~mutuality.accounts.access.Access`'s, asked by the
views and, where it depends on a record named in the body (the source a coding is made on), here.

Offsets: a coding's ``start`` and ``end`` count Unicode code points (Python's ``str`` indices) in the
text as the API shows it to the caller: with real names replaced (a respondent's by their label,
a source's names to hide by ``[name]``), or as stored for an administrator asking
``?with_names=1``. That is the ``text`` of ``GET sources/{key}/`` with the same ``with_names``, and
codings are read in the same text, so a coding read and sent back names the same words. A new
coding sends its ``quote``, the words at its offsets, which must match them: the one check that
the caller counted as the API counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status

from mutuality.accounts.access import Access
from mutuality.accounts.roles import Role
from mutuality.api.serializers import key_field, model_errors
from mutuality.evidence import codebook
from mutuality.evidence.editing import (
    PROJECT_ELSEWHERE,
    SIDE_ELSEWHERE,
    OutsideText,
    SourceLimits,
    WordsMismatch,
    check_concerns_country,
    check_source_side,
    dimension_only,
    place,
    source_limits,
    source_projects,
    source_sides,
)
from mutuality.evidence.models import Code, Coding, Respondent, Source, SourceVersion
from mutuality.evidence.versions import add_version, normalise
from mutuality.formats.extract import has_words
from mutuality.ids import MAX_ID
from mutuality.partnerships.models import Partnership, Project, Side
from mutuality.partnerships.models.base import KEY_PATTERN
from mutuality.partnerships.naming import shortened
from mutuality.privacy.pseudonymise import Replaced

Found = TypeVar("Found")

_KEY = KEY_PATTERN.strip("^$")
#: A record of one of a source's partnerships: its key, or ``partnership-key/key`` where two
#: partnerships of the source have one of that key (two sides in one municipality).
REF_PATTERN = rf"^(?:{_KEY}/)?{_KEY}$"
MAX_POSITIVE = 2_147_483_647  # the largest value of a PositiveIntegerField (offsets, version numbers)


class StaleVersion(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def ref_field(help_text: Any, **options: Any) -> serializers.RegexField:
    return serializers.RegexField(REF_PATTERN, max_length=161, help_text=help_text, **options)


def by_ref(
    records: Iterable[Found], value: str, key: Callable[[Found], str], partnership: Callable[[Found], str]
) -> list[Found]:
    """The records named by ``value``: ``key``, or ``partnership-key/key``."""
    wanted_partnership, _slash, wanted = value.rpartition("/")
    return [
        record
        for record in records
        if key(record) == wanted and (not wanted_partnership or partnership(record) == wanted_partnership)
    ]


def one_of(found: list[Found], field: str, value: str, kind: Any, held: Iterable[Found] = ()) -> Found:
    """The one record found for ``value``; a 400 naming ``field`` for none or several, unless one of
    several is among those ``held`` already (a record read and sent back as it was)."""
    holding = list(held)
    kept = [record for record in found if record in holding]
    if len(found) == 1 or len(kept) == 1:
        return (kept or found)[0]
    if found:
        message = _("Two partnerships have a %(kind)s %(key)s; name it as partnership-key/%(key)s.")
    else:
        message = _("No %(kind)s with the key %(key)s here.")
    raise serializers.ValidationError({field: [message % {"kind": kind, "key": value}]})


def refused(field: str, error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({field: error.messages})


def shown_text(context: dict[str, Any], version: SourceVersion) -> Replaced:
    """A version's text as the caller reads it through the API, with the map back to the stored one."""
    replace = context.get("pseudonymiser")
    if replace is None or not replace.has_names(version.source_id):
        return Replaced(version.text)
    made = context.setdefault("shown_versions", {})
    if version.pk not in made:
        made[version.pk] = replace.replace(version.text, version.source_id)
    found: Replaced = made[version.pk]
    return found


def unless_as_shown(sent: str, stored: str, shown: str) -> str:
    """What to store for a text field sent back: the stored text when the caller sent what the API
    showed them (names replaced), so reading a record and sending it back changes nothing."""
    return stored if sent == shown else sent


class PseudonymisedField(serializers.CharField):
    """A text with real names replaced (kept for administrators asking ``?with_names=1``)."""

    def __init__(self, source_id: str, **kwargs: Any) -> None:
        self.source_id = source_id
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        text = super().get_attribute(instance)
        return self.shown(instance, text)

    def shown(self, instance: Any, text: Any) -> Any:
        """``text`` of ``instance`` as the caller reads it."""
        replace = self.context.get("pseudonymiser")
        if replace is None or not text:
            return text
        source_id = instance
        for part in self.source_id.split("."):
            source_id = getattr(source_id, part)
        return str(replace.text(text, source_id))


# --- sources ---------------------------------------------------------------------------------------


def _current(source: Source) -> SourceVersion | None:
    versions = list(source.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


class PartnershipKeysField(serializers.ListField):
    """The partnerships of a source, by key."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.RegexField(KEY_PATTERN, max_length=80), **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [partnership.key for partnership in data.all()]


class VersionField(serializers.IntegerField):
    """Read: the number of the source's current version. Written with a new ``text``: the version
    the caller read, so that a text saved by someone else meanwhile is not overwritten (409)."""

    def get_attribute(self, instance: Any) -> Any:
        current = _current(instance)
        return current.number if current else None


class SourceTextField(serializers.CharField):
    """The current version's text, as the caller reads it (names replaced)."""

    def get_attribute(self, instance: Any) -> Any:
        current = _current(instance)
        return shown_text(self.context, current).text if current else ""


class SourceSerializer(serializers.ModelSerializer):
    """A source in lists: its description, without the text."""

    title = PseudonymisedField("pk")
    partnerships = PartnershipKeysField(read_only=True)
    side = serializers.CharField(
        source="side.municipality.key", read_only=True, allow_null=True, default=None
    )
    respondent = serializers.CharField(
        source="respondent.label", read_only=True, allow_null=True, default=None
    )
    version = VersionField(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "kind",
            "partnerships",
            "side",
            "date",
            "language",
            "respondent",
            "confidential",
            "blind_coding",
            "version",
        ]
        read_only_fields = fields


class SourceDetailSerializer(serializers.ModelSerializer):
    """A source with its current text; written as the web's source forms and "Edit text" write it."""

    key = key_field(required=False)
    title = PseudonymisedField("pk", read_only=False, max_length=300)
    partnerships = PartnershipKeysField(
        help_text=_(
            "Keys of the partnerships the source belongs to, among those you research; links to "
            "partnerships you do not research stay as they are."
        ),
    )
    side = ref_field(
        _(
            "The municipality key of the side the source is told from (partnership-key/municipality-key "
            "where two of its partnerships have a side there)."
        ),
        source="side.municipality.key",
        required=False,
        allow_null=True,
    )
    respondent = serializers.CharField(
        source="respondent.label", read_only=True, allow_null=True, default=None
    )
    respondent_key = serializers.RegexField(
        KEY_PATTERN,
        max_length=80,
        source="respondent.key",
        required=False,
        allow_null=True,
        write_only=True,  # a key may be made from a name; the label (``respondent``) is what is shown
        help_text=_("The key of the respondent heard in the source (among those you may see)."),
    )
    version = VersionField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_POSITIVE,
        help_text=_(
            "The number of the current version. Sent with a new text: the version you read; if "
            "someone saved another since, nothing is saved (409)."
        ),
    )
    text = SourceTextField(
        required=False,
        help_text=_(
            "The current version's text. Required for a new source; a changed text makes a new "
            "version, on which codings of unchanged words move along and the others are flagged."
        ),
    )

    class Meta:
        model = Source
        fields = [*SourceSerializer.Meta.fields, "respondent_key", "text"]

    @property
    def access(self) -> Access:
        return Access.of(self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        source = self.instance
        access = self.access
        limits = source_limits(source, None if access.is_admin else access.partnership_ids([Role.RESEARCHER]))
        if source is not None and attrs.get("key", source.key) != source.key:
            raise serializers.ValidationError({"key": [_("A record's key cannot be changed.")]})
        partnerships = self._partnerships(attrs.pop("partnerships", None), limits)
        record = source if source is not None else Source()
        if "title" in attrs and source is not None:
            shown = cast(PseudonymisedField, self.fields["title"]).shown(source, source.title)
            attrs["title"] = unless_as_shown(attrs["title"], source.title, shown)
        if "side" in attrs:
            attrs["side"] = self._side(attrs["side"], limits, partnerships)
        if "respondent" in attrs:
            attrs["respondent"] = self._respondent(attrs["respondent"], access)
        if (
            limits.confidential_fixed
            and attrs.get("confidential", record.confidential) != record.confidential
        ):
            raise serializers.ValidationError(
                {
                    "confidential": [
                        _(
                            "The source is shared with partnerships you do not research, so only "
                            "someone who researches all of them can change this."
                        )
                    ]
                }
            )
        self.new_text = self._text(attrs.pop("text", None), record)
        self.read_version = attrs.pop("version", None)
        for name, value in attrs.items():
            setattr(record, name, value)
        try:
            check_source_side(
                record.side, partnerships if partnerships is not None else list(record.partnerships.all())
            )
        except DjangoValidationError as error:
            raise refused("side", error) from error
        try:
            record.full_clean(exclude=[] if record.key else ["key"])
        except DjangoValidationError as error:
            raise model_errors(error) from error
        self.record, self.links = record, partnerships
        return attrs

    def _partnerships(self, keys: list[str] | None, limits: SourceLimits) -> list[Partnership] | None:
        """The source's partnerships after the change: those sent that the caller may link, and those
        they may not change; None when not sent."""
        if keys is None:  # left out of a change (a new source must name them: the field is required)
            return None
        found = {p.key: p for p in Partnership.objects.filter(key__in=keys)}
        kept = {p.key for p in limits.kept}
        wrong = [key for key in keys if key not in found or not (limits.may_link(found[key]) or key in kept)]
        if wrong:
            raise serializers.ValidationError(
                {
                    "partnerships": [
                        _("No partnership with the key %(key)s among those you research.")
                        % {"key": ", ".join(wrong)}
                    ]
                }
            )
        chosen = [found[key] for key in dict.fromkeys(keys) if key not in kept]
        if not chosen and not limits.kept:
            raise serializers.ValidationError(
                {"partnerships": [_("Name at least one partnership the source belongs to.")]}
            )
        return [*chosen, *limits.kept]

    def _side(self, value: dict[str, Any] | None, limits: SourceLimits, partnerships: Any) -> Side | None:
        """The side named, among the sides of the source's partnerships; one the caller may not
        choose (of a partnership they do not research) only if it is the side the source has."""
        current = self.instance.side if self.instance is not None else None
        ref = value["municipality"]["key"] if value else None
        if ref is None:
            side = None
        else:
            linked = partnerships
            if linked is None:  # not changed: a change of a stored source
                assert self.instance is not None
                linked = list(self.instance.partnerships.all())
            candidates = Side.objects.select_related("partnership", "municipality").filter(
                partnership__in=[p.pk for p in linked]
            )
            side = one_of(
                by_ref(candidates, ref, lambda s: s.municipality.key, lambda s: s.partnership.key),
                "side",
                ref,
                Side._meta.verbose_name,
                [current] if current is not None else [],
            )
        if side != current and (
            limits.side_fixed or (side is not None and not limits.may_link(side.partnership))
        ):
            raise serializers.ValidationError(
                {"side": [_("The side belongs to a partnership you do not research; it stays as it is.")]}
            )
        return side

    def _respondent(self, value: dict[str, Any] | None, access: Access) -> Respondent | None:
        key = value["key"] if value else None
        if key is None:
            return None
        found = access.respondents(Respondent.objects.filter(key=key)).first()
        if found is None:
            raise serializers.ValidationError(
                {"respondent_key": [_("No respondent with the key %(key)s here.") % {"key": key}]}
            )
        return found

    def _text(self, sent: str | None, source: Source) -> str | None:
        """The text of a new version, or None when there is none to make."""
        if source.pk is None:
            if sent is None or not has_words(sent):
                raise serializers.ValidationError({"text": [_("A new source needs a text with words.")]})
            return sent
        if sent is None:
            return None
        current = source.current
        stored = current.text if current else ""
        shown = shown_text(self.context, current).text if current else ""
        if normalise(sent) in (stored, shown):
            return None  # the text read, sent back
        if shown != stored:
            raise serializers.ValidationError(
                {
                    "text": [
                        _(
                            "The text holds names the API replaces for you; a new text sent here would "
                            "replace them for good. Change it on the source's page, or as an "
                            "administrator with with_names=1."
                        )
                    ]
                }
            )
        return sent

    def create(self, validated_data: dict[str, Any]) -> Source:
        return self.update(self.record, validated_data)

    def update(self, instance: Source, validated_data: dict[str, Any]) -> Source:
        record, user = self.record, self.context["request"].user
        if self.new_text is not None and record.pk is not None:
            self._check_version(record)
        record.save()
        if self.links is not None:
            record.partnerships.set(self.links)
        if self.new_text is not None:
            add_version(record, self.new_text, user=user)
        return record

    def _check_version(self, source: Source) -> None:
        """Refuse a new text when the caller read another version than the latest (under a lock)."""
        if self.read_version is None:
            return
        latest = SourceVersion.objects.select_for_update().filter(source=source).order_by("-number").first()
        number = latest.number if latest else 0
        if number != self.read_version:
            raise StaleVersion(
                gettext(
                    "The latest version of this text is %(number)s, not %(read)s, which you sent; "
                    "nothing was saved. Read the text again and send your change with its version."
                )
                % {"number": number, "read": self.read_version}
            )


# --- the codebook ----------------------------------------------------------------------------------


class CodeIdField(serializers.IntegerField):
    """A code by its id (a whole number no larger than the database's ids)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=MAX_ID, **kwargs)


def code_by_id(field: str, pk: int | None) -> Code | None:
    if pk is None:
        return None
    found = Code.objects.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [_("No code with the id %(id)s.") % {"id": pk}]})
    return found


class CodeSerializer(serializers.ModelSerializer):
    """A code: framework codes keep their vocabulary and term; a move is checked for cycles."""

    path = serializers.CharField(read_only=True)
    # A field named like Field.parent: DRF's metaclass moves declared fields off the class.
    parent = CodeIdField(  # type: ignore[assignment]
        source="parent_id", required=False, allow_null=True, help_text=_("Id of the parent code.")
    )

    class Meta:
        model = Code
        fields = ["id", "name", "path", "parent", "description", "colour", "vocabulary", "term"]
        read_only_fields = ["id", "path", "vocabulary", "term"]
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        record = self.instance if self.instance is not None else Code()
        if "parent_id" in attrs:
            record.parent = code_by_id("parent", attrs.pop("parent_id"))
        for name, value in attrs.items():
            setattr(record, name, value)
        try:
            record.full_clean()
        except DjangoValidationError as error:
            raise model_errors(error) from error
        self.record = record
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Code:
        """Saved through :func:`codebook.move_code`, as the codebook page saves it (cycles, names)."""
        try:
            codebook.move_code(self.record, self.record.parent)
        except DjangoValidationError as error:
            raise refused("parent", error) from error
        return self.record

    def update(self, instance: Code, validated_data: dict[str, Any]) -> Code:
        return self.create(validated_data)


# --- codings ---------------------------------------------------------------------------------------


class SourceKeyField(serializers.RegexField):
    """The source a coding is made on, by key (read from the coding's version)."""

    def get_attribute(self, instance: Any) -> Any:
        return instance.version.source.key


class ProjectKeysField(serializers.ListField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.RegexField(REF_PATTERN, max_length=161), **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [project.key for project in data.all()]


#: What cannot change once a coding is made: its words (read back as the API shows them).
PLACE_FIELDS = ("source", "start", "end", "quote")


class CodingSerializer(serializers.ModelSerializer):
    """A coding: made on a source's current version, its words placed by ``start``, ``end``, ``quote``."""

    # A field named like Field.source: DRF's metaclass moves declared fields off the class.
    source = SourceKeyField(  # type: ignore[assignment]
        KEY_PATTERN,
        max_length=80,
        help_text=_("The key of the source; a coding is made on its current text."),
    )
    version = serializers.IntegerField(source="version.number", read_only=True)
    start = serializers.IntegerField(
        min_value=0,
        max_value=MAX_POSITIVE,
        help_text=_("Where the words begin: code points in the text as the API shows it to you."),
    )
    end = serializers.IntegerField(
        min_value=0, max_value=MAX_POSITIVE, help_text=_("Where the words end (after the last one).")
    )
    quote = serializers.CharField(
        trim_whitespace=False,
        help_text=_("The words from start to end, as the API shows them to you; other words are refused."),
    )
    code = CodeIdField(source="code_id", help_text=_("The id of the code applied."))
    code_path = serializers.CharField(source="code.path", read_only=True)
    coder = serializers.CharField(source="coder.username", read_only=True)
    concerns_side = ref_field(
        _("Whose learning: the municipality key of a side of the source's partnerships."),
        source="concerns_side.municipality.key",
        required=False,
        allow_null=True,
    )
    concerns_country = serializers.CharField(
        max_length=2,
        required=False,
        allow_blank=True,
        help_text=_("Whose learning, by country: two-letter code of a side of the source's partnerships."),
    )
    projects = ProjectKeysField(
        required=False, help_text=_("Keys of the projects of the source's partnerships it is about.")
    )
    memo = PseudonymisedField("version.source_id", read_only=False, required=False, allow_blank=True)

    class Meta:
        model = Coding
        fields = [
            "id",
            "source",
            "version",
            "start",
            "end",
            "quote",
            "code",
            "code_path",
            "coder",
            "assessment",
            "factor_role",
            "concerns_side",
            "concerns_country",
            "projects",
            "memo",
            "needs_review",
            "created_at",
        ]
        read_only_fields = ["id", "version", "code_path", "coder", "needs_review", "created_at"]

    @property
    def access(self) -> Access:
        return Access.of(self.context["request"].user)

    def to_representation(self, instance: Coding) -> dict[str, Any]:
        """Offsets and words in the text as this caller reads it (a name cut by a coding is replaced whole)."""
        data: dict[str, Any] = super().to_representation(instance)
        shown = shown_text(self.context, instance.version)
        start, end = shown.start(instance.start), shown.end(instance.end)
        data.update(start=start, end=end, quote=shown.text[start:end])
        return data

    def validate_source(self, key: str) -> Source:
        """The source, among those the caller may read; coding it needs the right to (403)."""
        source = self.access.sources(Source.objects.filter(key=key)).prefetch_related("partnerships").first()
        if source is None:
            raise serializers.ValidationError(_("No source with the key %(key)s here.") % {"key": key})
        if self.instance is None and not self.access.can_code_source(source):
            raise exceptions.PermissionDenied(_("You may not code this source."))
        return source

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            coding = self._placed(attrs)
        else:
            coding = self.instance
            self._unmoved(attrs, coding)
        source = coding.version.source
        if "code_id" in attrs:
            found = code_by_id("code", attrs.pop("code_id"))
            assert found is not None
            coding.code = found
        for name in ("assessment", "factor_role"):
            if name in attrs:
                setattr(coding, name, attrs.pop(name))
        coding.assessment, coding.factor_role = dimension_only(
            coding.code, coding.assessment, coding.factor_role
        )
        if "concerns_side" in attrs:
            coding.concerns_side = self._side(source, attrs.pop("concerns_side"))
        if "concerns_country" in attrs:
            try:
                coding.concerns_country = check_concerns_country(source, attrs.pop("concerns_country"))
            except DjangoValidationError as error:
                raise refused("concerns_country", error) from error
        self.chosen_projects = self._projects(source, attrs.pop("projects")) if "projects" in attrs else None
        if "memo" in attrs:
            memo = attrs.pop("memo")
            if self.instance is not None:
                shown = cast(PseudonymisedField, self.fields["memo"]).shown(coding, coding.memo)
                memo = unless_as_shown(memo, coding.memo, shown)
            coding.memo = memo
        try:
            coding.full_clean()
        except DjangoValidationError as error:
            raise model_errors(error) from error
        self.coding = coding
        return attrs

    def _placed(self, attrs: dict[str, Any]) -> Coding:
        """A new coding on the source's current text, at the words its offsets and quote name."""
        source: Source = attrs.pop("source")
        version = source.current
        if version is None:
            raise serializers.ValidationError({"source": [_("The source has no text to code.")]})
        try:
            placed = place(
                shown_text(self.context, version), attrs.pop("start"), attrs.pop("end"), attrs.pop("quote")
            )
        except OutsideText as error:
            raise serializers.ValidationError(
                {
                    error.field: [
                        _("The selection could not be placed in the text: %(error)s") % {"error": error}
                    ]
                }
            ) from error
        except WordsMismatch as error:
            raise serializers.ValidationError(
                {
                    "quote": [
                        _("The quote is not the words at these offsets, which are “%(words)s”.")
                        % {"words": shortened(error.words)}
                    ]
                }
            ) from error
        return Coding(version=version, start=placed.start, end=placed.end, coder=self.context["request"].user)

    def _unmoved(self, attrs: dict[str, Any], coding: Coding) -> None:
        """A change sends the words as they are, or not at all: a coding's words do not move here."""
        now = self.to_representation(coding)
        sent = {name: attrs.pop(name) for name in PLACE_FIELDS if name in attrs}
        if "source" in sent:
            sent["source"] = sent["source"].key
        moved = [name for name, value in sent.items() if value != now[name]]
        if moved:
            raise serializers.ValidationError(
                {
                    name: [_("A coding's words do not change; delete it and code the words again.")]
                    for name in moved
                }
            )

    def _side(self, source: Source, value: dict[str, Any] | None) -> Side | None:
        ref = value["municipality"]["key"] if value else None
        if not ref:
            return None
        found = by_ref(source_sides(source), ref, lambda s: s.municipality.key, lambda s: s.partnership.key)
        if not found:
            raise serializers.ValidationError({"concerns_side": [SIDE_ELSEWHERE]})
        held = (
            [self.instance.concerns_side] if self.instance is not None and self.instance.concerns_side else []
        )
        return one_of(found, "concerns_side", ref, Side._meta.verbose_name, held)

    def _projects(self, source: Source, refs: list[str]) -> list[Project]:
        candidates = list(source_projects(source).select_related("partnership"))
        held = list(self.instance.projects.all()) if self.instance is not None else []
        chosen: list[Project] = []
        for ref in dict.fromkeys(refs):
            found = by_ref(candidates, ref, lambda p: p.key, lambda p: p.partnership.key)
            if not found:
                raise serializers.ValidationError({"projects": [PROJECT_ELSEWHERE]})
            chosen.append(one_of(found, "projects", ref, Project._meta.verbose_name, held))
        return chosen

    def create(self, validated_data: dict[str, Any]) -> Coding:
        coding = self.coding
        coding.save()
        if self.chosen_projects is not None:
            coding.projects.set(self.chosen_projects)
        return coding

    def update(self, instance: Coding, validated_data: dict[str, Any]) -> Coding:
        return self.create(validated_data)
