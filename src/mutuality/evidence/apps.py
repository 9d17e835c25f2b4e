from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "mutuality.evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from mutuality.evidence.codebook import sync_framework_codes_after_migrate
        from mutuality.evidence.models import Coding, SourceVersion, fill_folded

        post_migrate.connect(sync_framework_codes_after_migrate, sender=self)
        for model in (SourceVersion, Coding):
            pre_save.connect(fill_folded, sender=model, dispatch_uid=f"fold-{model._meta.model_name}")
