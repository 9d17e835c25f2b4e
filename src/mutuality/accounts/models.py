"""Organisations, memberships (a role on a partnership, or on one side of it), invitations, assignments."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mutuality.accounts.roles import SIDE_ROLES, OrganisationKind, Role
from mutuality.partnerships.models import Municipality, Partnership, Side


class Organisation(models.Model):
    """A municipality, NGO, research team or association whose people work in Mutuality."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("municipality")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One user's role on one partnership; partner roles are held for one side of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    side = models.ForeignKey(
        Side,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("side"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "side", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership", "side", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        where = f"{self.partnership} / {self.side}" if self.side_id else str(self.partnership)
        return f"{self.user} — {self.get_role_display()} — {where}"

    def clean(self) -> None:
        check_side(self.role, self.partnership_id, self.side)


def check_side(role: str, partnership_id: int | None, side: Side | None) -> None:
    if role in SIDE_ROLES and side is None:
        raise ValidationError(
            {"side": gettext("A partner editor or contributor works for one side: choose it.")}
        )
    if role not in SIDE_ROLES and side is not None:
        raise ValidationError({"side": gettext("This role is held for the whole partnership, not one side.")})
    if side is not None and side.partnership_id != partnership_id:
        raise ValidationError({"side": gettext("That side belongs to another partnership.")})


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A link that lets one person make an account with a given role; only its hash is stored."""

    email = models.EmailField(_("email"))
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("side"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.partnership}"

    def clean(self) -> None:
        check_side(self.role, self.partnership_id, self.side)

    @classmethod
    def issue(cls, *, days: int = 7, **fields: object) -> tuple[Invitation, str]:
        """A new invitation and its token (shown once, in the link; never stored)."""
        token = secrets.token_urlsafe(32)
        invitation = cls(
            token_hash=_token_hash(token), expires_at=timezone.now() + timedelta(days=days), **fields
        )
        invitation.full_clean(exclude=["token_hash"])
        invitation.save()
        return invitation, token

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        """The open invitation for ``token``: not used, not expired."""
        invitation = cls.objects.filter(token_hash=_token_hash(token)).first()
        if (
            invitation is None
            or invitation.accepted_at is not None
            or invitation.expires_at <= timezone.now()
        ):
            return None
        return invitation


class Assignment(models.Model):
    """A source given to a coder to code."""

    source = models.ForeignKey("evidence.Source", on_delete=models.CASCADE, related_name="assignments")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["source", "coder"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.source} → {self.coder}"


class LanguagePreference(models.Model):
    """The language a user chose with the switcher, so it follows them to every device.

    Without one, the browser's language (or the switcher's cookie) decides.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
