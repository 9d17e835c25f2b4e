"""The coding assistant's pages and fragments on a source (issue 18)."""

from __future__ import annotations

from django.urls import URLPattern, path

from mutuality.web.evidence import views_suggestions

urlpatterns: list[URLPattern] = [
    path("sources/<slug:key>/suggestions/", views_suggestions.suggestions_view, name="source-suggestions"),
    path(
        "sources/<slug:key>/suggestions/accept/",
        views_suggestions.suggestion_accept,
        name="suggestion-accept",
    ),
    path(
        "sources/<slug:key>/suggestions/reject/",
        views_suggestions.suggestion_reject,
        name="suggestion-reject",
    ),
    path("sources/<slug:key>/suggestions/edit/", views_suggestions.suggestion_edit, name="suggestion-edit"),
]
