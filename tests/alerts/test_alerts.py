"""E-mail alerts: subscribing with double opt-in, the signed links, what a publication sends
and when, one-click unsubscribe (RFC 8058), the purge — delivered through a real SMTP server
(aiosmtpd, tests.bgro.test_mail) and the immediate task backend."""

import io
import re
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from alerts import links, topics
from alerts.models import Frequency, PendingAlert, Subscriber, Subscription
from alerts.tasks import due_subscriber_ids, send_due_alerts
from tests.bgro.test_mail import smtp_server  # noqa: F401 (a fixture: aiosmtpd on a free port)
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]  # rate limits count in the cache


@pytest.fixture
def catalogue(home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    institutions = InstitutionIndexPageFactory(parent=home_page)
    ruse = InstitutionPageFactory(parent=institutions, title="Община Русе", catalogue_id="ruse-municipality", region="Ruse")
    giurgiu = InstitutionPageFactory(
        parent=institutions, title="Primăria Giurgiu", catalogue_id="giurgiu-municipality", country="RO", region="Giurgiu"
    )
    service = ServicePageFactory(
        parent=ServiceIndexPageFactory(parent=home_page), title="Удостоверение за данъци", catalogue_id="tax-cert", institution=ruse
    )
    news_index = NewsIndexPageFactory(parent=home_page)
    return {"ruse": ruse, "giurgiu": giurgiu, "service": service, "news_index": news_index}


def subscriber(email="ana@example.org", frequency=Frequency.IMMEDIATE, confirmed=True, language="bg", topics=()):
    person = Subscriber.objects.create(
        email=email, frequency=frequency, language=language, confirmed_at=timezone.now() if confirmed else None
    )
    Subscription.objects.bulk_create([Subscription(subscriber=person, kind=k, value=v) for k, v in topics])
    return person


def publish_news(catalogue, title, *related):
    news = NewsPageFactory(
        parent=catalogue["news_index"], title=title, related_pages=[("institution", page) for page in related]
    )
    news.save_revision().publish()
    return news


def link_in(message, segment):
    match = re.search(r"http://testserver(/\w\w/alerts/" + segment + r"/\?t=\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_subscribe_confirm_and_receive_an_alert_with_one_click_unsubscribe(
    client, catalogue, smtp_server, django_capture_on_commit_callbacks, locales  # noqa: F811
):
    form = client.get("/ro/alerts/?topic=service-changes:tax-cert").content.decode()
    assert "Primăria Giurgiu" in form and "Община Русе" in form  # institutions, in the tree's titles
    assert 'value="Giurgiu"' in form  # a region with an institution on the site
    # The service's own link preselects its changes, though services are not listed.
    assert re.search(r'<input type="checkbox" name="topic_service-changes" value="tax-cert"[^>]* checked>', form)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ro/alerts/",
            {"email": "Ana@Example.org", "frequency": "immediate", "topic_institution-news": ["ruse-municipality"]},
        )
    assert response.status_code == 303 and response["Location"] == "/ro/alerts/check-your-mailbox/"
    person = Subscriber.objects.get()
    assert person.language == "ro" and person.confirmed_at is None
    assert list(person.subscriptions.values_list("kind", "value")) == [("institution-news", "ruse-municipality")]

    # Unconfirmed: a publication sends nothing.
    [confirmation] = smtp_server.messages()
    assert confirmation["To"].lower() == "ana@example.org" and "List-Unsubscribe" not in confirmation
    publish_news(catalogue, "Ден на отворените врати", catalogue["ruse"])
    assert not PendingAlert.objects.exists() and len(smtp_server.messages()) == 1

    confirm_link = link_in(confirmation, "confirm")
    page = client.get(confirm_link)
    assert page.status_code == 200 and Subscriber.objects.get().confirmed_at is None  # a scanner confirms nothing
    confirmed = client.post("/en/alerts/confirm/", {"t": urlsplit(confirm_link).query.removeprefix("t=")})
    assert confirmed.status_code == 303 and "/alerts/manage/?t=" in confirmed["Location"]
    assert Subscriber.objects.get().confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        news = publish_news(catalogue, "Нов час за прием", catalogue["ruse"])
        publish_news(catalogue, "Новина от Гюргево", catalogue["giurgiu"])  # another topic: nothing
    [_, alert] = smtp_server.messages()
    # In the subscriber's tree (the Romanian alias, with its untranslated notice).
    romanian_url = news.get_translation(locales["ro"]).get_full_url()
    assert "/ro/" in romanian_url and romanian_url in alert.get_content() and news.title in alert.get_content()
    assert "Община Русе" in alert.get_content()
    unsubscribe_url = alert["List-Unsubscribe"].strip(" <>")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url.startswith("http://testserver/ro/alerts/unsubscribe/?t=")
    assert link_in(alert, "manage")
    assert not PendingAlert.objects.exists()  # sent, so forgotten

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to that URL, without a cookie.
    gone = client.post(unsubscribe_url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"})
    assert gone.status_code == 200
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    again = client.post(unsubscribe_url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200


def test_daily_subscribers_get_one_digest_a_day_and_regions_follow_their_institutions(
    catalogue, smtp_server, django_capture_on_commit_callbacks  # noqa: F811
):
    person = subscriber(frequency=Frequency.DAILY, topics=[("region-news", "Giurgiu"), ("institution-news", "ruse-municipality")])
    with django_capture_on_commit_callbacks(execute=True):
        publish_news(catalogue, "Първа новина", catalogue["ruse"])
        publish_news(catalogue, "Втора новина", catalogue["giurgiu"])
    assert smtp_server.messages() == []  # daily: nothing at once
    assert PendingAlert.objects.filter(subscriber=person).count() == 2

    assert send_due_alerts.call() == {"subscribers": 1, "jobs": 1}
    [digest] = smtp_server.messages()
    assert "Първа новина" in digest.get_content() and "Втора новина" in digest.get_content()
    assert "2" in digest["Subject"]

    publish_news(catalogue, "Трета новина", catalogue["ruse"])
    assert due_subscriber_ids() == []  # the next digest in a day
    assert due_subscriber_ids(now=timezone.now() + timedelta(hours=23, minutes=45)) == [person.pk]


def test_a_service_change_alerts_and_its_first_publication_does_not(catalogue, smtp_server):  # noqa: F811
    service = catalogue["service"]
    subscriber(topics=[("service-changes", "tax-cert")])
    fresh = ServicePageFactory(parent=service.get_parent(), catalogue_id="fresh", institution=catalogue["ruse"])
    subscriber(email="bo@example.org", topics=[("service-changes", "fresh")])
    fresh.save_revision().publish()
    assert not PendingAlert.objects.filter(value="fresh").exists()

    service.save_revision().publish()  # its first publication
    assert not PendingAlert.objects.exists()
    for fee in (7, 8):  # two changes before sending: one line
        service = type(service).objects.get(pk=service.pk)  # as an editor's request loads it
        service.fee_amount = fee
        service.save_revision().publish()
    assert PendingAlert.objects.filter(value="tax-cert").count() == 1


def test_confirming_again_merges_into_the_earlier_subscription(client, catalogue):
    earlier = subscriber(topics=[("institution-news", "ruse-municipality")])
    later = subscriber(email="ANA@example.org", confirmed=False, language="ro", frequency=Frequency.WEEKLY,
                       topics=[("region-news", "Giurgiu")])
    response = client.post("/en/alerts/confirm/", {"t": links.make_token(later, links.CONFIRM)})
    assert response.status_code == 303
    [kept] = Subscriber.objects.all()
    assert kept.pk == earlier.pk and (kept.language, kept.frequency) == ("ro", Frequency.WEEKLY)
    assert sorted(kept.subscriptions.values_list("value", flat=True)) == ["Giurgiu", "ruse-municipality"]


def test_manage_changes_topics_and_frequency_and_deletes_in_one_click(client, catalogue):
    person = subscriber(topics=[("institution-news", "ruse-municipality")])
    token = links.make_token(person, links.MANAGE)
    page = client.get("/en/alerts/manage/", {"t": token}).content.decode()
    assert "Община Русе" in page and "Delete my subscription" in page

    saved = client.post(
        "/en/alerts/manage/", {"t": token, "action": "save", "frequency": "weekly", "topic_region-news": ["Ruse"]}
    )
    assert saved.status_code == 303
    person.refresh_from_db()
    assert person.frequency == "weekly"
    assert list(person.subscriptions.values_list("kind", "value")) == [("region-news", "Ruse")]
    nothing = client.post("/en/alerts/manage/", {"t": token, "action": "save", "frequency": "weekly"})
    assert nothing.status_code == 400 and "Choose at least one topic" in nothing.content.decode()

    deleted = client.post("/en/alerts/manage/", {"t": token, "action": "delete"})
    assert deleted.status_code == 200 and not Subscriber.objects.exists()
    assert client.get("/en/alerts/manage/", {"t": token}).status_code == 400  # the link died with it


@pytest.mark.parametrize("view_name", ["alerts:confirm", "alerts:manage", "alerts:unsubscribe"])
def test_forged_or_expired_links_are_refused_in_the_visitors_language(client, catalogue, view_name):
    person = subscriber(confirmed=False)
    forged = signing.dumps([person.pk, "not-the-key"], salt=links.MANAGE)
    wrong_purpose = links.make_token(person, links.CONFIRM if view_name != "alerts:confirm" else links.MANAGE)
    for token in (forged, wrong_purpose, "garbage", ""):
        with translation.override("ro"):
            url = reverse(view_name)
        response = client.get(url, {"t": token})
        assert response.status_code == 400, token
        assert 'lang="ro"' in response.content.decode()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * 86400):
        old_token = links.make_token(person, links.CONFIRM)
    expired = client.post("/en/alerts/confirm/", {"t": old_token})
    assert expired.status_code == 400 and Subscriber.objects.get().confirmed_at is None
    assert client.post("/en/alerts/confirm/", {"t": links.make_token(person, links.CONFIRM)}).status_code == 303


def test_bad_subscriptions_are_refused_and_store_nothing(client, catalogue, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    bad = client.post("/bg/alerts/", {"email": "not an address", "frequency": "daily", "topic_region-news": ["Ruse"]})
    assert bad.status_code == 400
    no_topic = client.post("/bg/alerts/", {"email": "ana@example.org", "frequency": "daily"})
    assert no_topic.status_code == 400
    unknown = client.post("/bg/alerts/", {"email": "ana@example.org", "frequency": "daily", "topic_region-news": ["Atlantis"]})
    assert unknown.status_code == 400
    robot = client.post(
        "/bg/alerts/", {"email": "a@example.org", "frequency": "daily", "topic_region-news": ["Ruse"], "website": "x"}
    )
    assert robot.status_code == 400
    assert not Subscriber.objects.exists()
    assert client.post("/bg/alerts/", {"email": "bad"}).status_code == 400  # the fifth of alerts.views.SUBSCRIBE_RATE
    assert client.post("/bg/alerts/", {"email": "ana@example.org"}).status_code == 429


def test_another_app_registers_its_own_topic_kind(client, catalogue, smtp_server):  # noqa: F811
    kind = topics.TopicKind(
        key="test-everything",
        label="Everything new",  # another app would translate it
        choices=lambda language: [("", "Everything new")],
        topics_for_page=lambda page, first_publication: [""] if first_publication else [],
        value_label=lambda value, language: "Everything new",
    )
    topics.register(kind)
    try:
        assert "Everything new" in client.get("/en/alerts/").content.decode()
        subscriber(topics=[("test-everything", "")], frequency=Frequency.DAILY)
        publish_news(catalogue, "Нещо ново")
        assert PendingAlert.objects.get().kind == "test-everything"
    finally:
        topics._kinds.pop("test-everything")


def test_the_purge_deletes_unconfirmed_subscriptions_past_their_time(catalogue):
    old = subscriber(confirmed=False, topics=[("region-news", "Ruse")])
    Subscriber.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = subscriber(email="bo@example.org", confirmed=False)
    confirmed = subscriber(email="cy@example.org")
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=80))
    output = io.StringIO()
    call_command("purge_alert_subscriptions", stdout=output)
    assert sorted(Subscriber.objects.values_list("pk", flat=True)) == sorted([recent.pk, confirmed.pk])
    assert not Subscription.objects.exists()
    assert "Deleted 1 " in output.getvalue()


def test_due_messages_are_queued_in_batches(catalogue, settings):
    settings.ALERTS_BATCH_SIZE = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    people = [subscriber(email=f"p{n}@example.org", frequency=Frequency.WEEKLY, topics=[("region-news", "Ruse")]) for n in range(5)]
    publish_news(catalogue, "Новина", catalogue["ruse"])
    assert PendingAlert.objects.count() == 5

    from alerts.tasks import send_alert_batch

    assert send_due_alerts.call() == {"subscribers": 5, "jobs": 3}
    results = send_alert_batch.get_backend().results
    queued = [result.kwargs["subscriber_ids"] for result in results if result.task.name == send_alert_batch.name]
    assert queued == [[people[0].pk, people[1].pk], [people[2].pk, people[3].pk], [people[4].pk]]


def test_the_privacy_notice_says_what_feedback_and_alerts_keep(client, home_page, settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 3
    html = client.get("/ro/privacy/").content.decode()
    assert "Alerte prin e-mail" in html and "după 3 zile" in html
    assert "V-a fost utilă această pagină?" in html and "730 de zile" in html


def test_a_failed_delivery_is_retried_and_logs_no_address(catalogue, settings, caplog):
    from bgro.settings.email import as_email_url
    from tests.bgro.test_mail import free_port

    for name, value in as_email_url(f"smtp://127.0.0.1:{free_port()}").items():  # nothing listens there
        setattr(settings, name, value)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    person = subscriber(email="secret.person@example.org", topics=[("institution-news", "ruse-municipality")])
    publish_news(catalogue, "Новина", catalogue["ruse"])

    from alerts.tasks import send_alert_batch
    from bgro.mail import send_email

    with caplog.at_level("INFO"):
        assert send_alert_batch.call(subscriber_ids=[person.pk]) == {"subscribers": 1, "messages": 1}
    [retry] = [result for result in send_email.get_backend().results if result.task.name == send_email.name]
    assert retry.kwargs["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # kept for the retry
    assert "not sent" in caplog.text
    assert "secret.person" not in caplog.text
