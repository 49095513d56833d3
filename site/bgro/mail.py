"""E-mail that leaves the site: sent by the task queue, retried while the server cannot take it.

``queue_email(...)`` hands one message to the queue (django-tasks); the ``send_email`` task
sends it through the configured backend (``EMAIL_URL`` or ``ANYMAIL_PROVIDER``, see
``bgro/settings/email.py``). When the mail server is unreachable or answers with a temporary
(4xx) error, the task enqueues itself again after a growing delay (``RETRY_DELAYS``); a
permanent refusal (5xx: unknown recipient, sender refused) or the last attempt fails the task,
which the queue records with its traceback. A publish never waits for the mail server.
"""

import logging
import smtplib
from datetime import timedelta

from anymail.exceptions import AnymailAPIError
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds before attempts 2, 3, …: a mail server down for maintenance (minutes) or a
# provider's outage (hours) is waited out; after the last one the message is given up.
RETRY_DELAYS = (60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60)


class EmailNotDelivered(Exception):
    """The message was given up: refused for good, or still failing after the last retry."""


def is_transient(error):
    """Whether sending again later may succeed (the server is away or asks to retry)."""
    if isinstance(error, smtplib.SMTPResponseException):  # a reply code from the server
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return status is None or status == 429 or status >= 500
    # Connection refused, reset or timed out; SMTPServerDisconnected (an OSError too).
    return isinstance(error, OSError)


@task()
def send_email(subject, body, to, from_email=None, html_body=None, attempt=1, headers=None):
    """Send one message; on a transient failure enqueue attempt ``attempt + 1`` for later.
    ``headers``: extra header fields (the alerts' List-Unsubscribe, for example)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except Exception as error:
        if not is_transient(error):
            raise EmailNotDelivered(f"Refused for good: {error}") from error
        if attempt > len(RETRY_DELAYS):
            raise EmailNotDelivered(f"Still failing after {attempt} attempts: {error}") from error
        delay = RETRY_DELAYS[attempt - 1]
        if not send_email.get_backend().supports_defer:
            # The immediate backend (development) cannot wait: say so rather than lose it silently.
            raise EmailNotDelivered(f"Not sent ({error}) and this task backend cannot retry later") from error
        send_email.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            subject=subject, body=body, to=to, from_email=from_email, html_body=html_body, attempt=attempt + 1,
            headers=headers,
        )
        # No recipient address here: nothing personal in the logs (issue 14).
        logger.warning("E-mail not sent (%s); attempt %d in %d s", error, attempt + 1, delay)
        return {"delivered": False, "attempt": attempt, "retry_in_seconds": delay, "error": str(error)}
    return {"delivered": True, "attempt": attempt}


def queue_email(subject, body, to, from_email=None, html_body=None, headers=None):
    """Hand one message to the task queue; returns the task result (its id, its state)."""
    return send_email.enqueue(
        subject=subject, body=body, to=list(to), from_email=from_email, html_body=html_body, headers=headers
    )
