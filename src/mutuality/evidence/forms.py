"""Forms for sources, respondents and codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mutuality.evidence.extract import has_words
from mutuality.evidence.models import Code, Respondent, Source
from mutuality.partnerships.models import Side

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SourceForm(forms.ModelForm):
    """A new source: its description, and its text as an uploaded file or pasted."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Plain text, Markdown, Word (.docx) or a PDF with a text layer; at most 20 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "kind",
            "partnerships",
            "side",
            "date",
            "language",
            "respondent",
            "confidential",
            "blind_coding",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, with_text: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = Side.objects.select_related("partnership", "municipality")
        self.fields["side"].label_from_instance = lambda side: f"{side.partnership} — {side.municipality}"
        if not with_text:
            del self.fields["file"], self.fields["text"]
        self.kept: list[Any] = []  # links to partnerships the editor may not change

    def limit_partnerships(self, editable: set[int]) -> None:
        """Offer only the ``editable`` partnerships (those the editor researches).

        A source shared with other partnerships keeps its links to them, and its side when that is
        another partnership's; whether it is confidential decides what those partnerships' members
        may read, so only someone who may edit every linked partnership changes it (shown read-only
        to the others, with the reason)."""
        self.fields["partnerships"].queryset = self.fields["partnerships"].queryset.filter(pk__in=editable)
        sides = self.fields["side"].queryset
        self.fields["side"].queryset = sides.filter(partnership__in=editable)
        if self.instance.pk is None:
            return
        self.kept = [p for p in self.instance.partnerships.all() if p.pk not in editable]
        if not self.kept:
            return
        self.fields["partnerships"].required = False
        self.fields["partnerships"].help_text = _(
            "The source also belongs to partnerships you do not research; those links stay as they are."
        )
        self.fields["confidential"].disabled = True
        self.fields["confidential"].help_text = _(
            "The source is shared with partnerships you do not research, so only someone who researches "
            "all of them can change this."
        )
        side = self.instance.side
        if side is not None and side.partnership_id not in editable:
            self.fields["side"].queryset = sides.filter(pk=side.pk)
            self.fields["side"].disabled = True
            self.fields["side"].help_text = _(
                "The side belongs to a partnership you do not research; it stays as it is."
            )

    def clean_partnerships(self) -> list[Any]:
        return [*self.cleaned_data["partnerships"], *self.kept]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "text" not in self.fields:
            return data
        upload, pasted = data.get("file"), (data.get("text") or "").strip()
        if pasted and not has_words(pasted):
            pasted = ""
        if upload and pasted:
            raise ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not pasted:
            raise ValidationError(_("Upload a file or paste the text of the source."))
        if upload and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("The file is larger than 20 MB."))
        side, partnerships = data.get("side"), data.get("partnerships")
        if side and partnerships is not None and side.partnership not in partnerships:
            self.add_error("side", _("The side must belong to one of the source's partnerships."))
        return data


class NewVersionForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}))
    # The version the text was opened at: saving over a newer one is a conflict, not an overwrite.
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class RespondentForm(forms.ModelForm):
    real_name = forms.CharField(
        label=_("Real name"),
        required=False,
        help_text=_("Optional. Kept apart from the rest and shown only to those allowed to see it."),
    )

    class Meta:
        model = Respondent
        fields = ["label", "role", "organisation_type", "side", "country"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = Side.objects.select_related("partnership", "municipality")
        self.fields["side"].label_from_instance = lambda side: f"{side.partnership} — {side.municipality}"
        identity = getattr(self.instance, "identity", None) if self.instance.pk else None
        if identity is not None:
            self.initial["real_name"] = identity.real_name


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "description", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Code.objects.all(), label=_("Merge into"))
