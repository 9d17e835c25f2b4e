"""``/api/v1/``: every URL name starts with ``api-``; see docs/api.md."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from mutuality.api import views
from mutuality.api.schema import CachedSchemaView  # (importing it registers the token scheme too)

WRITE = {"get": "list", "post": "create"}
ONE = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
READ = {"get": "list"}
READ_ONE = {"get": "retrieve"}


def routes(
    prefix: str, name: str, viewset: Any, detail: str = "<str:key>", writable: bool = True
) -> list[URLPattern]:
    return [
        path(f"{prefix}/", viewset.as_view(WRITE if writable else READ), name=f"api-{name}-list"),
        path(
            f"{prefix}/{detail}/", viewset.as_view(ONE if writable else READ_ONE), name=f"api-{name}-detail"
        ),
    ]


RECORDS = "partnerships/<str:partnership>"

urlpatterns = [
    *routes("municipalities", "municipality", views.MunicipalityViewSet),
    *routes("support-programmes", "programme", views.SupportProgrammeViewSet),
    *routes("partnerships", "partnership", views.PartnershipViewSet),
    *routes(f"{RECORDS}/actors", "actor", views.ActorViewSet),
    *routes(f"{RECORDS}/objectives", "objective", views.ObjectiveViewSet),
    *routes(f"{RECORDS}/projects", "project", views.ProjectViewSet),
    *routes(f"{RECORDS}/exchanges", "exchange", views.ExchangeViewSet),
    *routes(f"{RECORDS}/learning-outcomes", "learning-outcome", views.LearningOutcomeViewSet),
    *routes(f"{RECORDS}/resources", "resource", views.ResourceViewSet),
    *routes("sources", "source", views.SourceViewSet, writable=False),
    *routes("codes", "code", views.CodeViewSet, detail="<id:pk>", writable=False),
    *routes("codings", "coding", views.CodingViewSet, detail="<id:pk>", writable=False),
    path("schema/", CachedSchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
