"""Forms for sources, respondents, codes and codings, and the queries of the analysis pages.

A view hands the request's data to a form and uses what it cleaned: the form says what is sent,
what is refused and with which message. Forms that change a stored record carry its token against
edit conflicts (:mod:`mutuality.web.conflicts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.evidence.editing import (
    PROJECT_ELSEWHERE,
    SIDE_ELSEWHERE,
    WordsMismatch,
    check_concerns_country,
    check_source_side,
    dimension_only,
    place,
    source_limits,
    source_projects,
    source_sides,
)
from mutuality.evidence.editing import side_countries as side_countries  # the views import it from here
from mutuality.evidence.models import Code, Coding, Respondent, Source, SourceVersion, free_colour
from mutuality.evidence.offsets import OffsetError, utf16_to_codepoint
from mutuality.formats.extract import has_words
from mutuality.ids import parse_id, parse_ids
from mutuality.partnerships.models import Project, Side
from mutuality.web.conflicts import Guarded

if TYPE_CHECKING:
    from mutuality.privacy.reader import ReaderNames

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def model_choice(field: forms.Field) -> forms.ModelChoiceField:
    """The field a model form made for a foreign key or a many-to-many: it offers a queryset."""
    return cast(forms.ModelChoiceField, field)


def offered(field: forms.ModelChoiceField) -> QuerySet[Any]:
    """The rows a model form's field offers (always a queryset: the model's rows to begin with)."""
    assert field.queryset is not None
    return field.queryset


def _offer_sides(field: forms.Field) -> None:
    """A side field offers every side, each named with its partnership and municipality."""
    sides = model_choice(field)
    sides.queryset = Side.objects.select_related("partnership", "municipality")
    # The field calls `label_from_instance(side)`; set on the instance it is a plain function, which
    # mypy compares with the method's signature (self included), hence the ignore.
    sides.label_from_instance = _side_label  # type: ignore[method-assign, assignment]


def _side_label(side: Side) -> str:
    return f"{side.partnership} — {side.municipality}"


class SourceForm(Guarded, forms.ModelForm):
    """A new source: its description, and its text as an uploaded file or pasted."""

    conflict_message = _(
        "Someone else saved this after you opened it. Nothing of yours was saved: "
        "open it again to see their changes, then make yours."
    )

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
        _offer_sides(self.fields["side"])
        if not with_text:
            del self.fields["file"], self.fields["text"]
        self.kept: list[Any] = []  # links to partnerships the editor may not change

    def limit_partnerships(self, editable: set[int]) -> None:
        """Offer only the ``editable`` partnerships (those the editor researches).

        A source shared with other partnerships keeps its links to them, and its side when that is
        another partnership's; whether it is confidential decides what those partnerships' members
        may read, so only someone who may edit every linked partnership changes it (shown read-only
        to the others, with the reason): :func:`mutuality.evidence.editing.source_limits`."""
        partnerships = model_choice(self.fields["partnerships"])
        partnerships.queryset = offered(partnerships).filter(pk__in=editable)
        side_field = model_choice(self.fields["side"])
        sides = offered(side_field)
        side_field.queryset = sides.filter(partnership__in=editable)
        limits = source_limits(self.instance, editable)
        self.kept = limits.kept
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
        if limits.side_fixed and side is not None:
            side_field.queryset = sides.filter(pk=side.pk)
            self.fields["side"].disabled = True
            self.fields["side"].help_text = _(
                "The side belongs to a partnership you do not research; it stays as it is."
            )

    def start_on(self, partnership: str, municipality: str = "") -> None:
        """Open a new source on a partnership and one of its sides (keys, as "What to record next"
        links with ``?partnership=…&side=…``), when the form offers them: a partnership the user does
        not research, or a side not of that partnership, leaves the choice to the user."""
        partnerships = offered(model_choice(self.fields["partnerships"])).filter(key=partnership)
        found = partnerships.values_list("pk", flat=True).first()
        if found is None:
            return
        self.initial["partnerships"] = [found]
        sides = offered(model_choice(self.fields["side"])).filter(partnership=found)
        side = sides.filter(municipality__key=municipality).values_list("pk", flat=True).first()
        if side is not None:
            self.initial["side"] = side

    def clean_partnerships(self) -> list[Any]:
        return [*self.cleaned_data["partnerships"], *self.kept]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        try:
            check_source_side(data.get("side"), data.get("partnerships"))
        except ValidationError as error:
            self.add_error("side", error)
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
        return data


class NewVersionForm(Guarded, forms.Form):
    """A source's text, saved as a new version; its token is the number of the version it was opened at."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}))
    base_field = "base"

    def __init__(self, data: Any = None, *, source: Source) -> None:
        self.source = source
        current = source.current
        super().__init__(data, initial={"text": current.text if current else ""})

    def record(self) -> Source:
        return self.source

    def stored_token(self, lock: bool = False) -> str:
        versions = SourceVersion.objects.filter(source=self.source).order_by("-number")
        latest = (versions.select_for_update() if lock else versions).first()
        return str(latest.number if latest else 0)

    def conflict(self, current: str) -> str:
        return gettext(
            "Someone saved version %(number)s of this text after you opened it. Nothing of yours "
            "was saved: open the text again and make your change there."
        ) % {"number": current}


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
        _offer_sides(self.fields["side"])
        identity = getattr(self.instance, "identity", None) if self.instance.pk else None
        if identity is not None:
            self.initial["real_name"] = identity.real_name


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "description", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # A colour field always sends a colour (black when empty): offer the palette's next one.
            self.initial.setdefault("colour", free_colour(None))


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Code.objects.all(), label=_("Merge into"))


class CodingMemoForm(Guarded, forms.Form):
    """A coding's memo, changed on the source page; only a change of the memo meanwhile is a conflict."""

    memo = forms.CharField(required=False)
    base_field = "base"
    watched = ("memo",)
    conflict_message = _(
        "Someone else changed this coding's memo after you opened the page. Nothing of yours "
        "was saved: the page now shows their memo."
    )

    def __init__(self, data: Any = None, *, coding: Coding, **kwargs: Any) -> None:
        self.instance = coding
        super().__init__(data, **kwargs)

    def save(self) -> bool:
        """Store the memo, in the transaction that checked it; False if it already was this memo."""
        coding = Coding.objects.select_for_update().get(pk=self.instance.pk)
        memo = self.cleaned_data["memo"]
        if memo == coding.memo:
            return False
        coding.memo = memo
        coding.save(update_fields=["memo"])
        return True


class ValuesField(forms.Field):
    """Every value sent under the field's name (a repeated key, a multiple choice), as text, in order."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if value is None:
            return []
        return [value] if isinstance(value, str) else [str(item) for item in value]


class SentText(forms.CharField):
    """Text that may be left out (None), which is not the same as text sent empty."""

    def to_python(self, value: Any) -> str | None:
        return None if value is None else super().to_python(value)


def problems(form: forms.BaseForm) -> str:
    """Every problem a form found, as one text (for an answer or a message)."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _unplaced(detail: object) -> ValidationError:
    return ValidationError(
        _("The selection could not be placed in the text: %(error)s"), params={"error": detail}
    )


class OffsetField(forms.IntegerField):
    """An offset in the browser's UTF-16 units; a missing or unreadable one is a selection not placed."""

    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except ValidationError as error:
            raise _unplaced(" ".join(error.messages)) from error


class CodingForm(forms.Form):
    """Codes applied to a selection of a source's text (the source page's form; scripts post it too).

    ``start`` and ``end`` count in the browser's UTF-16 units in the text as the coder was shown it
    (names replaced unless they may read them); ``quote``, when sent, must be the words there. The
    codings are placed on the stored text's words, a replacement standing for its name. Unknown code
    ids are left out; a side, project or country must be one of the source's partnerships. The rules
    are :mod:`mutuality.evidence.editing`'s, which the API keeps too.
    """

    start = OffsetField()
    end = OffsetField()
    quote = SentText(required=False, strip=False)
    codes = ValuesField(required=False)
    assessment = forms.CharField(required=False)
    factor_role = forms.CharField(required=False)
    concerns_side = forms.CharField(required=False)
    concerns_country = forms.CharField(required=False)
    projects = ValuesField(required=False)
    memo = forms.CharField(required=False)

    def __init__(self, data: Any, *, source: Source, reader: ReaderNames, coder: Any) -> None:
        super().__init__(data)
        self.source, self.coder = source, coder
        self.version = source.current
        self.shown = reader.replaced(self.version.text if self.version else "", source)
        self.shown_quote = ""  # the words coded, as the coder was shown them
        self.codings: list[Coding] = []

    def clean_codes(self) -> list[Code]:
        # (with the codes above them, which the history names each coding by: not looked up one by one)
        chosen = Code.objects.filter(pk__in=parse_ids(self.cleaned_data["codes"]))
        codes = list(chosen.select_related("parent__parent"))
        if not codes:
            raise ValidationError(_("Choose at least one code."))
        return codes

    def clean_concerns_side(self) -> Side | None:
        chosen = self.cleaned_data["concerns_side"]
        if not chosen:
            return None
        sides = {str(side.pk): side for side in source_sides(self.source)}
        if chosen not in sides:
            raise ValidationError(SIDE_ELSEWHERE)
        return sides[chosen]

    def clean_concerns_country(self) -> str:
        return check_concerns_country(self.source, self.cleaned_data["concerns_country"])

    def clean_projects(self) -> list[Project]:
        chosen = self.cleaned_data["projects"]
        if not chosen:  # (most codings: no query made up for nothing)
            return []
        # (by name, as the workbench's list shows them: see listed)
        projects = list(source_projects(self.source).filter(pk__in=parse_ids(chosen)).order_by("name"))
        if len(projects) != len(set(chosen)):
            raise ValidationError(PROJECT_ELSEWHERE)
        return projects

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "start" not in data or "end" not in data:
            return data
        try:
            placed = place(
                self.shown,
                utf16_to_codepoint(self.shown.text, data["start"]),
                utf16_to_codepoint(self.shown.text, data["end"]),
                data.get("quote"),
            )
        except OffsetError as error:
            raise _unplaced(error) from error
        except WordsMismatch as error:
            raise ValidationError(
                _("The selected words do not match the text; reload the page and select again.")
            ) from error
        self.shown_quote = placed.words
        if not self.errors:
            self.codings = self._codings(placed.start, placed.end)
        return data

    def _codings(self, start: int, end: int) -> list[Coding]:
        """One coding per code, checked as the model checks them."""
        data = self.cleaned_data
        codings = []
        for code in data["codes"]:
            assessment, factor_role = dimension_only(code, data["assessment"], data["factor_role"])
            coding = Coding(
                version=self.version,
                start=start,
                end=end,
                code=code,
                coder=self.coder,
                assessment=assessment,
                factor_role=factor_role,
                concerns_side=data["concerns_side"],
                concerns_country=data["concerns_country"],
                memo=data["memo"],
            )
            try:
                # (its version, code and coder were read from the database for this form: not
                # looked up again, one query each)
                coding.full_clean(exclude=["version", "code", "coder"])
            except ValidationError as error:
                raise ValidationError(error.messages) from error
            codings.append(coding)
        return codings

    def only_codes_missing(self) -> bool:
        """Whether the coder only forgot to choose a code: told on the page, not a bad request."""
        return list(self.errors) == ["codes"]

    @transaction.atomic
    def save(self) -> list[Coding]:
        for coding in self.codings:
            coding.save()
            if self.cleaned_data["projects"]:  # (a new coding has none to compare with)
                coding.projects.set(self.cleaned_data["projects"])
        return self.codings

    def listed(self) -> list[Coding]:
        """The codings saved, with what the workbench's list shows of them, as it would read them
        (their code, coder, side and its municipality, projects by name): the answer to the coding
        shows them without reading them again."""
        for coding in self.codings:
            coding.project_list = self.cleaned_data["projects"]  # type: ignore[attr-defined]
        return self.codings


class AgreementForm(forms.Form):
    """The agreement page's query: ``coder`` (repeated: two or more usernames), ``partnership``
    (a key) and ``code`` (ids; none: every code the coders applied)."""

    coder = ValuesField(required=False)
    partnership = forms.CharField(required=False)
    code = ValuesField(required=False)

    asked = False  # whether any coder was sent: without, the page only shows the form

    def clean_coder(self) -> list[str]:
        sent = self.cleaned_data["coder"]
        self.asked = bool(sent)
        return list(dict.fromkeys(name.strip() for name in sent if name.strip()))

    def clean_code(self) -> list[int]:
        return parse_ids(self.cleaned_data["code"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.asked and len(data.get("coder", [])) < 2:
            raise ValidationError(_("Choose at least two coders to compare."))
        return data


class CooccurrenceForm(forms.Form):
    """The co-occurrence page's ``distance`` (characters, 0 or more; empty: 0) and, to list the pairs
    behind one cell, ``a`` and ``b`` (two different code ids; cleaned: ``pair``, smaller id first)."""

    distance = forms.CharField(required=False)
    a = forms.CharField(required=False)
    b = forms.CharField(required=False)

    def clean_distance(self) -> int:
        value = self.cleaned_data["distance"]
        distance = parse_id(value) if value else 0  # a whole number, 0 or more, read as an id is
        if distance is None:
            raise ValidationError(_("The distance must be a whole number of characters, 0 or more."))
        return distance

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["pair"] = None
        if data.get("a") or data.get("b"):
            code_a, code_b = parse_id(data.get("a")), parse_id(data.get("b"))
            if code_a is None or code_b is None or code_a == code_b:
                raise ValidationError(_("Choose two different codes (a and b) to list their passages."))
            data["pair"] = (min(code_a, code_b), max(code_a, code_b))
        return data


#: The operators of a code query, by the key the page sends.
QUERY_OPERATORS = {"and": _("AND"), "or": _("OR"), "not": _("AND NOT")}


class CodeQueryForm(forms.Form):
    """The code query page's rows: ``code`` (the first code's id), then ``op1``…``op3`` (``and``,
    ``or``, ``not``; empty: ``and``) with ``code1``…``code3``; rows without a code are skipped.
    ``subcodes=0`` leaves sub-codes out. Cleaned: ``query``, the first code and the (operator, code)
    steps after it, or None when no code was chosen."""

    ROWS = 3  # operator rows after the first code
    code = forms.CharField(required=False)
    op1 = forms.CharField(required=False)
    code1 = forms.CharField(required=False)
    op2 = forms.CharField(required=False)
    code2 = forms.CharField(required=False)
    op3 = forms.CharField(required=False)
    code3 = forms.CharField(required=False)
    subcodes = forms.CharField(required=False)

    def rows(self) -> list[tuple[str, str]]:
        """The (operator, code) rows as sent, the first without an operator (for the page to show them)."""
        data = self.cleaned_data
        steps = [(data.get(f"op{i}") or "and", data.get(f"code{i}", "")) for i in range(1, self.ROWS + 1)]
        return [("", data.get("code", "")), *steps]

    def clean_subcodes(self) -> bool:
        return self.cleaned_data["subcodes"] != "0"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["query"] = None
        wanted = [(op, code) for index, (op, code) in enumerate(self.rows()) if code or index == 0]
        if not wanted[0][1]:
            if len(wanted) > 1:
                raise ValidationError(_("Choose the first code of the query."))
            return data
        ids = [code for _op, code in wanted]
        if any(parse_id(code) is None for code in ids):
            raise ValidationError(_("Choose codes from the list."))
        codes = Code.objects.in_bulk([int(code) for code in ids])
        missing = next((code for code in ids if int(code) not in codes), None)
        if missing is not None:
            raise ValidationError(_("There is no code %(code)s."), params={"code": missing})
        unknown = next((op for op, _code in wanted[1:] if op not in QUERY_OPERATORS), None)
        if unknown is not None:
            raise ValidationError(
                _("Unknown operator %(operator)s; use AND, OR or AND NOT."), params={"operator": unknown}
            )
        data["query"] = (codes[int(ids[0])], [(op, codes[int(code)]) for op, code in wanted[1:]])
        return data
