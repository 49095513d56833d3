"""Two-factor sign-in (TOTP) for the admin: django-otp's devices and checks, with the two small
pages Wagtail 8 lacks, an enrolment page (QR code) and a code page.

wagtail-2fa, which provides such pages, does not load with Wagtail 8 (it imports
``wagtail.users.widgets``, removed), hence these. With REQUIRE_TWO_FACTOR (production default)
everyone who can use the admin enrols at the first sign-in; without it, only those who enrolled
are asked for a code. django-otp's TOTP device slows down repeated wrong codes by itself
(OTP_TOTP_THROTTLE_FACTOR).
"""

import base64
import io
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

# Admin pages a signed-in user reaches before the code: signing in and out, the two TOTP pages
# and what they load.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "security_two_factor_enrol",
    "security_two_factor_verify",
}


def can_use_admin(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class TwoFactorMiddleware:
    """Sends a signed-in admin user who has not yet entered a code to the code page, or, where
    REQUIRE_TWO_FACTOR holds and they have no device yet, to the enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.required_step(request) or self.get_response(request)

    def required_step(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        try:
            if resolve(request.path_info).url_name in OPEN_URL_NAMES:
                return None
        except Resolver404:
            return None
        if not can_use_admin(user):
            return None
        if django_otp.user_has_device(user, confirmed=True):
            step = "security_two_factor_verify"
        elif settings.REQUIRE_TWO_FACTOR:
            step = "security_two_factor_enrol"
        else:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse(step))


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "pattern": "[0-9]*"}
        ),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _step_url(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _grouped(key):
    """The key in groups of four, as authenticator apps show it for typing."""
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def _qr_code_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@never_cache
@sensitive_post_parameters("otp_token")
def enrol(request):
    """Scan the QR code (or type the key), enter the first code: the device is confirmed."""
    if not can_use_admin(request.user):
        return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
    if django_otp.user_has_device(request.user, confirmed=True):
        return redirect(_step_url("security_two_factor_verify", request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=str(_("Authenticator app")), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("otp_token", _("This code is not valid. Check the time on your phone and try the next code."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": _qr_code_svg(device.config_url),
        "key": _grouped(base64.b32encode(device.bin_key).decode()),
    }
    return render(request, "security/two_factor_enrol.html", context, status=400 if form.is_bound else 200)


@never_cache
@sensitive_post_parameters("otp_token")
def verify(request):
    """The code page after the password, for users with a confirmed device."""
    if not can_use_admin(request.user):
        return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
    if not django_otp.user_has_device(request.user, confirmed=True):
        return redirect(_step_url("security_two_factor_enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["otp_token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("otp_token", _("This code is not valid. Check the time on your phone and try the next code."))
    status = 400 if form.is_bound else 200
    return render(request, "security/two_factor_verify.html", {"form": form, "next": _next_url(request)}, status=status)
