"""The evidence's endpoints: sources with their text, the codebook and codings, read and written.

Each asks :class:`~mutuality.accounts.access.Access` what the web's evidence pages ask: a source is
added by a researcher and changed by a researcher of one of its partnerships
(``can_manage_source``); the codebook is edited by researchers (``can_edit_codebook``); a source is
coded by whoever may code it (``can_code_source``), and a coding changed or deleted by its coder or
the source's researchers (``can_change_coding``, ``can_delete_coding``). What the caller may not
read is not found (404); what they may read but not change is refused (403). Codings are narrowed
by ``Access.codings``, so under blind coding a coder neither sees nor changes the others'.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions

from mutuality.accounts.access import Access
from mutuality.api import serializers_evidence as e
from mutuality.api.views import ApiViewSet, documented, yes
from mutuality.evidence.models import Code, Coding, Source
from mutuality.ids import MAX_ID, parse_id
from mutuality.privacy.pseudonymise import Pseudonymiser

WITH_NAMES = OpenApiParameter(
    "with_names",
    OpenApiTypes.BOOL,
    description="Administrators only: keep real names in the texts (and count a coding's offsets in "
    "the text as stored).",
)


class EvidenceViewSet(ApiViewSet):
    permission_classes = [permissions.IsAuthenticated]

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        keep = yes(self.request.query_params.get("with_names")) and self.access.is_admin
        context["pseudonymiser"] = None if keep else Pseudonymiser()
        return context

    def writing(self) -> bool:
        return self.request.method not in permissions.SAFE_METHODS


class SourceViewSet(EvidenceViewSet):
    """Sources the caller may read: confidential ones only for researchers of their partnership."""

    filters = {
        "partnership": ("partnerships__key", "Key of a partnership the source belongs to."),
        "side": ("side__municipality__key", "Municipality key of the source's side."),
        "kind": ("kind", "A source_kind key."),
        "confidential": ("confidential__bool", "true or false."),
    }

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action == "create" and not self.access.is_researcher():
            raise exceptions.PermissionDenied(_("Only researchers add sources."))

    def get_queryset(self) -> QuerySet[Any]:
        return self.access.sources(
            Source.objects.select_related("side__municipality", "respondent").prefetch_related(
                "partnerships", "versions"
            )
        )

    def get_object(self) -> Any:
        source = super().get_object()
        if self.writing() and not self.access.can_manage_source(source):
            raise exceptions.PermissionDenied(_("You may not change this source."))
        return source

    def get_serializer_class(self) -> type[Any]:
        return e.SourceSerializer if self.action == "list" else e.SourceDetailSerializer


class EvidenceReaders(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return Access.of(request.user).can_read_evidence()


class CodebookEditors(permissions.BasePermission):
    """Reading for evidence readers; adding and changing codes for researchers (``can_edit_codebook``)."""

    message = _("Only researchers change the codebook.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or Access.of(request.user).can_edit_codebook()


class CodeViewSet(EvidenceViewSet):
    """The codebook: framework codes and researchers' own."""

    lookup_field = "pk"
    serializer_class = e.CodeSerializer
    permission_classes = [permissions.IsAuthenticated, EvidenceReaders, CodebookEditors]
    filters = {
        "vocabulary": ("vocabulary", "The vocabulary of framework codes, e.g. dimension."),
        "term": ("term", "A vocabulary key, e.g. process_trust."),
        "name": ("name__iexact", "The code's name."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return Code.objects.select_related("parent__parent__parent")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        parent = self.request.query_params.get("parent")
        queryset = super().filter_queryset(queryset)
        return queryset.filter(parent_id=code_id(parent)) if parent else queryset


class CodingViewSet(EvidenceViewSet):
    """Codings on the sources the caller may read."""

    lookup_field = "pk"
    serializer_class = e.CodingSerializer
    permission_classes = [permissions.IsAuthenticated, EvidenceReaders]
    filters = {
        "source": ("version__source__key", "Key of a source."),
        "partnership": ("version__source__partnerships__key", "Key of a partnership of the coded source."),
        "coder": ("coder__username", "The coder's user name."),
        "assessment": ("assessment", "An assessment key."),
        "needs_review": ("needs_review__bool", "true or false."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return self.access.codings(
            Coding.objects.select_related(
                "version__source", "code__parent__parent", "coder", "concerns_side__municipality"
            ).prefetch_related("projects")
        )

    def get_object(self) -> Any:
        coding = super().get_object()
        if self.request.method == "DELETE":
            allowed = self.access.can_delete_coding(coding)
        else:
            allowed = not self.writing() or self.access.can_change_coding(coding)
        if not allowed:
            raise exceptions.PermissionDenied(_("You may not change this coding."))
        return coding

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        code = self.request.query_params.get("code")
        if code is None:
            return queryset
        if code.isdigit():
            return queryset.filter(code_id=code_id(code))
        vocabulary, _slash, term = code.partition("/")
        if term:
            return queryset.filter(code__vocabulary=vocabulary, code__term=term)
        return queryset.filter(code__name__iexact=code)


def code_id(value: str) -> int:
    """A code's id from the query string; 400 for anything else, a number too large for the database too."""
    number = parse_id(value)
    if number is None:
        raise exceptions.ValidationError(
            _("Not a code id: expected a whole number from 0 to %(max)s.") % {"max": MAX_ID}
        )
    return number


CODE_FILTER = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    description="A code: its id, vocabulary/term (e.g. dimension/process_trust) or name.",
)
PARENT_FILTER = OpenApiParameter("parent", OpenApiTypes.INT, description="Id of the parent code.")

documented(
    SourceViewSet,
    extra=[WITH_NAMES],
    descriptions={
        "create": "Add a source with its text (researchers; partnerships among those they research). "
        "The text becomes its first version.",
        "update": "Change a source's details (a researcher of one of its partnerships; links to the "
        "others stay). A changed `text` makes a new version: codings of unchanged words move along, "
        "the others are flagged for review. Send `version`, the version you read, to be refused (409) "
        "rather than overwrite a text saved meanwhile.",
        "partial_update": "As PUT, with only the fields sent.",
    },
)
documented(
    CodeViewSet,
    query=[PARENT_FILTER],
    descriptions={
        "create": "Add a code (researchers), under `parent` or at the top.",
        "update": "Rename, describe, colour or move a code (researchers). A move under the code itself "
        "or one of its sub-codes is refused; framework codes keep their vocabulary and term.",
        "partial_update": "As PUT, with only the fields sent.",
    },
)
documented(
    CodingViewSet,
    extra=[WITH_NAMES],
    query=[CODE_FILTER],
    descriptions={
        "create": "Code words of a source's current text (whoever may code the source). `start` and "
        "`end` count code points in the text as the API shows it to you (`GET sources/{key}/`, names "
        "replaced); `quote` must be the words there.",
        "update": "Change a coding's code, assessment, role, whose learning, projects or memo (its coder "
        "or the source's researchers). Its words do not change: `source`, `start`, `end` and `quote` "
        "may be sent back as read, not changed.",
        "partial_update": "As PUT, with only the fields sent.",
        "destroy": "Delete a coding (its coder or the source's researchers).",
    },
)
