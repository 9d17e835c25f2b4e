"""``/api/v1/``: every URL name starts with ``api-``; see docs/api.md."""

from __future__ import annotations

from django.urls import URLPattern, path

# The views are named, not imported: they are imported when the API is first asked for, so a
# process serving pages never loads Django REST framework and drf-spectacular (mutuality.api.lazy).
from mutuality.api.lazy import LazyView

WRITE = {"get": "list", "post": "create"}
ONE = {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
#: Records changed but not deleted here (sources, codes: the web deletes neither).
KEPT = {"get": "retrieve", "put": "update", "patch": "partial_update"}


def routes(
    prefix: str, name: str, viewset: str, detail: str = "<str:key>", one: dict[str, str] = ONE
) -> list[URLPattern]:
    """The list and detail routes of ``viewset``, named by its module and class under mutuality.api
    (``views.PartnershipViewSet``)."""
    if not isinstance(viewset, str):  # an imported class would load DRF with every page
        raise TypeError(f"name the viewset of {prefix!r} as 'module.Class' under mutuality.api")
    dotted = f"mutuality.api.{viewset}"
    return [
        path(f"{prefix}/", LazyView(dotted, WRITE), name=f"api-{name}-list"),
        path(f"{prefix}/{detail}/", LazyView(dotted, one), name=f"api-{name}-detail"),
    ]


RECORDS = "partnerships/<str:partnership>"

urlpatterns = [
    *routes("municipalities", "municipality", "views.MunicipalityViewSet"),
    *routes("support-programmes", "programme", "views.SupportProgrammeViewSet"),
    *routes("partnerships", "partnership", "views.PartnershipViewSet"),
    *routes(f"{RECORDS}/actors", "actor", "views.ActorViewSet"),
    *routes(f"{RECORDS}/objectives", "objective", "views.ObjectiveViewSet"),
    *routes(f"{RECORDS}/projects", "project", "views.ProjectViewSet"),
    *routes(f"{RECORDS}/exchanges", "exchange", "views.ExchangeViewSet"),
    *routes(f"{RECORDS}/learning-outcomes", "learning-outcome", "views.LearningOutcomeViewSet"),
    *routes(f"{RECORDS}/resources", "resource", "views.ResourceViewSet"),
    *routes("sources", "source", "views_evidence.SourceViewSet", one=KEPT),
    *routes("codes", "code", "views_evidence.CodeViewSet", detail="<id:pk>", one=KEPT),
    *routes("codings", "coding", "views_evidence.CodingViewSet", detail="<id:pk>"),
    path(
        f"{RECORDS}/self-assessment/",
        LazyView("mutuality.api.views_selfassessment.SelfAssessmentView"),
        name="api-self-assessment",
    ),
    # (importing mutuality.api.schema registers the token scheme with drf-spectacular too)
    path("schema/", LazyView("mutuality.api.schema.CachedSchemaView"), name="api-schema"),
    path(
        "docs/",
        LazyView("drf_spectacular.views.SpectacularSwaggerSplitView", url_name="api-schema"),
        name="api-docs",
    ),
]
