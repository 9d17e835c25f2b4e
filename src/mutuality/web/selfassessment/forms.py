"""The self-assessment's forms: a round, a link for a side, the link sent by email, and a
respondent's answers, read from what the questionnaire posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mutuality.partnerships.models import Partnership
from mutuality.selfassessment.models import Instrument, Item, Round

DONT_KNOW = "dk"
COMMENT_LENGTH = 4000


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["instrument", "name", "opens_on", "closes_on", "anonymous"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        field = self.fields["instrument"]
        field.queryset = Instrument.objects.order_by("key")  # type: ignore[attr-defined]
        field.label_from_instance = lambda instrument: instrument.name_in(get_language())  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if Round.objects.filter(partnership=self.partnership, name=name).exists():
            raise forms.ValidationError(gettext("This partnership already has a round of that name."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", gettext("A round closes on or after the day it opens."))
        return cleaned


class LinkForm(forms.Form):
    """Which side a new link is for (one of the partnership's, by its municipality's key)."""

    side = forms.ChoiceField(label=_("Side"))

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sides = {side.key: side for side in partnership.sides.select_related("municipality")}
        choices = [(key, side.municipality.name) for key, side in self.sides.items()]
        self.fields["side"].choices = choices  # type: ignore[attr-defined]


class LinkEmailForm(forms.Form):
    """A link sent by email: the token comes back from the page that showed it (it is not stored)."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    email = forms.EmailField(label=_("Email address"))


class RespondentForm(forms.Form):
    """What a respondent says besides their answers: name and role in a named round, and consent."""

    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    role = forms.CharField(label=_("Your role"), max_length=200, required=False)
    consent_to_evidence = forms.BooleanField(
        label=_("My comments may be kept as evidence for the partnership's study, to be coded."),
        required=False,
    )

    def __init__(self, *args: Any, named: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not named:
            del self.fields["name"], self.fields["role"]


@dataclass
class Answers:
    """A respondent's answers as posted, checked against the instrument: ``values`` per item key
    (a point of the scale, ``None`` for "don't know"; items left unanswered are absent), comments,
    and a message for every problem, each naming the question it is about."""

    values: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def read_answers(data: Any, items: list[Item], points: int, side_key: str, language: str) -> Answers:
    """The answers in ``data`` (a POST) to ``items``, on a scale of ``points``.

    Refused, with a message each: a value not on the scale, a question of another instrument, a
    comment too long, and a side other than the link's (the side is never taken from the form)."""
    read = Answers()
    by_key = {item.key: item for item in items}
    named = {
        item.key: gettext("Question %(number)s (“%(text)s”)")
        % {"number": position, "text": Truncator(item.text_in(language)).words(8)}
        for position, item in enumerate(items, start=1)
    }
    posted_side = data.get("side")
    if posted_side is not None and posted_side != side_key:
        read.errors.append(gettext("This link is for one side only: answers for another side are refused."))
    for name in data:
        for prefix in ("item-", "comment-"):
            if name.startswith(prefix) and name[len(prefix) :] not in by_key:
                read.errors.append(
                    gettext("“%(key)s” is not a question of this questionnaire.")
                    % {"key": name[len(prefix) :]}
                )
    for key in by_key:
        raw = data.get(f"item-{key}", "")
        if raw == DONT_KNOW:
            read.values[key] = None
        elif raw:
            if not raw.isdigit() or not 1 <= int(raw) <= points:
                read.errors.append(
                    gettext("%(question)s: “%(value)s” is not one of its answers (1 to %(points)s).")
                    % {"question": named[key], "value": raw[:20], "points": points}
                )
            else:
                read.values[key] = int(raw)
        comment = data.get(f"comment-{key}", "").strip()
        if len(comment) > COMMENT_LENGTH:
            read.errors.append(
                gettext("%(question)s: the comment is longer than %(limit)s characters.")
                % {"question": named[key], "limit": COMMENT_LENGTH}
            )
        elif comment:
            read.comments[key] = comment
            if key not in read.values:
                read.errors.append(
                    gettext("%(question)s: choose an answer, or “don't know”, to go with your comment.")
                    % {"question": named[key]}
                )
    return read
