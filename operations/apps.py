from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site: liveness and readiness endpoints, one log line per request and per job."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        import logging

        from django.conf import settings

        from . import job_log

        job_log.connect()
        if getattr(settings, "LOG_FORMAT", "text") == "json":
            # Python's warnings go to the "py.warnings" logger (Django no longer does this), so
            # every line on standard error is one JSON object for the log collector.
            logging.captureWarnings(True)
