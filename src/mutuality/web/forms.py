"""Forms for the partnership data, each limited to the records of one partnership.

Choices for framework fields come from the vocabulary (through the model
fields), so the forms never list a term of their own; which fields a form has
comes from :mod:`mutuality.formats.fields`, so a field added to a model is on
its form without anyone listing it here. A form of a stored record
carries its fingerprint, so that saving over someone else's change is refused
(:mod:`mutuality.web.conflicts`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mutuality.formats.fields import field_names
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
from mutuality.web.conflicts import Guarded


class DateInput(forms.DateInput):
    input_type = "date"


class MunicipalityForm(Guarded, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = field_names("municipality", "form")


class SupportProgrammeForm(Guarded, forms.ModelForm):
    class Meta:
        model = SupportProgramme
        fields = field_names("support_programme", "form")


class PartnershipForm(Guarded, forms.ModelForm):
    """A partnership and the municipalities that form its sides (at least two)."""

    municipalities = forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.all(),
        label=_("Municipalities"),
        help_text=_("Each municipality is one side of the partnership; choose at least two."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Partnership
        fields = field_names("partnership", "form")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["municipalities"] = [side.municipality_id for side in self.instance.sides.all()]

    def clean_municipalities(self) -> Any:
        chosen = self.cleaned_data["municipalities"]
        if len(chosen) < 2:
            raise ValidationError(_("A partnership needs at least two municipalities, one for each side."))
        if self.instance.pk:
            kept = set(chosen.values_list("pk", flat=True))
            dropped = [side for side in self.instance.sides.all() if side.municipality_id not in kept]
            in_use = [side for side in dropped if _side_in_use(side)]
            if in_use:
                raise ValidationError(
                    _("%(side)s cannot be removed: records of this partnership are on that side.")
                    % {"side": in_use[0]}
                )
        return chosen

    @transaction.atomic
    def save(self, commit: bool = True) -> Partnership:
        partnership = super().save(commit=True)
        chosen = list(self.cleaned_data["municipalities"])
        partnership.sides.exclude(municipality__in=chosen).delete()
        existing = {side.municipality_id: side for side in partnership.sides.all()}
        for position, municipality in enumerate(chosen):
            side = existing.get(municipality.pk) or Side(partnership=partnership, municipality=municipality)
            side.position = position
            side.save()
        return partnership


def _side_in_use(side: Side) -> bool:
    return any(
        related.exists()
        for related in (
            side.actors,
            side.objectives,
            side.learning_outcomes,
            side.resources,
            side.participations,
        )
    )


class PartnershipRecordForm(Guarded, forms.ModelForm):
    """A record that belongs to one partnership: its side, actor, project and exchange choices come from it."""

    def __init__(
        self, *args: Any, partnership: Partnership, sides: set[int] | None = None, **kwargs: Any
    ) -> None:
        """``sides``: the sides the user may record for (``None``: any); the side field offers only those."""
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        own_sides = partnership.sides.select_related("municipality")
        if sides is not None and "side" in self.fields:
            side_field = self.fields["side"]
            assert isinstance(side_field, forms.ModelChoiceField)
            side_field.queryset = own_sides.filter(pk__in=sides)
        scoped = {
            Side: own_sides,
            Actor: partnership.actors.select_related("side__municipality"),
            Project: partnership.projects.all(),
            Exchange: partnership.exchanges.all(),
        }
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue  # only a model choice field offers a queryset
            queryset = field.queryset
            if (
                queryset is not None
                and queryset.model in scoped
                and not (name == "side" and sides is not None)
            ):
                field.queryset = scoped[queryset.model]


class ActorForm(PartnershipRecordForm):
    class Meta:
        model = Actor
        fields = field_names("actor", "form")


class ObjectiveForm(PartnershipRecordForm):
    class Meta:
        model = Objective
        fields = field_names("objective", "form")


class ProjectForm(PartnershipRecordForm):
    subjects = forms.CharField(
        label=_("Subjects"),
        required=False,
        help_text=_("What the project is about, separated by commas, e.g. fire safety, waste management."),
    )

    class Meta:
        model = Project
        fields = field_names("project", "form")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["subjects"] = ", ".join(self.instance.subjects or [])

    def clean_subjects(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["subjects"].split(",") if part.strip()]


class ExchangeForm(PartnershipRecordForm):
    related = ("participations", "knowledge_flows")  # edited on the same page (formsets)

    class Meta:
        model = Exchange
        fields = field_names("exchange", "form")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class LearningOutcomeForm(PartnershipRecordForm):
    class Meta:
        model = LearningOutcome
        fields = field_names("learning_outcome", "form")


class ResourceContributionForm(PartnershipRecordForm):
    class Meta:
        model = ResourceContribution
        fields = field_names("resource", "form")


class ExchangePartForm(forms.ModelForm):
    """A participation or knowledge flow row, its sides and actors limited to the partnership."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField):
                continue  # only a model choice field offers a queryset
            queryset = field.queryset
            if queryset is not None and queryset.model is Side:
                field.queryset = partnership.sides.select_related("municipality")
            elif queryset is not None and queryset.model is Actor:
                field.queryset = partnership.actors.all()


ParticipationFormSet = forms.inlineformset_factory(
    Exchange,
    Participation,
    form=ExchangePartForm,
    fields=field_names("participant", "form"),
    extra=2,
)
KnowledgeFlowFormSet = forms.inlineformset_factory(
    Exchange,
    KnowledgeFlow,
    form=ExchangePartForm,
    fields=field_names("knowledge_flow", "form"),
    extra=1,
)
