"""The API's endpoints: each narrows its records and checks every write through :class:`Access`."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, status, viewsets

from mutuality.accounts.access import SIDE_KINDS, Access, record_side_id
from mutuality.api import serializers as s
from mutuality.partnerships.models import (
    Actor,
    Exchange,
    LearningOutcome,
    Municipality,
    Objective,
    Partnership,
    Project,
    ResourceContribution,
    SupportProgramme,
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one, or its key is taken.")
    default_code = "conflict"


class ManagerWrites(permissions.BasePermission):
    """Reading for everyone signed in; writing only for administrators (``Access.can_manage``)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or Access.of(request.user).can_manage()


def yes(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() in ("1", "true", "yes")


class ApiViewSet(viewsets.ModelViewSet):
    """Common parts: a key in the URL, filters from the query string, writes that save or conflict."""

    lookup_field = "key"
    #: query parameter -> (ORM lookup, description)
    filters: ClassVar[dict[str, tuple[str, str]]] = {}

    @property
    def access(self) -> Access:
        return Access.of(self.request.user)

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # No key holds a NUL character, and PostgreSQL refuses to compare with one.
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404
        if any("\x00" in value for values in request.query_params.lists() for value in values[1]):
            raise exceptions.ValidationError(_("A parameter holds a NUL character."))

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        for name, (lookup, _help) in self.filters.items():
            value = self.request.query_params.get(name)
            if value is None:
                continue
            if lookup.endswith("__bool"):
                queryset = queryset.filter(**{lookup.removesuffix("__bool"): yes(value)})
            elif lookup.endswith(
                "__has"
            ):  # a key in a JSON list: matched in Python, the same on every database
                field = lookup.removesuffix("__has")
                rows = queryset.values_list("pk", field)
                queryset = queryset.filter(pk__in=[pk for pk, keys in rows if value in (keys or [])])
            else:
                queryset = queryset.filter(**{lookup: value})
        return queryset.distinct() if any(n in self.request.query_params for n in self.filters) else queryset

    def check_write(self, record: Any) -> None:
        """Refuse a record the caller may not write (the view already checked the request)."""

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    def _save(self, serializer: Any) -> None:
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as error:
            raise Conflict from error

    def perform_destroy(self, instance: Any) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError, IntegrityError) as error:
            raise Conflict(
                _("Other records still refer to this one; change or delete them first.")
            ) from error


def documented(
    viewset: type[ApiViewSet],
    *,
    path: list[OpenApiParameter] | None = None,
    extra: list[OpenApiParameter] | None = None,
    query: list[OpenApiParameter] | None = None,
    descriptions: dict[str, str] | None = None,
) -> None:
    """Put the viewset's filters, path and other parameters in the OpenAPI description, and a
    description of what an action does where ``descriptions`` has one.

    drf-spectacular's ``extend_schema_view`` changes the class in place (and returns it).
    """
    filters = [
        OpenApiParameter(name, OpenApiTypes.STR, description=help)
        for name, (_l, help) in viewset.filters.items()
    ]
    parameters = [*(path or []), *(extra or [])]
    described = descriptions or {}
    schemas = {
        "list": extend_schema(
            parameters=[*parameters, *(query or []), *filters], description=described.get("list")
        )
    }
    for action in ("retrieve", "create", "update", "partial_update", "destroy"):
        if hasattr(viewset, action):
            schemas[action] = extend_schema(parameters=parameters, description=described.get(action))
    extend_schema_view(**schemas)(viewset)


# --- shared reference data -----------------------------------------------------------------------


class MunicipalityViewSet(ApiViewSet):
    queryset = Municipality.objects.all()
    serializer_class = s.MunicipalitySerializer
    permission_classes = [permissions.IsAuthenticated, ManagerWrites]
    filters = {
        "country": ("country__iexact", "Two-letter country code."),
        "migration_role": ("migration_role", "A migration_role key."),
    }


class SupportProgrammeViewSet(ApiViewSet):
    queryset = SupportProgramme.objects.all()
    serializer_class = s.SupportProgrammeSerializer
    permission_classes = [permissions.IsAuthenticated, ManagerWrites]
    filters = {"funder": ("funder__icontains", "Words in the funder's name.")}


class PartnershipViewSet(ApiViewSet):
    serializer_class = s.PartnershipSerializer
    permission_classes = [permissions.IsAuthenticated, ManagerWrites]
    filters = {
        "status": ("status", "A partnership_status key."),
        "form": ("form", "A partnership_form key."),
        "municipality": ("sides__municipality__key", "Key of a municipality on one of its sides."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return self.access.partnerships(Partnership.objects.prefetch_related("sides__municipality"))


# --- a partnership's records ---------------------------------------------------------------------

PARTNERSHIP_PARAMETER = OpenApiParameter(
    "partnership", OpenApiTypes.STR, OpenApiParameter.PATH, description="The partnership's key."
)


class PartnershipRecordViewSet(ApiViewSet):
    """Records under ``/partnerships/{partnership}/…``: read by anyone with a role on it, written as the web app allows."""

    permission_classes = [permissions.IsAuthenticated]
    model: ClassVar[type[Any]]
    kind: ClassVar[str]  # the record kind as :class:`Access` names it
    related: ClassVar[tuple[str, ...]] = ()

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        found = Partnership.objects.filter(key=kwargs.get("partnership")).prefetch_related("sides").first()
        if found is None or not self.access.can_view_partnership(found):
            raise Http404
        self.partnership = found
        if self.action == "create" and not self.access.can_add_record(found, self.kind):
            raise exceptions.PermissionDenied(_("You may not add these records to this partnership."))

    def get_queryset(self) -> QuerySet[Any]:
        partnership = getattr(self, "partnership", None)
        if partnership is None:  # the OpenAPI description asks without a request
            return self.model.objects.none()
        return self.model.objects.filter(partnership=partnership).select_related("partnership", *self.related)

    def get_object(self) -> Any:
        record = get_object_or_404(self.get_queryset(), key=self.kwargs["key"])
        if self.request.method not in permissions.SAFE_METHODS and not self.access.can_change_record(
            record, self.kind
        ):
            raise exceptions.PermissionDenied(_("You may not change this record."))
        return record

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "partnership": getattr(self, "partnership", None)}

    def check_write(self, record: Any) -> None:
        sides = self.access.writable_sides(self.partnership, self.kind)
        side_id = record_side_id(record, self.kind)
        if sides is not None and (self.kind in SIDE_KINDS or side_id is not None) and side_id not in sides:
            raise exceptions.PermissionDenied(_("You may not record this for that side."))


SIDE_FILTER = ("side__municipality__key", "Municipality key of the side.")
PROJECT_FILTER = ("project__key", "Key of a project.")


class ActorViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = Actor, "actors", s.ActorSerializer
    related = ("side__municipality",)
    filters = {
        "side": SIDE_FILTER,
        "type": ("type", "An actor_type key."),
        "kind": ("kind", "An actor_kind key."),
    }


class ObjectiveViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = Objective, "objectives", s.ObjectiveSerializer
    related = ("side__municipality", "actor", "project")
    filters = {"side": SIDE_FILTER, "type": ("type", "An objective_type key."), "project": PROJECT_FILTER}


class ProjectViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = Project, "projects", s.ProjectSerializer
    related = ("support_programme",)
    filters = {
        "type": ("types__has", "A project_type key among the project's types."),
        "support_programme": ("support_programme__key", "Key of a support programme."),
    }


class ExchangeViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = Exchange, "exchanges", s.ExchangeSerializer
    related = ("project", "host__municipality")
    filters = {
        "project": PROJECT_FILTER,
        "method": ("method", "An exchange_method key."),
        "host": ("host__municipality__key", "Municipality key of the side where it took place."),
        "side": ("participations__side__municipality__key", "Municipality key of a side that took part."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "participations__side__municipality",
                "participations__actor",
                "knowledge_flows__from_side__municipality",
                "knowledge_flows__to_side__municipality",
            )
        )


class LearningOutcomeViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = LearningOutcome, "learning", s.LearningOutcomeSerializer
    related = ("side__municipality", "actor", "learned_from__municipality", "project", "exchange")
    filters = {
        "side": SIDE_FILTER,
        "learned_from": ("learned_from__municipality__key", "Municipality key of the side learned from."),
        "form": ("form", "A learning_form key."),
        "project": PROJECT_FILTER,
        "exchange": ("exchange__key", "Key of an exchange."),
    }


class ResourceViewSet(PartnershipRecordViewSet):
    model, kind, serializer_class = ResourceContribution, "resources", s.ResourceSerializer
    related = ("side__municipality", "actor", "project", "programme")
    filters = {"side": SIDE_FILTER, "kind": ("kind", "A resource_kind key."), "project": PROJECT_FILTER}


documented(MunicipalityViewSet)
documented(SupportProgrammeViewSet)
documented(PartnershipViewSet)
documented(ActorViewSet, path=[PARTNERSHIP_PARAMETER])
documented(ObjectiveViewSet, path=[PARTNERSHIP_PARAMETER])
documented(ProjectViewSet, path=[PARTNERSHIP_PARAMETER])
documented(ExchangeViewSet, path=[PARTNERSHIP_PARAMETER])
documented(LearningOutcomeViewSet, path=[PARTNERSHIP_PARAMETER])
documented(ResourceViewSet, path=[PARTNERSHIP_PARAMETER])
