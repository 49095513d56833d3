from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: the periodic schedule (run_schedule) and the admin's report of recent
    jobs. The jobs themselves live beside their domain (catalogue/tasks.py, search/tasks.py);
    the queue and its worker are django-tasks-db's."""

    name = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"
