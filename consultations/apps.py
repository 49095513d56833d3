from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Public consultations on institutions' drafts, their comments and outcome reports (issue 14)."""

    name = "consultations"
    verbose_name = _("Public consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # "New consultations" among the e-mail alerts' topics (the alerts app's registry).
        from . import alert_topics

        alert_topics.register_all()
