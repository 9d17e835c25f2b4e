"""The self-assessment's instruments on the web: which there are, what each asks, and a new one (or a
new version of one) loaded from a file in the instrument format, as ``mutuality load`` loads it.

Only administrators load instruments: an instrument is the questionnaire every partnership's
respondents may be sent. The file is read with the data format's own guards (size, YAML without
aliases, line numbers) and loaded all-or-nothing; every problem is listed with its line and field.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from mutuality.accounts.access import Access, require
from mutuality.formats.instruments import is_instrument_document, load_instrument_documents
from mutuality.formats.located import read_data_file
from mutuality.formats.problems import DataFileError, Problem
from mutuality.selfassessment.models import Instrument
from mutuality.selfassessment.results import scale_name

SUFFIXES = (".yaml", ".yml", ".json")
#: An instrument sent from a browser: the built-in one, in five languages, is some 60 KB.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class InstrumentFileForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file"),
        help_text=_("YAML or JSON in the instrument format (see the documentation on self-assessment)."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instruments(request: HttpRequest) -> HttpResponse:
    """The instruments, and for administrators the form that loads one from a file."""
    access = Access.of(request.user)
    require(access.can_read_evidence() or access.can_manage() or bool(access.partnership_ids()))
    form = InstrumentFileForm(request.POST or None, request.FILES or None) if access.can_manage() else None
    problems: list[Problem | str] = []
    if request.method == "POST":
        require(access.can_manage())
        assert form is not None
        if form.is_valid():
            loaded = _load(form.cleaned_data["file"])
            if isinstance(loaded, str):
                messages.success(request, gettext("Loaded: %(summary)s") % {"summary": loaded})
                return redirect("assessment-instruments")
            problems = loaded
    shown = Instrument.objects.order_by("-builtin", "key").prefetch_related("items")
    language = translation.get_language()
    rows = [
        {
            "instrument": found,
            "name": found.name_in(language),
            "items": len(found.items.all()),
            "languages": found.languages,
        }
        for found in shown
    ]
    status = 400 if request.method == "POST" else 200
    context = {"rows": rows, "form": form, "problems": problems}
    return render(request, "selfassessment/instruments.html", context, status=status)


def _load(upload: Any) -> str | list[Problem | str]:
    """The uploaded file loaded as an instrument: the summary, or what is wrong with it."""
    name = Path(upload.name or "instrument.yaml").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return [gettext("%(file)s is not a YAML or JSON file (.yaml, .yml or .json).") % {"file": name}]
    if upload.size > MAX_UPLOAD_BYTES:
        return [
            gettext("%(file)s is larger than the limit of %(limit)d bytes.")
            % {"file": name, "limit": MAX_UPLOAD_BYTES}
        ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as written:
            for chunk in upload.chunks():
                written.write(chunk)
        try:
            document = read_data_file(path)
            if not is_instrument_document(document):
                return [gettext("%(file)s holds no instrument (a top-level “instrument:”).") % {"file": name}]
            with transaction.atomic():
                summary = load_instrument_documents([(name, document)])
        except DataFileError as error:
            return [
                Problem(name, problem.line, problem.record, problem.field, problem.message)
                for problem in error.problems
            ]
    return str(summary)


@login_required
@require_GET
def instrument(request: HttpRequest, key: str) -> HttpResponse:
    """What an instrument asks, scale by scale, in the reader's language, with what each rests on."""
    access = Access.of(request.user)
    require(access.can_read_evidence() or access.can_manage() or bool(access.partnership_ids()))
    found = get_object_or_404(Instrument, key=key)
    language = translation.get_language()
    scales: dict[str, dict[str, Any]] = {}
    for item in found.items.order_by("position", "id"):
        scale = scales.setdefault(item.scale_key, {"name": scale_name(item, language), "items": []})
        scale["items"].append({"item": item, "text": item.text_in(language)})
    context = {"instrument": found, "name": found.name_in(language), "scales": list(scales.values())}
    return render(request, "selfassessment/instrument.html", context)
