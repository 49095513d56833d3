"""“New public consultations” among the e-mail alerts' topics: of an institution and of a region,
announced once, through the alerts' queue and a real SMTP server (aiosmtpd)."""

import re

import pytest
from django.core.cache import cache

from alerts.models import Frequency, PendingAlert, Subscriber, Subscription
from tests.bgro.test_mail import smtp_server  # noqa: F401 (a fixture: aiosmtpd on a free port)
from tests.consultations.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db


def subscriber(email, frequency, *topics):
    person = Subscriber.objects.create(email=email, frequency=frequency, language="en", confirmed_at="2026-01-01T00:00Z")
    Subscription.objects.bulk_create([Subscription(subscriber=person, kind=kind, value=value) for kind, value in topics])
    return person


def test_a_new_consultation_is_announced_to_its_institutions_and_regions_subscribers_once(
    consultation_index, institutions, smtp_server, django_capture_on_commit_callbacks, settings  # noqa: F811
):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    ruse = institutions["BG"]
    by_institution = subscriber("ana@example.org", Frequency.IMMEDIATE, ("institution-consultations", ruse.catalogue_id))
    by_region = subscriber("bo@example.org", Frequency.DAILY, ("region-consultations", "Ruse"))
    elsewhere = subscriber("cy@example.org", Frequency.IMMEDIATE, ("region-consultations", "Giurgiu"))

    with django_capture_on_commit_callbacks(execute=True):
        consultation = ConsultationPageFactory(parent=consultation_index, institution=ruse, title="Наредба за пристанищата")
        consultation.save_revision().publish()

    [message] = smtp_server.messages()  # the immediate subscriber; the daily one waits for the digest
    assert message["To"] == "ana@example.org"
    body = message.get_content()
    assert "New public consultations of an institution: Община Русе" in body
    assert "Наредба за пристанищата" in body and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert list(PendingAlert.objects.values_list("subscriber_id", "kind", "value")) == [
        (by_region.pk, "region-consultations", "Ruse")
    ]
    assert not PendingAlert.objects.filter(subscriber=elsewhere).exists() and by_institution.pk

    consultation = type(consultation).objects.get(pk=consultation.pk)  # as an editor's request loads it
    consultation.save_revision().publish()  # a later edit is no new consultation
    assert PendingAlert.objects.count() == 1 and len(smtp_server.messages()) == 1


def test_the_form_lists_the_topics_and_a_consultation_offers_its_institution(client, open_consultation, institutions):
    cache.clear()  # the rate limit counts in the cache
    open_consultation.save_revision().publish()
    institutions["BG"].save_revision().publish()
    page = client.get(open_consultation.url).content.decode()
    link = re.search(r'href="(/bg/alerts/\?[^"]+)"', page)
    assert link and "institution-consultations%3A" + institutions["BG"].catalogue_id in link.group(1)

    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert 'name="topic_region-consultations" value="Ruse"' in form
    assert re.search(
        rf'name="topic_institution-consultations" value="{institutions["BG"].catalogue_id}"[^>]* checked', form
    )
