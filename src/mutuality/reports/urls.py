from django.urls import path

from mutuality.reports import views

urlpatterns = [
    path("partnerships/<slug:key>/report/", views.partnership_report, name="partnership-report"),
    path(
        "partnerships/<slug:key>/self-assessment/<id:round>/report/",
        views.assessment_report,
        name="assessment-report",
    ),
    path("reports/programme/", views.programme_report, name="programme-report"),
    path("reports/made/<uuid:job_id>/", views.report_job, name="report-job"),
    path("reports/made/<uuid:job_id>/status/", views.report_job_status, name="report-job-status"),
    path("reports/made/<uuid:job_id>/file/", views.report_job_file, name="report-job-file"),
]
