"""Forms for accounts: memberships, invitations, assignments, organisations, choosing a login."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.accounts.models import Assignment, Invitation, Membership, Organisation
from mutuality.accounts.roles import ROLE_HELP, Role
from mutuality.partnerships.models import Partnership


def _role_help() -> str:
    return " ".join(f"{label}: {ROLE_HELP[Role(value)]}" for value, label in Role.choices)


class _OnPartnership(forms.ModelForm):
    """A role on one partnership: the side must be one of its sides, and given only for partner roles."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        # The fields a model form makes for foreign keys choose from a queryset.
        sides = partnership.sides.select_related("municipality")
        cast(forms.ModelChoiceField, self.fields["side"]).queryset = sides
        self.fields["side"].help_text = _("Only for partner editors and contributors, who work for one side.")
        self.fields["role"].help_text = _role_help()
        self.fields["organisation"].required = False


class MembershipForm(_OnPartnership):
    class Meta:
        model = Membership
        fields = ["user", "role", "side", "organisation"]
        labels = {"user": _("user"), "organisation": _("organisation")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = users

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        held = Membership.objects.filter(
            user=cleaned.get("user"),
            partnership=self.partnership,
            side=cleaned.get("side"),
            role=cleaned.get("role"),
        )
        if cleaned.get("user") and held.exists():
            raise ValidationError(gettext("This user already holds that role here."))
        return cleaned


class InvitationForm(_OnPartnership):
    class Meta:
        model = Invitation
        fields = ["email", "role", "side", "organisation"]
        labels = {"organisation": _("organisation")}


class AssignmentForm(forms.ModelForm):
    """A researcher gives one of the partnership's sources to one of its coders."""

    class Meta:
        model = Assignment
        fields = ["source", "coder"]
        labels = {"source": _("source"), "coder": _("coder")}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The fields a model form makes for foreign keys choose from a queryset.
        sources = partnership.sources.filter(confidential=False).order_by("title")
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = sources
        self.fields["source"].help_text = _(
            "Confidential sources are coded by the partnership's researchers only."
        )
        cast(forms.ModelChoiceField, self.fields["coder"]).queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, memberships__partnership=partnership, memberships__role=Role.CODER
            )
            .distinct()
            .order_by("username")
        )
        self.fields["coder"].help_text = _("People who hold the coder role on this partnership.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if Assignment.objects.filter(source=cleaned.get("source"), coder=cleaned.get("coder")).exists():
            raise ValidationError(gettext("That source is already assigned to this coder."))
        return cleaned


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality"]


class AcceptInvitationForm(UserCreationForm):
    """Choose a username and password; Django's password validators apply."""

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.email = invitation.email  # also seen by the similarity validator
