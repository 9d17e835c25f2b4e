"""The atlas's pages: ``/atlas/`` (a scope chosen by its query), a city, a municipality's candidates."""

from django.urls import path

from mutuality.web.lazy import LazyPages

views = LazyPages("mutuality.web.atlas.views")

urlpatterns = [
    path("atlas/", views.atlas, name="atlas"),
    path("atlas/cities/<id:pk>/", views.city, name="atlas-city"),
    path("atlas/discover/<slug:municipality>/", views.discover, name="atlas-discover"),
]
