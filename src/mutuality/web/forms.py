"""Forms for the partnership data, each limited to the records of one partnership.

Choices for framework fields come from the vocabulary (through the model
fields), so the forms never list a term of their own; which fields a form has
comes from :mod:`mutuality.formats.fields`, so a field added to a model is on
its form without anyone listing it here. A form of a stored record
carries its fingerprint, so that saving over someone else's change is refused
(:mod:`mutuality.web.conflicts`).
"""

from __future__ import annotations

import hashlib
import json
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
from mutuality.partnerships.models.learning import LEARNING_FLAGS
from mutuality.web.conflicts import Guarded


class DateInput(forms.DateInput):
    input_type = "date"


class YesNoNotKnown(forms.RadioSelect):
    """Yes, no or not known, as three radio buttons (they work without a script).

    A flag nobody recorded is not a "no", so "Not known" is a choice of its own and what a new record
    starts with; a single tick box could only say yes or no. Values are read and shown as Django's
    ``NullBooleanSelect`` does, so the form field (``NullBooleanField``) gets True, False or None.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        choices = (("true", _("Yes")), ("false", _("No")), ("unknown", _("Not known")))
        super().__init__({"class": "yes-no", **(attrs or {})}, choices)

    # A choice widget's value is a list of the chosen values, as ChoiceWidget's (whose stub ignores the same).
    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        known = {True: "true", False: "false", "true": "true", "false": "false", "True": "true"}
        return [known.get(value, "unknown") if isinstance(value, bool | str) else "unknown"]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool | None:
        return {"true": True, "True": True, "false": False, "False": False}.get(data.get(name))


class MunicipalityForm(Guarded, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = field_names("municipality", "form")


class SupportProgrammeForm(Guarded, forms.ModelForm):
    class Meta:
        model = SupportProgramme
        fields = field_names("support_programme", "form")


class PartnershipForm(Guarded, forms.ModelForm):
    """A partnership, the municipalities that form its sides (at least two), and which side is first.

    The first side is the municipality that keeps the record: the partnership's page, its report,
    the programme report and the exports list it first (``Side.position``). A multiple choice
    has no order of its own (the browser sends it in the list's order, by name), so the form asks
    for the first side; the other sides keep the order they had, new ones follow.
    """

    municipalities = forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.all(),
        label=_("Municipalities"),
        help_text=_("Each municipality is one side of the partnership; choose at least two."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    first_municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.all(),
        label=_("Municipality that keeps the record"),
        help_text=_(
            "Its side comes first on the partnership's page, in its reports and in exports. "
            "It can be changed later."
        ),
    )
    # The sides are edited here too: a change of their order meanwhile is a conflict, so saving does
    # not put back the first side someone else has just chosen.
    related = ("sides",)

    class Meta:
        model = Partnership
        fields = field_names("partnership", "form")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            sides = list(self.instance.sides.all())
            self.initial["municipalities"] = [side.municipality_id for side in sides]
            if sides:
                self.initial["first_municipality"] = sides[0].municipality_id
            # A stored partnership has a first side already: left out, it stays.
            self.fields["first_municipality"].required = False

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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        chosen, first = cleaned.get("municipalities"), cleaned.get("first_municipality")
        if chosen is not None and first is not None and first not in chosen:
            self.add_error(
                "first_municipality",
                _("Choose one of the partnership's municipalities as the one that keeps the record."),
            )
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Partnership:
        partnership = super().save(commit=True)
        chosen = list(self.cleaned_data["municipalities"])
        partnership.sides.exclude(municipality__in=chosen).delete()
        existing = {side.municipality_id: side for side in partnership.sides.all()}  # in their order
        order = [m for m in existing if m in {c.pk for c in chosen}]
        order += [m.pk for m in chosen if m.pk not in existing]
        first = self.cleaned_data.get("first_municipality")
        if first is not None:
            order = [first.pk, *(m for m in order if m != first.pk)]
        by_pk = {m.pk: m for m in chosen}
        for position, municipality_id in enumerate(order):
            side = existing.get(municipality_id) or Side(
                partnership=partnership, municipality=by_pk[municipality_id]
            )
            if side.pk is None or side.position != position:
                side.position = position
                side.save()
        return partnership


class FirstSideForm(Guarded, forms.Form):
    """Make one side of a partnership its first side (a button on the partnership's page).

    The token is the order of the sides as the page showed it: if someone changed the order since,
    the choice was made on an order that is no more, and nothing is changed.
    """

    base_field = "base"
    conflict_message = _(
        "Someone else changed which side comes first after you opened the page. Nothing was "
        "changed: the page now shows the sides as they are."
    )

    def __init__(self, data: Any = None, *, partnership: Partnership, **kwargs: Any) -> None:
        self.instance = partnership
        super().__init__(data, **kwargs)

    def stored_token(self, lock: bool = False) -> str:
        sides = Side.objects.filter(partnership=self.instance).order_by("position", "id")
        if lock:
            sides = sides.select_for_update()
        return side_order_token(list(sides.values_list("pk", "position")))

    def save(self, side: Side) -> bool:
        """Put ``side`` first and the others after it in their order; False if it already was first.

        Each side whose position changes is saved, so the history records the change as any save.
        """
        stored = Side.objects.select_for_update().filter(partnership=self.instance)
        sides = list(stored.order_by("position", "id"))
        order = [side.pk, *(s.pk for s in sides if s.pk != side.pk)]
        if [s.pk for s in sides] == order and [s.position for s in sides] == list(range(len(sides))):
            return False
        by_pk = {s.pk: s for s in sides}
        for position, pk in enumerate(order):
            if by_pk[pk].position != position:
                by_pk[pk].position = position
                by_pk[pk].save(update_fields=["position"])
        return True


def side_order_token(sides: list[tuple[int, int]]) -> str:
    """A digest of the sides' ids and positions, in their order."""
    return hashlib.sha256(json.dumps(sides).encode()).hexdigest()[:32]


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

    def start_on_side(self, municipality: str) -> None:
        """Open a new record on the side of ``municipality`` (a key, as "What to record next" links
        with ``?side=``), when the form offers that side; another partnership's side, one the user
        may not record for, or an unknown key leaves the choice to the user."""
        field = self.fields.get("side")
        if not municipality or not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            return
        found = field.queryset.filter(municipality__key=municipality).values_list("pk", flat=True).first()
        if found is not None:
            self.initial["side"] = found


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

    sdg_targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        help_text=_(
            "Optional: targets of the goals ticked above, as numbered in the 2030 Agenda, separated by "
            "commas, e.g. 11.6, 11.b."
        ),
    )

    class Meta:
        model = Project
        fields = field_names("project", "form")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["subjects"] = ", ".join(self.instance.subjects or [])
        self.initial["sdg_targets"] = ", ".join(self.instance.sdg_targets or [])

    def clean_subjects(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["subjects"].split(",") if part.strip()]

    def clean_sdg_targets(self) -> list[str]:
        """Separated by commas or semicolons, as a sheet separates them; the model checks each one."""
        text = self.cleaned_data["sdg_targets"].replace(";", ",")
        return [part.strip() for part in text.split(",") if part.strip()]


class ExchangeForm(PartnershipRecordForm):
    related = ("participations", "knowledge_flows")  # edited on the same page (formsets)

    class Meta:
        model = Exchange
        fields = field_names("exchange", "form")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class LearningOutcomeForm(PartnershipRecordForm):
    """A learning outcome; each of its flags is yes, no or not known (a new outcome starts as not known)."""

    class Meta:
        model = LearningOutcome
        fields = field_names("learning_outcome", "form")
        widgets = {flag: YesNoNotKnown() for flag in LEARNING_FLAGS}


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
