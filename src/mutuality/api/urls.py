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
ATLAS_CITIES = "mutuality.api.views_atlas.CityViewSet"

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
    # The atlas (read-only): the network's figures, cities, links, corridors, candidate partners.
    path("atlas/stats/", LazyView("mutuality.api.views_atlas.AtlasStatsView"), name="api-atlas-stats"),
    path("atlas/cities/", LazyView(ATLAS_CITIES, {"get": "list"}), name="api-atlas-city-list"),
    path("atlas/cities/<id:pk>/", LazyView(ATLAS_CITIES, {"get": "retrieve"}), name="api-atlas-city-detail"),
    path(
        "atlas/links/",
        LazyView("mutuality.api.views_atlas.LinkViewSet", {"get": "list"}),
        name="api-atlas-link-list",
    ),
    path(
        "atlas/corridors/<str:one>-<str:other>/",
        LazyView("mutuality.api.views_atlas.CorridorView"),
        name="api-atlas-corridor",
    ),
    path(
        "atlas/discover/<str:municipality>/",
        LazyView("mutuality.api.views_atlas.DiscoveryView"),
        name="api-atlas-discover",
    ),
    # (importing mutuality.api.schema registers the token scheme with drf-spectacular too)
    path("schema/", LazyView("mutuality.api.schema.CachedSchemaView"), name="api-schema"),
    path(
        "docs/",
        LazyView("drf_spectacular.views.SpectacularSwaggerSplitView", url_name="api-schema"),
        name="api-docs",
    ),
]
