"""System checks of the site's own settings (``manage.py check``; ``--deploy`` for production)."""

from django.conf import settings
from django.core import checks

# Backends that keep mail on this machine: fine for development, silent loss in production.
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@checks.register("email", deploy=True)
def check_email_is_delivered(app_configs=None, **kwargs):
    """Production must send e-mail somewhere: translators are notified by it."""
    if settings.EMAIL_BACKEND not in UNDELIVERED_EMAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"E-mail is not delivered: EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which only prints or "
            "keeps the messages on this machine, so translators are never notified.",
            hint="Set EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org:587) or ANYMAIL_PROVIDER "
            "with its key; see Settings in README.md.",
            id="bgro.E010",
        )
    ]
