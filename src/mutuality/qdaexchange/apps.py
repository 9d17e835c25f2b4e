from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QdaExchangeConfig(AppConfig):
    name = "mutuality.qdaexchange"
    label = "qdaexchange"
    verbose_name = _("REFI-QDA exchange")
    default_auto_field = "django.db.models.BigAutoField"
