from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "mutuality.selfassessment"
    label = "selfassessment"
    verbose_name = _("self-assessment")
    default_auto_field = "django.db.models.BigAutoField"
