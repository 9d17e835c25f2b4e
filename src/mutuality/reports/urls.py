from django.urls import path

from mutuality.reports import views

urlpatterns = [
    path("partnerships/<slug:key>/report/", views.partnership_report, name="partnership-report"),
    path("reports/programme/", views.programme_report, name="programme-report"),
]
