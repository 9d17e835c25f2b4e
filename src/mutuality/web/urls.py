from django.contrib.auth import views as auth_views
from django.urls import path

from mutuality.web.lazy import LazyPages

views = LazyPages("mutuality.web.views")
views_imports = LazyPages("mutuality.web.views_imports")
views_spreadsheets = LazyPages("mutuality.web.views_spreadsheets")

urlpatterns = [
    path("", views.home, name="home"),
    path("framework/", views.framework, name="framework"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/new/", views.partnership_edit, name="partnership-new"),
    path("partnerships/<slug:key>/", views.partnership_detail, name="partnership"),
    path("partnerships/<slug:key>/edit/", views.partnership_edit, name="partnership-edit"),
    path("partnerships/<slug:key>/sides/<slug:side>/first/", views.side_first, name="side-first"),
    path("partnerships/<slug:key>/<slug:kind>/new/", views.record_edit, name="record-new"),
    path("partnerships/<slug:key>/<slug:kind>/<slug:record>/edit/", views.record_edit, name="record-edit"),
    path(
        "partnerships/<slug:key>/<slug:kind>/<slug:record>/delete/", views.record_delete, name="record-delete"
    ),
    path("municipalities/", views.municipality_list, name="municipalities"),
    path("municipalities/new/", views.municipality_edit, name="municipality-new"),
    path("municipalities/<slug:key>/edit/", views.municipality_edit, name="municipality-edit"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_edit, name="programme-new"),
    path("programmes/<slug:key>/edit/", views.programme_edit, name="programme-edit"),
    path("spreadsheets/", views_spreadsheets.spreadsheets_page, name="spreadsheets"),
    path(
        "spreadsheets/template.<slug:fmt>", views_spreadsheets.template_download, name="spreadsheet-template"
    ),
    path(
        "spreadsheets/template/<slug:table>.csv",
        views_spreadsheets.template_csv,
        name="spreadsheet-template-csv",
    ),
    path("spreadsheets/export.<slug:fmt>", views_spreadsheets.export_download, name="spreadsheet-export"),
    path(
        "spreadsheets/export/<slug:table>.csv", views_spreadsheets.export_csv, name="spreadsheet-export-csv"
    ),
    path("spreadsheets/import/", views_spreadsheets.import_view, name="spreadsheet-import"),
    # Files imported in the background (REFI-QDA projects, spreadsheets): the job's page and its state.
    path("imports/<uuid:job_id>/", views_imports.import_job, name="import-job"),
    path("imports/<uuid:job_id>/status/", views_imports.import_job_status, name="import-job-status"),
]
