from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Anonymous pages from the shared cache, purged when what they show changes (issue 17)."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import signals

        signals.connect()
