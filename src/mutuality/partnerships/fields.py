"""Model fields whose allowed values come from the framework vocabulary.

The choices are attached at run time and left out of migrations, so that
rewording or translating a definition never produces a migration; only the
vocabulary's name is part of the schema.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.framework import Vocabulary, vocabulary


def vocabulary_choices(vocab: Vocabulary) -> list[tuple[str, Any]]:
    return [(term.key, _(term.label)) for term in vocab]


class VocabularyField(models.CharField):
    """One key of a named vocabulary, e.g. ``VocabularyField("dimension")``."""

    def __init__(self, vocabulary_key: str, *args: Any, **kwargs: Any) -> None:
        self.vocabulary_key = vocabulary_key
        vocab = vocabulary(vocabulary_key)
        kwargs.setdefault("max_length", 40)
        kwargs["choices"] = vocabulary_choices(vocab)
        kwargs.setdefault("help_text", _(vocab.definition))
        super().__init__(*args, **kwargs)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        field = super().formfield(form_class=form_class, choices_form_class=choices_form_class, **kwargs)
        if field is not None:
            # An attribute of ours on Django's form field (hence the ignore), read back with getattr by
            # the `field_terms` template filter, which shows the terms' definitions.
            field.vocabulary_key = self.vocabulary_key  # type: ignore[attr-defined]
        return field

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        kwargs.pop("help_text", None)
        return name, path, [self.vocabulary_key, *args], kwargs


class VocabularyListField(models.JSONField):
    """Several keys of one vocabulary, stored as a JSON list (order kept, no repeats)."""

    def __init__(self, vocabulary_key: str, *args: Any, **kwargs: Any) -> None:
        self.vocabulary_key = vocabulary_key
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", _(vocabulary(vocabulary_key).definition))
        super().__init__(*args, **kwargs)

    @property
    def vocabulary(self) -> Vocabulary:
        return vocabulary(self.vocabulary_key)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("help_text", None)
        return name, path, [self.vocabulary_key, *args], kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(
                gettext("Expected a list of %(vocabulary)s keys.") % {"vocabulary": self.vocabulary_key}
            )
        unknown = [key for key in value if key not in self.vocabulary]
        if unknown:
            raise ValidationError(
                gettext("Unknown %(vocabulary)s: %(unknown)s. Allowed: %(allowed)s.")
                % {
                    "vocabulary": self.vocabulary_key,
                    "unknown": ", ".join(map(str, unknown)),
                    "allowed": ", ".join(self.vocabulary.keys()),
                }
            )
        if len(set(value)) != len(value):
            raise ValidationError(gettext("A value is listed twice."))

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field:
        field = forms.TypedMultipleChoiceField(
            choices=vocabulary_choices(self.vocabulary),
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
        # An attribute of ours on Django's form field (hence the ignore), read back with getattr by the
        # `field_terms` template filter, which shows the terms' definitions.
        field.vocabulary_key = self.vocabulary_key  # type: ignore[attr-defined]
        return field

    def labels(self, value: list[str]) -> list[str]:
        return [gettext(self.vocabulary[key].label) for key in value]
