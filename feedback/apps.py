from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """“Was this page useful?” under service, institution and news pages, and its admin report."""

    name = "feedback"
    verbose_name = _("Page feedback")
    default_auto_field = "django.db.models.BigAutoField"
