"""One row per change to a record: who, when, by which way, and the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    ERASED = "erased", _("erased")


class Via(models.TextChoices):
    WEB = "web", _("web")
    COMMAND = "command", _("command line")


class Change(models.Model):
    """A record created, changed or deleted.

    ``changes`` maps field names to ``[before, after]``; foreign keys are ids.
    Fields that may hold a real name are written as ``[hidden]`` and long texts
    (a version's words, a coding's copy of them) are left out.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("kind of record"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    parent_model = models.CharField(max_length=60, blank=True)
    parent_id = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("by"), max_length=150, blank=True)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    changes = models.JSONField(_("changes"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(fields=["model", "object_id"]),
            models.Index(fields=["parent_model", "parent_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model} {self.object_id}"
