"""A published page becomes a pending alert for every confirmed subscriber of a topic it concerns;
subscribers who want each one at once get a sending job after the publish commits."""

from django.db import transaction
from django.db.models import Q
from wagtail.models import Page
from wagtail.signals import page_published

from .models import Frequency, PendingAlert, Subscription
from .topics import topics_for_page


def first_publication(page):
    """The first language version of this page ever published (a news item is new once)."""
    if page.first_published_at is None or page.first_published_at != page.last_published_at:
        return False
    return not (
        Page.objects.filter(translation_key=page.translation_key, first_published_at__lt=page.first_published_at)
        .exclude(pk=page.pk)
        .exists()
    )


def record_alerts(page):
    """Pending alerts for ``page`` (specific, just published); returns the subscriber ids to send
    to at once."""
    topics = topics_for_page(page, first_publication(page))
    if not topics:
        return []
    matching = Q()
    for kind, value in topics:
        matching |= Q(kind=kind, value=value)
    subscriptions = (
        Subscription.objects.filter(matching, subscriber__confirmed_at__isnull=False)
        .values_list("subscriber_id", "kind", "value", "subscriber__frequency")
        .order_by("subscriber_id")
    )
    alerts, immediate = [], set()
    for subscriber_id, kind, value, frequency in subscriptions:
        alerts.append(
            PendingAlert(subscriber_id=subscriber_id, page=page, translation_key=page.translation_key, kind=kind, value=value)
        )
        if frequency == Frequency.IMMEDIATE:
            immediate.add(subscriber_id)
    PendingAlert.objects.bulk_create(alerts, ignore_conflicts=True)  # already waiting: one line is enough
    return sorted(immediate)


def on_page_published(sender, instance, **kwargs):
    if instance.alias_of_id is not None:
        return
    immediate = record_alerts(instance)
    if immediate:
        from .tasks import enqueue_batches

        transaction.on_commit(lambda: enqueue_batches(immediate))


def connect():
    page_published.connect(on_page_published, dispatch_uid="alerts-page-published")
