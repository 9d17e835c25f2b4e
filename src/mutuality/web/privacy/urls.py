from django.urls import path

from mutuality.web.privacy import views

urlpatterns = [
    path("respondents/<slug:key>/consent/", views.consent_edit, name="respondent-consent"),
    path("sources/<slug:key>/names-to-hide/", views.names_edit, name="source-names"),
    path("codings.csv", views.codings_csv, name="codings-csv"),
]
