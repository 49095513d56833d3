from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Login protection (django-axes), two-factor sign-in (wagtail-2fa), security headers and
    security.txt: the protections of README "Security", configured in one place."""

    name = "security"
    verbose_name = _("Security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit  # noqa: F401 (connects the sign-in audit log to the auth signals)
