import django_otp
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/enrol/", two_factor.enrol, name="security_two_factor_enrol"),
        path("two-factor/code/", two_factor.verify, name="security_two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Until the user has an authenticator app: once set up, replacing it is an administrator's
    job (``reset_two_factor``), so that a stolen session cannot swap the device."""
    if django_otp.user_has_device(request.user, confirmed=True):
        return None
    return {
        "url": reverse("security_two_factor_enrol"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Set up the authenticator app that gives your sign-in codes."),
    }
