"""Checking stored data against the framework vocabulary and the models' rules.

Data can reach the database around the forms (an old version, a restore, a
hand-edited SQL row); ``mutuality check`` finds such records and says which.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mutuality.countries import is_country, validate_country
from mutuality.partnerships.fields import VocabularyField, VocabularyListField


@dataclass(frozen=True)
class RecordProblem:
    model: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return _("%(model)s %(record)s, field '%(field)s': %(message)s") % {
            "model": self.model,
            "record": self.record,
            "field": self.field,
            "message": self.message,
        }


def check_database() -> Iterator[RecordProblem]:
    for model in apps.get_app_config("partnerships").get_models():
        vocabulary_fields = [
            f for f in model._meta.get_fields() if isinstance(f, VocabularyField | VocabularyListField)
        ]
        for instance in model._default_manager.all().iterator():
            label = getattr(instance, "key", None) or f"#{instance.pk}"
            yield from _vocabulary_problems(model._meta.verbose_name, label, instance, vocabulary_fields)
            try:
                instance.full_clean(
                    exclude=[f.name for f in vocabulary_fields],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        yield RecordProblem(str(model._meta.verbose_name), label, field, message)
    yield from _country_problems()


def _country_problems() -> Iterator[RecordProblem]:
    """Countries of the evidence (respondents, whose learning a coding concerns) that are not ISO codes.

    The partnership records are checked field by field above; these tables are large, so only
    their country columns are read.
    """
    for model in apps.get_app_config("evidence").get_models():
        for field in model._meta.concrete_fields:
            if validate_country not in getattr(field, "validators", []):
                continue
            rows = model._default_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
            for pk, value in rows.iterator():
                if not is_country(value):
                    record = str(getattr(model._default_manager.filter(pk=pk).first(), "key", "") or f"#{pk}")
                    yield RecordProblem(
                        str(model._meta.verbose_name),
                        record,
                        field.name,
                        _("%(value)s is not an ISO 3166 country code (such as NL, MA or TR).")
                        % {"value": repr(value)},
                    )


def _vocabulary_problems(
    model_name: object, label: str, instance: object, fields: list
) -> Iterator[RecordProblem]:
    from mutuality.framework import vocabulary

    for field in fields:
        value = getattr(instance, field.attname)
        vocab = vocabulary(field.vocabulary_key)
        values = value if isinstance(field, VocabularyListField) and isinstance(value, list) else [value]
        for item in values:
            if item in ("", None) and field.blank:
                continue
            if not isinstance(item, str) or item not in vocab:
                yield RecordProblem(
                    str(model_name),
                    label,
                    field.name,
                    _("%(value)s is not a %(vocabulary)s key; allowed: %(allowed)s")
                    % {"value": repr(item), "vocabulary": vocab.key, "allowed": ", ".join(vocab.keys())},
                )
