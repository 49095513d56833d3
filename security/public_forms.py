"""Abuse protection for the public forms (feedback, subscriptions, consultation comments, ...).

Two measures and nothing that talks to another origin (no third-party captcha):
- a honeypot field that people never see or reach by keyboard, and robots fill in;
- a per-address rate limit by django-ratelimit on the shared cache (Redis in production), keyed
  by the same client address the sign-in lockout uses (security.client_address).

A view calls ``refuse_if_abusive(request, form, scope, rate)`` before it writes anything; it
returns a 4xx response with a reason in the visitor's language, or None when the request may go on.
"""

from django import forms
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from security.client_address import client_address

HONEYPOT_FIELD = "website"


class HoneypotInput(forms.TextInput):
    """Hidden from sight, from the accessibility tree and from the tab order."""

    def __init__(self):
        super().__init__(
            attrs={"autocomplete": "off", "tabindex": "-1", "aria-hidden": "true", "class": "honeypot"}
        )


class PublicFormProtection(forms.Form):
    """Mix into a public form: adds the honeypot field (which must stay empty)."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotInput(), max_length=200
    )

    def filled_by_robot(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def _address_key(group, request):
    return client_address(request) or "unknown"


def rate_limited(request, scope, rate):
    """True when this address went over ``rate`` ("5/m", "20/h") for ``scope``; counts this request."""
    return is_ratelimited(request, group=f"public-form:{scope}", key=_address_key, rate=rate, increment=True)


def refusal(request, status, message):
    return HttpResponse(
        render_to_string("security/refusal.html", {"message": message, "status": status}, request=request),
        status=status,
    )


def refuse_if_abusive(request, form, scope, rate):
    """A 429 over the rate limit, a 400 when the honeypot is filled; None when the request may go on."""
    if rate_limited(request, scope, rate):
        return refusal(request, 429, gettext("Too many submissions from your address. Please try again later."))
    if isinstance(form, PublicFormProtection) and form.filled_by_robot():
        return refusal(request, 400, gettext("The form could not be accepted. Please leave the hidden field empty."))
    return None


# Templates wrap the field in <div class="honeypot-field" aria-hidden="true"> (site.css moves it
# off screen): render it with {% include "security/honeypot.html" with field=form.website %}.
