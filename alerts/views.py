"""Subscribing to alerts, confirming, managing and unsubscribing, without an account.

Plain forms that work without JavaScript. No CSRF token: visitors get no cookie on this site.
A subscription takes effect only through the link mailed to the address (double opt-in), and
every other form carries its signed token, which a foreign site cannot know. The subscription
form has the honeypot and the per-address rate limit of security.public_forms.
"""

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from security.public_forms import refusal, refuse_if_abusive

from . import links
from .forms import SubscribeForm, TopicsForm, parse_topic
from .messages import queue_confirmation
from .models import Subscriber, Subscription

SUBSCRIBE_RATE = "5/h"  # subscriptions per address and hour: each sends a message
MANAGE_RATE = "30/h"


def _invalid_link(request):
    return refusal(
        request, 400, gettext("This link is not valid, or it has expired. Nothing was changed. You can subscribe again.")
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    language = get_language()
    extra_topics = [topic for topic in map(parse_topic, request.GET.getlist("topic")[:10]) if topic]
    if request.method == "GET":
        return TemplateResponse(request, "alerts/subscribe.html", {"form": SubscribeForm(language=language, extra_topics=extra_topics)})
    posted = [topic for topic in (parse_topic(f"{name.removeprefix('topic_')}:{value}") for name in request.POST
              if name.startswith("topic_") for value in request.POST.getlist(name)[:50]) if topic]
    form = SubscribeForm(request.POST, language=language, chosen=posted)
    refused = refuse_if_abusive(request, form, "alerts-subscribe", SUBSCRIBE_RATE)
    if refused:
        return refused
    if not form.is_valid():
        return TemplateResponse(request, "alerts/subscribe.html", {"form": form}, status=400)
    with transaction.atomic():
        subscriber = Subscriber.objects.create(
            email=form.cleaned_data["email"], language=language, frequency=form.cleaned_data["frequency"]
        )
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, kind=kind, value=value) for kind, value in form.cleaned_data["topics"]]
        )
        transaction.on_commit(lambda: queue_confirmation(subscriber))
    return HttpResponseRedirect(reverse("alerts:check_mailbox"), status=303)


def check_mailbox(request):
    return TemplateResponse(request, "alerts/check_mailbox.html", {})


def confirm_subscriber(subscriber):
    """Confirm; an earlier confirmed subscriber of the same address takes over the new topics,
    frequency and language (one message per address). Returns the subscriber that remains."""
    with transaction.atomic():
        earlier = (
            Subscriber.objects.select_for_update()
            .filter(email__iexact=subscriber.email, confirmed_at__isnull=False)
            .exclude(pk=subscriber.pk)
            .order_by("pk")
            .first()
        )
        if earlier is None:
            subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
            subscriber.save(update_fields=["confirmed_at"])
            return subscriber
        Subscription.objects.bulk_create(
            [Subscription(subscriber=earlier, kind=s.kind, value=s.value) for s in subscriber.subscriptions.all()],
            ignore_conflicts=True,
        )
        earlier.frequency, earlier.language = subscriber.frequency, subscriber.language
        earlier.save(update_fields=["frequency", "language"])
        subscriber.delete()
        return earlier


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request):
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    subscriber = links.subscriber_for(token, links.CONFIRM)
    if subscriber is None:
        return _invalid_link(request)
    if request.method == "GET":
        # A button rather than confirming on GET: mail scanners open links in messages.
        return TemplateResponse(request, "alerts/confirm.html", {"token": token})
    refused = refuse_if_abusive(request, None, "alerts-confirm", MANAGE_RATE)
    if refused:
        return refused
    subscriber = confirm_subscriber(subscriber)
    return HttpResponseRedirect(f"{reverse('alerts:manage')}?t={links.make_token(subscriber, links.MANAGE)}&confirmed=1", status=303)


def _chosen(subscriber):
    return list(subscriber.subscriptions.values_list("kind", "value"))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def manage(request):
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    subscriber = links.subscriber_for(token, links.MANAGE)
    if subscriber is None:
        return _invalid_link(request)
    language = get_language()
    context = {"token": token, "confirmed": request.GET.get("confirmed") == "1", "saved": request.GET.get("saved") == "1"}
    if request.method == "GET":
        form = TopicsForm(language=language, chosen=_chosen(subscriber), initial={"frequency": subscriber.frequency})
        return TemplateResponse(request, "alerts/manage.html", {**context, "form": form})
    if request.POST.get("action") == "delete":
        subscriber.delete()
        return TemplateResponse(request, "alerts/deleted.html", {})
    form = TopicsForm(request.POST, language=language, chosen=_chosen(subscriber))
    refused = refuse_if_abusive(request, form, "alerts-manage", MANAGE_RATE)
    if refused:
        return refused
    if not form.is_valid():
        return TemplateResponse(request, "alerts/manage.html", {**context, "form": form}, status=400)
    with transaction.atomic():
        subscriber.frequency, subscriber.language = form.cleaned_data["frequency"], language
        subscriber.save(update_fields=["frequency", "language"])
        subscriber.subscriptions.all().delete()
        Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, kind=kind, value=value) for kind, value in form.cleaned_data["topics"]]
        )
    return HttpResponseRedirect(f"{reverse('alerts:manage')}?t={token}&saved=1", status=303)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request):
    """RFC 8058 one-click: a POST (``List-Unsubscribe=One-Click``) to the URL of the message's
    List-Unsubscribe header deletes the subscriber; a GET (a person, or a scanner) asks first.
    No rate limit here: a mail provider one-clicks for many of its users from few addresses, and
    the signed token is all the protection a deletion needs."""
    token = request.GET.get("t") or request.POST.get("t")
    subscriber = links.subscriber_for(token, links.MANAGE)
    if subscriber is None:
        if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)  # already gone: one-click senders only want a 2xx
        return _invalid_link(request)
    if request.method == "GET":
        return TemplateResponse(request, "alerts/unsubscribe.html", {"token": token})
    subscriber.delete()
    return TemplateResponse(request, "alerts/deleted.html", {})
