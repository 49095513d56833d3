"""Alert subscribers: an e-mail address, a language, a frequency and topics; nothing else.

A subscriber is one request to subscribe. Until its address is confirmed (the link in the first
message) it receives nothing, and after ALERTS_UNCONFIRMED_DAYS it is deleted. Confirming merges
it into an earlier confirmed subscriber of the same address, so knowing someone's address never
lets anyone change their subscriptions. ``key`` is part of every signed link (manage, unsubscribe):
deleting the subscriber voids them all.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(16)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as something is published")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last message sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert subscriber")
        verbose_name_plural = _("alert subscribers")

    def __str__(self):
        return f"subscriber {self.pk}"  # never the address: this ends up in logs


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(max_length=40)
    value = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "kind", "value"], name="alerts_one_subscription_per_topic")]
        indexes = [models.Index(fields=["kind", "value"])]


class PendingAlert(models.Model):
    """A published page waiting for the subscriber's next message; deleted once sent. One per
    translation group and topic, so the Bulgarian and Romanian versions make one line."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="pending_alerts")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField()
    kind = models.CharField(max_length=40)
    value = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "translation_key", "kind", "value"], name="alerts_one_pending_alert_per_page"
            )
        ]
