"""Changing a coding on the workbench: its code and what it says, or one of its edges by a word.

The choices a coding may make (a side, a country, projects of its source's partnerships) are
checked as the coding form checks them (:class:`CodingForm`'s own methods), so the two cannot
drift apart.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mutuality.evidence.models import Code, Coding
from mutuality.evidence.render import moved_by_word
from mutuality.ids import parse_id
from mutuality.web.conflicts import Guarded
from mutuality.web.evidence.forms import CodingForm, ValuesField

# What a change of a coding restores when undone, and what another coder's change of it conflicts
# with: everything the change form and the edges change.
CHANGED_FIELDS = ("code_id", "assessment", "factor_role", "concerns_side_id", "concerns_country", "memo")


class CodingChangeForm(Guarded, forms.Form):
    """A coding's code, assessment, role, whose learning, projects and memo, changed at once.

    Refused if someone changed the coding since the form was shown (the token of
    :class:`~mutuality.web.conflicts.Guarded`); a script that sends no token is not checked.
    """

    code = forms.CharField(label=_("Code"))
    assessment = forms.CharField(required=False, label=_("Assessment"))
    factor_role = forms.CharField(required=False, label=_("Role"))
    concerns_side = forms.CharField(required=False, label=_("Whose learning"))
    concerns_country = forms.CharField(required=False, label=_("Or: whose learning, by country"))
    projects = ValuesField(required=False, label=_("About the projects"))
    memo = forms.CharField(required=False, label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}))
    watched = (
        "code",
        "assessment",
        "factor_role",
        "concerns_side",
        "concerns_country",
        "memo",
        "start",
        "end",
    )
    conflict_message = _(
        "Someone else changed this coding after you opened it. Nothing of yours was saved: the form "
        "now shows the coding as it is."
    )

    clean_concerns_side = CodingForm.clean_concerns_side
    clean_concerns_country = CodingForm.clean_concerns_country
    clean_projects = CodingForm.clean_projects

    def __init__(self, data: Any = None, *, coding: Coding, **kwargs: Any) -> None:
        self.instance = coding
        self.source = coding.version.source
        super().__init__(data, **kwargs)
        if not self.is_bound:
            self.initial.update(
                code=coding.code_id,
                assessment=coding.assessment,
                factor_role=coding.factor_role,
                concerns_side=coding.concerns_side_id or "",
                concerns_country=coding.concerns_country,
                projects=[str(project.pk) for project in coding.projects.all()],
                memo=coding.memo,
            )

    def clean_code(self) -> Code:
        code = Code.objects.filter(pk=parse_id(self.cleaned_data["code"]) or 0).first()
        if code is None:
            raise ValidationError(_("Choose a code of the codebook."))
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        changed = self.changed_coding()
        try:
            changed.full_clean(exclude=["version", "coder"])
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data

    def changed_coding(self) -> Coding:
        """The coding with the form's values (not saved). A code that is not a dimension of mutual
        learning drops the assessment and role, as the coding form does."""
        data = self.cleaned_data
        coding = self.instance
        code: Code = data["code"]
        coding.code = code
        coding.assessment = data["assessment"] if code.is_dimension else ""
        coding.factor_role = data["factor_role"] if code.is_dimension else ""
        coding.concerns_side = data["concerns_side"]
        coding.concerns_country = data["concerns_country"]
        coding.memo = data["memo"]
        return coding

    @transaction.atomic
    def save(self) -> Coding:
        coding = self.changed_coding()
        coding.save()
        coding.projects.set(self.cleaned_data["projects"])
        return coding


class EdgeForm(forms.Form):
    """One edge of a coding moved by a word: ``edge`` is start or end, ``step`` -1 or 1."""

    edge = forms.ChoiceField(choices=[("start", "start"), ("end", "end")])
    step = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)

    def moved(self, coding: Coding) -> tuple[int, int]:
        """The coding's new offsets in its version's text (unchanged if there is no word to go to)."""
        return moved_by_word(
            coding.version.text,
            coding.start,
            coding.end,
            self.cleaned_data["edge"],
            self.cleaned_data["step"],
        )
