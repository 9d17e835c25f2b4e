from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.models import Partnership


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("REFI-QDA file"),
        help_text=_(
            "A project (.qdpx) or a codebook (.qdc) exported by ATLAS.ti, MAXQDA, NVivo, QDA Miner, Mutuality …"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".qdpx,.qdc,.qde,.xml,.zip"}),
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.all(),
        required=False,
        empty_label=_("(none)"),
        to_field_name="key",
        help_text=_(
            "Sources that no case of the file places in a partnership are added to this one. "
            "It is needed unless every source is placed by a case."
        ),
    )
