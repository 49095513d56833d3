from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail alerts: subscriptions with double opt-in, the topic registry, sending in batches."""

    name = "alerts"
    verbose_name = _("E-mail alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import catalogue_topics, signals

        catalogue_topics.register_all()
        signals.connect()
