"""The alerts' background jobs: sending in batches, the digests, the purge of unconfirmed
subscriptions (run by the worker; the last two enqueued by the scheduler, jobs.schedule)."""

import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from bgro.mail import EmailNotDelivered

from .messages import send_alert_message
from .models import Frequency, PendingAlert, Subscriber

logger = logging.getLogger(__name__)

# A digest is due a little before a whole day or week has passed, so an hourly scheduler does
# not drift by an hour each time.
DIGEST_PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
DRIFT = timedelta(minutes=30)


def enqueue_batches(subscriber_ids):
    """One sending job per ALERTS_BATCH_SIZE subscribers; returns the task results."""
    size = max(settings.ALERTS_BATCH_SIZE, 1)
    return [
        send_alert_batch.enqueue(subscriber_ids=list(subscriber_ids[start : start + size]))
        for start in range(0, len(subscriber_ids), size)
    ]


@task()
def send_alert_batch(subscriber_ids):
    """One message to each of these subscribers listing what waits for them; returns counts."""
    sent = 0
    for subscriber in Subscriber.objects.filter(pk__in=subscriber_ids, confirmed_at__isnull=False).order_by("pk"):
        with transaction.atomic():
            alerts = list(
                PendingAlert.objects.select_for_update(of=("self",))
                .filter(subscriber=subscriber)
                .select_related("page")
                .order_by("created_at", "pk")
            )
            if not alerts:
                continue  # another job sent them meanwhile
            try:
                send_alert_message(subscriber, alerts)
                sent += 1
            except EmailNotDelivered as error:
                # Refused for good (an address that no longer exists): the next subscriber goes on.
                logger.warning("Alerts to subscriber %d refused: %s", subscriber.pk, type(error).__name__)
            PendingAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).delete()
            Subscriber.objects.filter(pk=subscriber.pk).update(last_sent_at=timezone.now())
    return {"subscribers": len(subscriber_ids), "messages": sent}


def due_subscriber_ids(now=None):
    """Confirmed subscribers with alerts waiting whose next message is due (immediate ones too,
    in case their own job was lost)."""
    now = now or timezone.now()
    due = Q(frequency=Frequency.IMMEDIATE) | Q(last_sent_at__isnull=True)
    for frequency, period in DIGEST_PERIODS.items():
        due |= Q(frequency=frequency, last_sent_at__lte=now - period + DRIFT)
    waiting = PendingAlert.objects.filter(subscriber=OuterRef("pk"))
    return list(
        Subscriber.objects.filter(due, Exists(waiting), confirmed_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    )


@task()
def send_due_alerts():
    """The scheduler's job: the daily and weekly digests that are due, in batches."""
    ids = due_subscriber_ids()
    return {"subscribers": len(ids), "jobs": len(enqueue_batches(ids))}


@task()
def purge_unconfirmed_subscriptions():
    """``purge_alert_subscriptions``: unconfirmed subscriptions past ALERTS_UNCONFIRMED_DAYS."""
    output = io.StringIO()
    call_command("purge_alert_subscriptions", stdout=output)
    return output.getvalue()
