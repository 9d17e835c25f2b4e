"""What every partnership record shares: a stable key and a citation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
key_validator = RegexValidator(
    KEY_PATTERN, _("Use lower-case letters, digits and single hyphens, e.g. zeist-berkane.")
)


def key_stem(text: str, length: int = 40) -> str:
    """A readable key from a name in any script: ``Tilburg–Nador`` → ``tilburg-nador``.

    Letters are transliterated (``Elazığ`` → ``elazig``, ``Ελληνικά`` → ``ellinika``) rather than dropped,
    and every run of anything else (underscores, dots, spaces, dashes) becomes one hyphen, so the
    key always matches :data:`KEY_PATTERN` and survives an export and a load. "record" if nothing
    is left.
    """
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    stem = "-".join(words)[:length].strip("-")
    return stem or "record"


def make_key(text: str) -> str:
    """A readable key from a name, with a short random tail so it is unique without asking the database."""
    return f"{key_stem(text)}-{uuid.uuid4().hex[:6]}"


def unique_key(text: str, taken: Callable[[str], bool], length: int = 70) -> str:
    """The readable key of ``text``, or with ``-2``, ``-3``… when ``taken`` says it is in use."""
    stem = key_stem(text, length)
    key, number = stem, 1
    while taken(key):
        number += 1
        key = f"{stem}-{number}"
    return key


class Record(models.Model):
    """A record that data files and exports name by ``key`` rather than by id.

    Keys make loading idempotent (a second load updates instead of
    duplicating) and make exports readable and diffable.
    """

    key = models.CharField(_("key"), max_length=80, validators=[key_validator])
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where this comes from: a document, an interview, or a section of the study such as ch. 8.3.1."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.key:
            manager = type(self)._default_manager
            self.key = unique_key(self.key_basis(), lambda key: manager.filter(key=key).exists())
        super().save(*args, **kwargs)

    def key_basis(self) -> str:
        return str(self)


def check_year_range(start: int | None, end: int | None, end_field: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {
                end_field: gettext("The end year (%(end)s) is before the start year (%(start)s).")
                % {"end": end, "start": start}
            }
        )


def check_same_partnership(
    errors: dict[str, str], field: str, related: Any, partnership_id: int | None
) -> None:
    """Record an error when ``related`` belongs to another partnership."""
    if related is not None and partnership_id is not None and related.partnership_id != partnership_id:
        errors[field] = gettext("%(record)s belongs to another partnership.") % {"record": related}


def check_on_side(errors: dict[str, str], field: str, actor: Any, side_id: int | None) -> None:
    if actor is not None and side_id is not None and actor.side_id != side_id:
        errors[field] = gettext("%(actor)s is not on this side of the partnership.") % {"actor": actor}
