"""The public forms' abuse protection: honeypot and per-address rate limit, with a reason."""

import pytest
from django import forms
from django.test import RequestFactory, override_settings
from django.utils import translation

from security.public_forms import PublicFormProtection, refuse_if_abusive

pytestmark = pytest.mark.usefixtures("empty_cache")  # rate limits count in the cache


class ContactForm(PublicFormProtection):
    message = forms.CharField()


def post(address="203.0.113.7", **data):
    return RequestFactory().post("/en/feedback/", data, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_person_passes_and_a_filled_honeypot_is_refused():
    request = post(message="Useful page")
    form = ContactForm(request.POST)
    assert form.is_valid()
    assert refuse_if_abusive(request, form, "test", "5/m") is None

    robot = post(address="203.0.113.8", message="Buy now", website="http://spam.example")
    with translation.override("en"):
        response = refuse_if_abusive(robot, ContactForm(robot.POST), "test", "5/m")
    assert response.status_code == 400
    assert b"hidden field" in response.content


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0)
def test_the_rate_limit_counts_per_address_and_per_form():
    for _ in range(3):
        request = post(message="x")
        assert refuse_if_abusive(request, ContactForm(request.POST), "test", "3/m") is None
    request = post(message="x")
    response = refuse_if_abusive(request, ContactForm(request.POST), "test", "3/m")
    assert response.status_code == 429
    other_address = post(address="198.51.100.1", message="x")
    assert refuse_if_abusive(other_address, ContactForm(other_address.POST), "test", "3/m") is None
    other_form = post(message="x")
    assert refuse_if_abusive(other_form, ContactForm(other_form.POST), "other", "3/m") is None


def test_the_honeypot_is_out_of_the_tab_order_and_the_accessibility_tree():
    html = str(ContactForm()["website"])
    assert 'tabindex="-1"' in html and 'aria-hidden="true"' in html and 'autocomplete="off"' in html
