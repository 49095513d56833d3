from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    """Backup and restore of the whole site: database and media in one archive."""

    name = "backup"
    verbose_name = _("Backup and restore")
