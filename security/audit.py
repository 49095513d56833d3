"""The sign-in audit log: one line per successful sign-in, failure, lockout and sign-out.

Axes keeps the records an operator can query (AccessAttempt, AccessFailureLog, AccessLog in the
admin's Django models and `axes_list_attempts`); these lines go to the logger ``security.login``
for the log collector. They name the account and the address, never the password or any other
submitted field.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .client_address import client_address

logger = logging.getLogger("security.login")


def _address(request):
    return client_address(request) if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="security.audit.signed_in")
def signed_in(sender, request, user, **kwargs):
    logger.info("sign-in succeeded: account=%r address=%s", user.get_username(), _address(request))


@receiver(user_login_failed, dispatch_uid="security.audit.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in ``credentials``; only the account name is kept.
    logger.warning("sign-in failed: account=%r address=%s", credentials.get("username"), _address(request))


@receiver(user_locked_out, dispatch_uid="security.audit.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning("sign-in locked out: account=%r address=%s", username, ip_address)


@receiver(user_logged_out, dispatch_uid="security.audit.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        logger.info("signed out: account=%r address=%s", user.get_username(), _address(request))
