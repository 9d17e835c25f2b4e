"""A round's downloads: its answers and its scores (``views_exports``)."""

from django.urls import path

from mutuality.web.lazy import LazyPages

views_exports = LazyPages("mutuality.web.selfassessment.views_exports")

urlpatterns = [
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/answers.<str:fmt>",
        views_exports.answers,
        name="assessment-answers",
    ),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/scores.csv",
        views_exports.scores,
        name="assessment-scores",
    ),
]
