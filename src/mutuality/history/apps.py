from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "mutuality.history"
    label = "history"
    verbose_name = _("History")

    def ready(self) -> None:
        from mutuality.history import recorder

        recorder.connect()
