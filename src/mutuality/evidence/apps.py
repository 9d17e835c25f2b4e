from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "mutuality.evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from mutuality.evidence.codebook import sync_framework_codes_after_migrate

        post_migrate.connect(sync_framework_codes_after_migrate, sender=self)
