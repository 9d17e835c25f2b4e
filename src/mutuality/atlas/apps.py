from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "mutuality.atlas"
    label = "atlas"
    verbose_name = _("Atlas of twinning networks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A municipality added, renamed or moved to another country is matched to its city again.
        from django.db.models.signals import post_save

        from mutuality.atlas.matching import municipality_saved
        from mutuality.partnerships.models import Municipality

        post_save.connect(municipality_saved, sender=Municipality, dispatch_uid="atlas_municipality_saved")
