"""JSON shapes of the records: keys instead of ids, vocabulary keys, the models' own validation.

A record names the records it refers to by key, as the data format does
(docs/data-format.md): a side by its municipality's key, an actor, project
or exchange by its key within the same partnership, a support programme by
its key. Before a record is saved the view checks the caller may write it
(:meth:`check_write`), then the model's ``full_clean()`` runs, so the API
accepts exactly what the web forms and the data-file loader accept. Which
fields a record has comes from :mod:`mutuality.formats.fields`, as for the forms. The evidence
(sources, codes, codings) is in :mod:`mutuality.api.serializers_evidence`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mutuality.formats.fields import field_names
from mutuality.framework import vocabulary
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    KnowledgeFlow,
    LearningOutcome,
    Municipality,
    Objective,
    Participation,
    Partnership,
    Project,
    ResourceContribution,
    Side,
    SupportProgramme,
)
from mutuality.partnerships.models.base import KEY_PATTERN

KEY_HELP = _("Stable key: lower-case letters, digits and single hyphens. Made from the name when left out.")


def key_field(**options: Any) -> serializers.RegexField:
    return serializers.RegexField(KEY_PATTERN, max_length=80, help_text=KEY_HELP, **options)


class RefField(serializers.CharField):
    """Another record named by its key (a side by its municipality's key)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", not kwargs["required"])
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return value.key


def vocab_choice(name: str, **options: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=vocabulary(name).keys(), **options)


def vocab_list(name: str, **options: Any) -> serializers.ListField:
    """Several keys of one vocabulary."""
    options.setdefault("required", False)
    return serializers.ListField(
        child=vocab_choice(name), help_text=_(vocabulary(name).definition), **options
    )


def model_errors(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
        return serializers.ValidationError(detail)
    return serializers.ValidationError({"non_field_errors": error.messages})


def find(model: type[models.Model], key: str, partnership: Partnership | None) -> models.Model | None:
    """The record of ``model`` with this key, within ``partnership`` where keys are per partnership."""
    if model is Side:
        assert partnership is not None  # sides are referred to only within a partnership
        return partnership.sides.select_related("municipality").filter(municipality__key=key).first()
    if model in (SupportProgramme, Municipality):
        return model._default_manager.filter(key=key).first()
    return model._default_manager.filter(partnership=partnership, key=key).first()


def resolve(
    attrs: dict[str, Any], refs: Mapping[str, type[models.Model]], partnership: Any
) -> dict[str, Any]:
    """Replace the keys in ``attrs`` by records; errors name each key that is not found."""
    errors = {}
    for name, model in refs.items():
        value = attrs.get(name)
        if value is None:
            continue
        found = find(model, value, partnership)
        if found is None:
            errors[name] = [
                _("No %(kind)s with the key %(key)s here.") % {"kind": model._meta.verbose_name, "key": value}
            ]
        attrs[name] = found
    if errors:
        raise serializers.ValidationError(errors)
    return attrs


class RecordSerializer(serializers.ModelSerializer):
    """A record written through its model: keys resolved, rights checked, ``full_clean()`` run."""

    key = key_field(required=False)
    refs: ClassVar[dict[str, type[models.Model]]] = {}
    nested: ClassVar[tuple[str, ...]] = ()

    class Meta:
        validators: list[Any] = []

    @property
    def partnership(self) -> Partnership | None:
        return self.context.get("partnership")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and attrs.get("key", self.instance.key) != self.instance.key:
            raise serializers.ValidationError({"key": [_("A record's key cannot be changed.")]})
        resolve(attrs, self.refs, self.partnership)
        nested = {name: attrs.pop(name) for name in self.nested if name in attrs}
        record = self.instance if self.instance is not None else self.Meta.model()
        if self.instance is None:
            if self.partnership is not None:
                record.partnership = self.partnership
            if hasattr(record, "created_by_id"):
                record.created_by = self.context["request"].user
        for name, value in attrs.items():
            setattr(record, name, value)
        self.context["view"].check_write(record)
        try:
            record.full_clean(exclude=[] if record.key else ["key"])
        except DjangoValidationError as error:
            raise model_errors(error) from error
        attrs.update(self.validate_nested(record, nested))
        self.record = record
        return attrs

    def validate_nested(self, record: Any, nested: dict[str, Any]) -> dict[str, Any]:
        return nested

    def create(self, validated_data: dict[str, Any]) -> Any:
        self.record.save()
        self.save_nested(self.record, validated_data)
        return self.record

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        return self.create(validated_data)

    def save_nested(self, record: Any, validated_data: dict[str, Any]) -> None:
        pass


# --- shared reference data -----------------------------------------------------------------------


class MunicipalitySerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Municipality
        fields = field_names("municipality", "api")


class SupportProgrammeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = SupportProgramme
        fields = field_names("support_programme", "api")


class SideSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.key", read_only=True)
    name = serializers.CharField(source="municipality.name", read_only=True)
    country = serializers.CharField(source="municipality.country", read_only=True)
    position = serializers.IntegerField(read_only=True)


class PartnershipSerializer(RecordSerializer):
    municipalities = serializers.ListField(
        child=serializers.RegexField(KEY_PATTERN, max_length=80),
        min_length=2,
        required=False,
        write_only=True,
        help_text=_("Keys of the municipalities, one side each; sides can be added but not removed here."),
    )
    sides = SideSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        model = Partnership
        fields = field_names("partnership", "api")

    nested = ("municipalities",)

    def validate_nested(self, record: Any, nested: dict[str, Any]) -> dict[str, Any]:
        keys = nested.get("municipalities")
        if keys is None:
            if self.instance is None:
                raise serializers.ValidationError({"municipalities": [_("Name two or more municipalities.")]})
            return {}
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError({"municipalities": [_("A municipality is listed twice.")]})
        found = {m.key: m for m in Municipality.objects.filter(key__in=keys)}
        missing = [key for key in keys if key not in found]
        if missing:
            raise serializers.ValidationError(
                {"municipalities": [_("No municipality with the key %(key)s.") % {"key": ", ".join(missing)}]}
            )
        if self.instance is not None:
            kept = set(self.instance.sides.values_list("municipality__key", flat=True))
            if kept - set(keys):
                raise serializers.ValidationError(
                    {
                        "municipalities": [
                            _("A side cannot be removed through the API; list every side's municipality.")
                        ]
                    }
                )
        return {"municipalities": [found[key] for key in keys]}

    def save_nested(self, record: Any, validated_data: dict[str, Any]) -> None:
        for position, municipality in enumerate(validated_data.get("municipalities", ())):
            Side.objects.update_or_create(
                partnership=record, municipality=municipality, defaults={"position": position}
            )


# --- a partnership's records ---------------------------------------------------------------------


class PartnershipRecordSerializer(RecordSerializer):
    # DRF's serializer metaclass moves declared fields off the class, so the base's property stays.
    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="key", read_only=True
    )


class ActorSerializer(PartnershipRecordSerializer):
    side = RefField(required=True, help_text=_("The municipality key of the actor's side."))
    roles = vocab_list("actor_role")
    refs = {"side": Side}

    class Meta(RecordSerializer.Meta):
        model = Actor
        fields = field_names("actor", "api")


class ProjectSerializer(PartnershipRecordSerializer):
    types = vocab_list("project_type", min_length=1, required=True)
    support_programme = RefField(help_text=_("Key of a support programme."))
    subjects = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    sdgs = vocab_list("sdg")
    sdg_targets = serializers.ListField(
        child=serializers.CharField(max_length=6),
        required=False,
        help_text=_("Targets of the goals above, as the 2030 Agenda numbers them (e.g. “11.6”)."),
    )
    refs = {"support_programme": SupportProgramme}

    class Meta(RecordSerializer.Meta):
        model = Project
        fields = field_names("project", "api")


class ObjectiveSerializer(PartnershipRecordSerializer):
    side = RefField(required=True)
    actor = RefField()
    project = RefField()
    refs = {"side": Side, "actor": Actor, "project": Project}

    class Meta(RecordSerializer.Meta):
        model = Objective
        fields = field_names("objective", "api")


class ParticipantSerializer(serializers.Serializer):
    side = RefField(required=True)
    actor = RefField()
    count = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False, allow_null=True)


class KnowledgeSerializer(serializers.Serializer):
    from_side = RefField(required=True)
    to_side = RefField(required=True)
    type = vocab_choice("knowledge_type")
    domain = vocab_choice("knowledge_domain")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ExchangeSerializer(PartnershipRecordSerializer):
    project = RefField()
    host = RefField(help_text=_("The municipality key of the side where it took place."))
    participants = ParticipantSerializer(many=True, source="participations", required=False)
    knowledge = KnowledgeSerializer(many=True, source="knowledge_flows", required=False)
    refs = {"project": Project, "host": Side}
    nested = ("participations", "knowledge_flows")

    class Meta(RecordSerializer.Meta):
        model = Exchange
        fields = field_names("exchange", "api")

    def validate_nested(self, record: Any, nested: dict[str, Any]) -> dict[str, Any]:
        made: dict[str, list[Any]] = {}
        errors: dict[str, list[Any]] = {}
        for name, model, refs in (
            ("participations", Participation, {"side": Side, "actor": Actor}),
            ("knowledge_flows", KnowledgeFlow, {"from_side": Side, "to_side": Side}),
        ):
            if name not in nested:
                continue
            made[name] = []
            problems: list[Any] = []
            for item in nested[name]:
                try:
                    child = model(**resolve(dict(item), refs, self.partnership))
                    child.full_clean(exclude=["exchange"])
                    problems.append({})
                    made[name].append(child)
                except serializers.ValidationError as error:
                    problems.append(error.detail)
                except DjangoValidationError as error:
                    problems.append(model_errors(error).detail)
            if any(problems):
                errors["participants" if name == "participations" else "knowledge"] = problems
        if errors:
            raise serializers.ValidationError(errors)
        return made

    def save_nested(self, record: Any, validated_data: dict[str, Any]) -> None:
        for name in self.nested:
            if name in validated_data:
                getattr(record, name).all().delete()
                for child in validated_data[name]:
                    child.exchange = record
                    child.save()


class LearningOutcomeSerializer(PartnershipRecordSerializer):
    side = RefField(required=True, help_text=_("Who learned: the municipality key of a side."))
    actor = RefField()
    learned_from = RefField(help_text=_("The municipality key of the side learned from."))
    project = RefField()
    exchange = RefField()
    skills = vocab_list("skill")
    refs = {"side": Side, "actor": Actor, "learned_from": Side, "project": Project, "exchange": Exchange}

    class Meta(RecordSerializer.Meta):
        model = LearningOutcome
        fields = field_names("learning_outcome", "api")


class ResourceSerializer(PartnershipRecordSerializer):
    side = RefField(required=True)
    actor = RefField()
    project = RefField()
    programme = RefField(help_text=_("Key of a support programme."))
    refs = {"side": Side, "actor": Actor, "project": Project, "programme": SupportProgramme}

    class Meta(RecordSerializer.Meta):
        model = ResourceContribution
        fields = field_names("resource", "api")
