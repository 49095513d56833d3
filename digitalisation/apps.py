from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalisationConfig(AppConfig):
    """The region's digitalisation map: indicators computed from the catalogue, and their history."""

    name = "digitalisation"
    verbose_name = _("Digitalisation map")
    default_auto_field = "django.db.models.BigAutoField"
