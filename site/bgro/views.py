"""Site-wide pages that are not Wagtail pages."""

from django.conf import settings
from django.template.response import TemplateResponse


def privacy_notice(request):
    """The privacy notice, in the visitor's language, from the translation catalogues.

    A template rather than an editable page: the notice must exist in all three languages on a
    fresh site (before anyone has created or translated a page), cannot be deleted or left
    half-translated by an edit, and its translations are reviewed with the interface's (locale/).
    What is operator-specific (contact address, retention periods) comes from the settings.
    """
    context = {
        "privacy_contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "log_retention_days": settings.PRIVACY_LOG_RETENTION_DAYS,
        # Failed sign-ins (address, user name) kept for login protection: the security app's
        # setting, which its purge_login_records command applies.
        "login_record_retention_days": getattr(settings, "LOGIN_RECORDS_RETENTION_DAYS", 30),
    }
    return TemplateResponse(request, "bgro/privacy_notice.html", context)
