from django.urls import path

from mutuality.web.lazy import LazyPages

views = LazyPages("mutuality.web.history.views")

urlpatterns = [
    path("history.csv", views.history_csv, name="history-csv"),
    path("history/<str:model>/<id:pk>/", views.record_history, name="record-history"),
]
