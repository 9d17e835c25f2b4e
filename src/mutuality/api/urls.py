"""``/api/v1/``: every URL name starts with ``api-``; see docs/api.md."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from mutuality.api import views, views_evidence, views_selfassessment
from mutuality.api.schema import CachedSchemaView  # (importing it registers the token scheme too)

WRITE = {"get": "list", "post": "create"}
ONE = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
#: Records changed but not deleted here (sources, codes: the web deletes neither).
KEPT = {"get": "retrieve", "put": "update", "patch": "partial_update"}


def routes(
    prefix: str, name: str, viewset: Any, detail: str = "<str:key>", one: dict[str, str] = ONE
) -> list[URLPattern]:
    return [
        path(f"{prefix}/", viewset.as_view(WRITE), name=f"api-{name}-list"),
        path(f"{prefix}/{detail}/", viewset.as_view(one), name=f"api-{name}-detail"),
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
    *routes("sources", "source", views_evidence.SourceViewSet, one=KEPT),
    *routes("codes", "code", views_evidence.CodeViewSet, detail="<id:pk>", one=KEPT),
    *routes("codings", "coding", views_evidence.CodingViewSet, detail="<id:pk>"),
    path(
        f"{RECORDS}/self-assessment/",
        views_selfassessment.SelfAssessmentView.as_view(),
        name="api-self-assessment",
    ),
    path("schema/", CachedSchemaView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
