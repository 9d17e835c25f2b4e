from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "mutuality.assistant"
    label = "assistant"
    verbose_name = _("Coding assistant")

    def ready(self) -> None:
        from mutuality.assistant.retraining import connect

        connect()
