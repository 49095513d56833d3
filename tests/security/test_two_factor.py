"""TOTP for the admin: enrolment at the first sign-in where REQUIRE_TWO_FACTOR holds, the code
at every sign-in after, reset_two_factor; codes computed as an authenticator app would."""

import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple 42"


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)


def sign_in(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    return response


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_first_sign_in_enrols_then_every_sign_in_asks_for_the_code(client, admin_user):
    sign_in(client, admin_user)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith("/admin/two-factor/enrol/")

    page = client.get(response.url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)

    wrong = client.post("/admin/two-factor/enrol/", {"otp_token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    assert client.get("/admin/").status_code == 302  # still not through

    # Right after a wrong code even the right one is refused: django-otp's growing delay.
    assert client.post("/admin/two-factor/enrol/", {"otp_token": code_for(device)}).status_code == 400
    time.sleep(2.1)  # 1 s after the first failure, 2 s after the second (OTP_TOTP_THROTTLE_FACTOR)
    right = client.post("/admin/two-factor/enrol/", {"otp_token": code_for(device), "next": "/admin/pages/"})
    assert right.status_code == 302 and right.url == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    # A new sign-in: the code page, not the enrolment.
    client.logout()
    sign_in(client, admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/two-factor/code/")
    assert client.post("/admin/two-factor/code/", {"otp_token": "12345"}).status_code == 400  # too short
    device.refresh_from_db()
    done = client.post("/admin/two-factor/code/", {"otp_token": code_for(device, offset=1), "next": "https://evil.example/"})
    assert done.status_code == 302 and done.url == "/admin/"  # no redirection off the site
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_TWO_FACTOR=False)
def test_without_the_requirement_only_enrolled_users_are_asked(client, admin_user):
    sign_in(client, admin_user)
    assert client.get("/admin/").status_code == 200
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client.logout()
    sign_in(client, admin_user)
    assert client.get("/admin/").url.startswith("/admin/two-factor/code/")


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_public_pages_and_users_without_admin_access_are_not_concerned(client, db):
    visitor = get_user_model().objects.create_user("visitor", password=PASSWORD)
    client.force_login(visitor)
    assert client.get("/admin/two-factor/enrol/").status_code == 302  # to the sign-in page
    assert not TOTPDevice.objects.filter(user=visitor).exists()
    moderators = Group.objects.create(name="Can use the admin")
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    visitor.groups.add(moderators)
    assert client.get("/admin/").url.startswith("/admin/two-factor/enrol/")


def test_reset_two_factor_removes_the_devices(admin_user):
    TOTPDevice.objects.create(user=admin_user, name="lost phone", confirmed=True)
    output = StringIO()
    call_command("reset_two_factor", "chief", stdout=output)
    assert "Removed 1" in output.getvalue()
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody")
