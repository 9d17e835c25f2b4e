"""The self-assessment across a programme (``views_programme``)."""

from django.urls import path

from mutuality.web.lazy import LazyPages

views_programme = LazyPages("mutuality.web.selfassessment.views_programme")

urlpatterns = [
    path("self-assessment/programme/", views_programme.programme, name="assessment-programme"),
]
