from __future__ import annotations

from django import forms

from mutuality.evidence.models import Respondent, Source


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Respondent
        fields = ["consent_date", "consent_scope", "consent_note"]
        widgets = {
            "consent_date": forms.DateInput(attrs={"type": "date"}),
            "consent_note": forms.Textarea(attrs={"rows": 3}),
        }


class NamesToHideForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["names_to_hide"]
        widgets = {"names_to_hide": forms.Textarea(attrs={"rows": 5})}
