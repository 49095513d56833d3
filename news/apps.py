from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Dated publications: institutions' news and the cross-border programme's deliverables."""

    name = "news"
    verbose_name = _("News and publications")
    default_auto_field = "django.db.models.BigAutoField"
