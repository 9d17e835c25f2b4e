"""The self-assessment across a programme (``views_programme``)."""

from django.urls import path

from mutuality.web.selfassessment import views_programme

urlpatterns = [
    path("self-assessment/programme/", views_programme.programme, name="assessment-programme"),
]
