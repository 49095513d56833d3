from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BgroConfig(AppConfig):
    """The shared app: base page, shared blocks, image model, site-wide templates."""

    name = "bgro"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the system check that the fenced private APIs match the checked releases.
        from wagtail.signals import page_published

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            framework_internals,  # noqa: F401
        )
        from .renditions import on_page_published

        # A published page's images get their renditions in a background job (bgro.renditions).
        page_published.connect(on_page_published, dispatch_uid="bgro-page-renditions")
