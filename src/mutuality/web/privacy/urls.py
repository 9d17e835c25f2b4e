from django.urls import path

from mutuality.web.lazy import LazyPages

views = LazyPages("mutuality.web.privacy.views")

urlpatterns = [
    path("respondents/<slug:key>/consent/", views.consent_edit, name="respondent-consent"),
    path("sources/<slug:key>/names-to-hide/", views.names_edit, name="source-names"),
    path("codings.csv", views.codings_csv, name="codings-csv"),
]
