from django.urls import path

from mutuality.web.lazy import LazyPages

views = LazyPages("mutuality.web.refi_qda.views")

urlpatterns = [
    path("refi-qda/", views.import_view, name="qda-import"),
    path("refi-qda/imports/<id:pk>/", views.report_view, name="qda-import-report"),
    path("refi-qda/export.qdpx", views.export_qdpx_view, name="qda-export-qdpx"),
    path("refi-qda/codebook.qdc", views.export_qdc_view, name="qda-export-qdc"),
]
