from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site: liveness and readiness endpoints, one log line per request and per job."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import job_log

        job_log.connect()
