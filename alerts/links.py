"""Signed links in the alert messages (django.core.signing): no account, no password.

A token carries the subscriber's id and key, signed with SECRET_KEY under a salt per purpose;
the confirmation link expires with the unconfirmed subscription, the manage and unsubscribe links
last as long as the subscriber. Tokens travel in the query string (``?t=``), which the request
log leaves out.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Subscriber

CONFIRM, MANAGE = "alerts.confirm", "alerts.manage"


def make_token(subscriber, purpose):
    return signing.dumps([subscriber.pk, subscriber.key], salt=purpose, compress=True)


def subscriber_for(token, purpose):
    """The subscriber a token names, or None (forged, expired, or the subscriber is gone)."""
    max_age = settings.ALERTS_UNCONFIRMED_DAYS * 86400 if purpose == CONFIRM else None
    try:
        pk, key = signing.loads(token or "", salt=purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, key=key).first() if isinstance(pk, int) else None


def absolute_url(view_name, subscriber, purpose):
    with translation.override(subscriber.language):
        path = reverse(view_name)
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}?t={make_token(subscriber, purpose)}"


def confirm_url(subscriber):
    return absolute_url("alerts:confirm", subscriber, CONFIRM)


def manage_url(subscriber):
    return absolute_url("alerts:manage", subscriber, MANAGE)


def unsubscribe_url(subscriber):
    return absolute_url("alerts:unsubscribe", subscriber, MANAGE)
