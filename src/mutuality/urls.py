from django.contrib import admin
from django.urls import include, path, register_converter

from mutuality.accounts.language import set_language
from mutuality.ids import IdConverter

# <id:pk>: a record id, never larger than the database's integers (mutuality.ids).
register_converter(IdConverter, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("mutuality.api.urls")),
    path("", include("mutuality.web.evidence.urls")),
    path("", include("mutuality.web.selfassessment.urls")),
    path("", include("mutuality.web.selfassessment.urls_exports")),
    path("", include("mutuality.web.selfassessment.urls_programme")),
    path("", include("mutuality.reports.urls")),
    path("", include("mutuality.web.refi_qda.urls")),
    path("", include("mutuality.web.history.urls")),
    path("", include("mutuality.web.privacy.urls")),
    path("", include("mutuality.web.atlas.urls")),
    path("", include("mutuality.accounts.urls")),  # before web: its login page is the one served
    path("", include("mutuality.web.urls")),
]
