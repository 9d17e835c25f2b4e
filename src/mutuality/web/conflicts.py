"""Edit conflicts: the second of two people saving the same record is told, not silently overwritten.

One scheme for every form that changes a stored record: the form (a :class:`Guarded` form) carries,
in a hidden field, a token of the record as it was opened; saving reads the token of the record as
it is now, under a row lock where the database has them, and refuses when the two differ. The view
then answers 409 with the form and its message (or, for a memo on the source page, sends the editor
back to the page with it). A request without a token, as a script sends, is not checked.

The token is a fingerprint of the record (:mod:`mutuality.history.fingerprint`)'s stored values: all its fields, its many-to-many links
and the rows edited with it (an exchange's participations), or only the fields the form changes (a
coding's memo). A source's text is never changed, only followed by a new version, so its token is
the number of its newest version. No version column is needed, so data files and exports stay as
they are.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from mutuality.history.fingerprint import fingerprint

FIELD = "base_fingerprint"


class Guarded(forms.BaseForm):
    """A form on a stored record that refuses to save over someone else's change (a mix-in, placed
    before ``forms.Form`` or ``forms.ModelForm``).

    The token travels in the hidden field ``base_field``, rendered with the form's hidden fields.
    By default it is the :func:`fingerprint` of ``self.instance`` (of its ``watched`` fields only,
    when named, and with its ``related`` records); a form whose token is something else overrides
    :meth:`record` and :meth:`stored_token`. The view calls :meth:`changed_since_opened` inside the
    transaction that saves.
    """

    base_field: ClassVar[str] = FIELD
    watched: ClassVar[tuple[str, ...] | None] = None  # the fields a change of which is a conflict; None: all
    related: ClassVar[tuple[str, ...]] = ()  # records edited with it, part of its fingerprint
    conflict_message: ClassVar[Any] = _(
        "Someone else saved this record after you opened it. Nothing of yours was saved: "
        "open it again to see their changes, then make yours."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conflicted = False  # refused by changed_since_opened
        if self.record() is None:
            return
        self.fields[self.base_field] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial[self.base_field] = self.stored_token()

    def record(self) -> models.Model | None:
        """The stored record the form changes; None for a new one, which nobody else can have changed."""
        instance = getattr(self, "instance", None)
        return instance if instance is not None and instance.pk is not None else None

    def stored_token(self, lock: bool = False) -> str:
        """The token of the record as it is stored (read under a row lock, kept until commit, if ``lock``)."""
        record = self.record()
        assert record is not None
        if lock:
            record = type(record)._default_manager.select_for_update().get(pk=record.pk)
        return fingerprint(record, self.related, self.watched)

    def conflict(self, current: str) -> str:
        """The message for an editor whose record is now at ``current``."""
        return str(self.conflict_message)

    def changed_since_opened(self) -> bool:
        """Whether the record changed since the form was opened; call it on a valid form, in the
        transaction that saves. If so the form says so and now carries the current token: saving
        it again is the editor's choice, made knowing of the other change."""
        base = self.cleaned_data.get(self.base_field) if self.record() is not None else None
        if not base:
            return False
        current = self.stored_token(lock=True)
        if current == base:
            return False
        self.conflicted = True
        self.add_error(None, self.conflict(current))
        # A bound form's data: the request's QueryDict (a MultiValueDict), or a dict in tests.
        data = self.data.copy() if isinstance(self.data, MultiValueDict) else dict(self.data)
        data[self.add_prefix(self.base_field)] = current
        self.data = data
        return True
