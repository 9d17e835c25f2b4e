"""What REFI-QDA exchange keeps beside the evidence: GUIDs, imports and what could not become evidence.

The evidence models are not changed for the exchange. GUIDs that other QDA
tools gave to our records are kept in :class:`ExchangeGuid` (object kind and
key → GUID), so exporting again writes the same GUIDs; records without one get
a GUID derived from their stable keys (:mod:`mutuality.formats.refi_qda.guids`).
Each import is recorded with its report, and what an import read but cannot
turn into sources and codings — PDFs, pictures, audio and video, cases and
notes that belong to nothing of ours, variables we have no field for — is
kept with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutuality.evidence.models import Source
from mutuality.partnerships.models import Partnership


class ExchangeGuid(models.Model):
    """The GUID a REFI-QDA file gave to one of our records (a user, code, source, coding, memo …)."""

    kind = models.CharField(max_length=20)
    object_key = models.CharField(max_length=200)
    guid = models.CharField(max_length=36)

    class Meta:
        verbose_name = _("exchange GUID")
        verbose_name_plural = _("exchange GUIDs")
        constraints = [models.UniqueConstraint(fields=["kind", "object_key"], name="exchange_guid_unique")]
        indexes = [models.Index(fields=["kind", "guid"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_key} = {self.guid}"


class QdaImport(models.Model):
    """One imported .qdpx or .qdc file and the report of what was read, written and skipped."""

    filename = models.CharField(_("file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="qda_imports"
    )
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("REFI-QDA import")
        verbose_name_plural = _("REFI-QDA imports")

    def __str__(self) -> str:
        return self.filename


class Attachment(models.Model):
    """A source that cannot be coded here (PDF, picture, audio, video), kept as it came."""

    qda_import = models.ForeignKey(QdaImport, on_delete=models.CASCADE, related_name="attachments")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="qda_attachments"
    )
    guid = models.CharField(max_length=36)
    kind = models.CharField(_("kind"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    path = models.CharField(_("path in the project"), max_length=1000, blank=True)
    data = models.BinaryField(_("content"), blank=True, default=b"")
    size = models.PositiveBigIntegerField(_("size"), default=0)
    description = models.TextField(_("description"), blank=True)
    skipped_codings = models.PositiveIntegerField(_("codings not imported"), default=0)

    class Meta:
        ordering = ["qda_import", "name", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ImportedCase(models.Model):
    """A case of another tool that is none of our partnerships, sides or respondents."""

    qda_import = models.ForeignKey(QdaImport, on_delete=models.CASCADE, related_name="cases")
    guid = models.CharField(max_length=36)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    values = models.JSONField(_("variable values"), default=dict)
    sources = models.ManyToManyField(Source, related_name="qda_cases", blank=True)

    class Meta:
        ordering = ["qda_import", "name", "id"]
        verbose_name = _("imported case")
        verbose_name_plural = _("imported cases")

    def __str__(self) -> str:
        return self.name


class ImportedNote(models.Model):
    """A note of another tool that is attached to nothing we keep (a project note, a note on a link …)."""

    qda_import = models.ForeignKey(QdaImport, on_delete=models.CASCADE, related_name="notes")
    guid = models.CharField(max_length=36)
    name = models.CharField(_("name"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["qda_import", "name", "id"]
        verbose_name = _("imported note")
        verbose_name_plural = _("imported notes")

    def __str__(self) -> str:
        return self.name or self.guid


class SourceVariable(models.Model):
    """A variable value another tool gave a source, for which the source has no field."""

    qda_import = models.ForeignKey(QdaImport, on_delete=models.CASCADE, related_name="source_variables")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="qda_variables")
    name = models.CharField(_("variable"), max_length=300)
    type = models.CharField(_("type"), max_length=10)
    value = models.TextField(_("value"), blank=True)

    class Meta:
        ordering = ["source", "name", "id"]
        verbose_name = _("source variable")
        verbose_name_plural = _("source variables")

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"
