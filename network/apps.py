from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The BG-RO E-GoverNet network: member organisations and their cooperation agreements."""

    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"
