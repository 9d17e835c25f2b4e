from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "mutuality.api"
    label = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"
    # The token scheme is registered with drf-spectacular where the schema is served
    # (mutuality.api.urls), not here: the command line sets Django up without needing it.
