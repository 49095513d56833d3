from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page of each language and the demo site builder."""

    name = "home"
    verbose_name = _("Home")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import synchronise_locale_trees

        post_migrate.connect(synchronise_locale_trees, sender=self)
