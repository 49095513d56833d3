"""The messages of the alerts, in the subscriber's language, plain text, with the one-click
unsubscribe headers (RFC 2369 List-Unsubscribe, RFC 8058 List-Unsubscribe-Post)."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale

from bgro.mail import queue_email, send_email

from . import links
from .topics import get_kind


def unsubscribe_headers(subscriber):
    return {
        "List-Unsubscribe": f"<{links.unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def queue_confirmation(subscriber):
    """The double opt-in message: only the confirmation link (no list headers: not on a list yet)."""
    with translation.override(subscriber.language):
        subject = gettext("Confirm your e-mail alerts")
        body = render_to_string("alerts/email/confirm.txt", {"confirm_url": links.confirm_url(subscriber)})
    return queue_email(subject, body, [subscriber.email])


def alert_lines(subscriber, alerts):
    """[(topic heading, page title, absolute URL)] in the subscriber's language where translated."""
    locale = Locale.objects.filter(language_code=subscriber.language).first()
    lines = []
    for alert in alerts:
        page = alert.page.specific
        shown = (page.get_translation_or_none(locale) if locale else None) or page
        if not shown.live:
            shown = page
        kind = get_kind(alert.kind)
        topic = str(kind.label) if kind else alert.kind
        value = kind.value_label(alert.value, subscriber.language) if kind else None
        lines.append({"topic": f"{topic}: {value}" if value else topic, "title": shown.title, "url": shown.get_full_url()})
    return lines


def send_alert_message(subscriber, alerts):
    """Send one message listing ``alerts`` now (a transient failure is retried by bgro.mail)."""
    with translation.override(subscriber.language):
        lines = alert_lines(subscriber, alerts)
        if len(lines) == 1:
            subject = gettext("New on the site: %(title)s") % {"title": lines[0]["title"]}
        else:
            subject = ngettext("%(count)d new page on the site", "%(count)d new pages on the site", len(lines)) % {
                "count": len(lines)
            }
        body = render_to_string(
            "alerts/email/alerts.txt",
            {"lines": lines, "manage_url": links.manage_url(subscriber), "unsubscribe_url": links.unsubscribe_url(subscriber)},
        )
    return send_email.call(subject, body, [subscriber.email], headers=unsubscribe_headers(subscriber))
