"""A visitor's comment from the form to the page: e-mail confirmation through a real SMTP
server, the moderation queue in the admin, publication under the draft."""

import re
from datetime import timedelta
from urllib.parse import unquote, urlencode, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.utils import timezone

from consultations.models import ConsultationComment
from consultations.views import CONFIRMATION_SALT
from tests.bgro.test_mail import smtp_server  # noqa: F401 (the fixture: aiosmtpd on a free port)

pytestmark = pytest.mark.django_db
Status = ConsultationComment.Status


def comment_data(page, **extra):
    return {
        "section": page.sections[1].id,
        "text": "Предлагам таксата да е по-ниска за местните лодки.",
        "author_name": "Мария Петрова",
        "email": "maria@example.org",
        "accept_policy": "on",
        "website": "",
        **extra,
    }


def confirmation_link(message):
    [link] = re.findall(r"https?://\S+/confirm/\?token=\S+", message.get_content())
    parts = urlsplit(link)
    return unquote(parts.path) + "?" + parts.query


def test_a_comment_is_confirmed_moderated_and_published(client, open_consultation, smtp_server):  # noqa: F811
    page = open_consultation
    response = client.post(page.url + "comment/", comment_data(page))
    assert response.status_code == 200
    comment = ConsultationComment.objects.get()
    assert (comment.status, comment.section_number, comment.language) == (Status.UNCONFIRMED, 2, "bg")

    [message] = smtp_server.messages()
    assert message["To"] == "maria@example.org"
    path = confirmation_link(message)
    # Following the link (as a mail scanner does) confirms nothing; the button does.
    assert client.get(path).status_code == 200
    comment.refresh_from_db()
    assert comment.status == Status.UNCONFIRMED
    assert client.post(path).status_code == 200
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and comment.confirmed_at is not None
    assert "Предлагам таксата" not in client.get(page.url).content.decode()

    moderator = User.objects.create_superuser("moderator", "moderator@example.org", "x")
    client.force_login(moderator)
    queue = client.get("/admin/consultation_comments/?status=pending")
    assert queue.status_code == 200 and "Мария Петрова" in queue.content.decode()
    edit_url = f"/admin/consultation_comments/edit/{comment.pk}/"
    refused = client.post(edit_url, {"status": "rejected", "rejection_reason": "", "outcome": "", "outcome_reason": ""})
    assert refused.status_code == 200  # the form again, with the reason asked for
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    client.post(edit_url, {"status": "published", "rejection_reason": "", "outcome": "", "outcome_reason": ""})
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED and comment.moderated_at is not None
    client.logout()

    html = client.get(page.url).content.decode()
    assert "Предлагам таксата" in html and "Мария Петрова" in html
    assert "maria@example.org" not in html


def test_a_rejected_comment_is_counted_not_shown(client, open_consultation):
    ConsultationComment.objects.create(
        consultation=open_consultation, author_name="Spam", email="s@example.org", language="bg", text="Купете сега",
        status=Status.REJECTED, rejection_reason="advertising",
    )
    response = client.get(open_consultation.url)
    assert "Купете сега" not in response.content.decode()
    assert response.context["rejected_count"] == 1


def test_bad_input_is_refused_with_a_reason_and_nothing_saved(client, open_consultation):
    page = open_consultation
    missing = client.post(page.url + "comment/", comment_data(page, email="not an address"))
    assert missing.status_code == 400
    robot = client.post(page.url + "comment/", comment_data(page, website="http://spam.example"))
    assert robot.status_code == 400
    unknown_section = client.post(page.url + "comment/", comment_data(page, section="no-such-section"))
    assert unknown_section.status_code == 400
    assert client.get(page.url + "confirm/?token=garbage").status_code == 400
    assert ConsultationComment.objects.count() == 0


def test_an_expired_link_says_so(client, open_consultation, monkeypatch):
    comment = ConsultationComment.objects.create(
        consultation=open_consultation, author_name="A", email="a@example.org", language="bg", text="...",
    )
    token = signing.dumps(comment.pk, salt=CONFIRMATION_SALT)
    later = timezone.now() + timedelta(days=4)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.post(open_consultation.url + "confirm/?" + urlencode({"token": token}))
    assert response.status_code == 410
    comment.refresh_from_db()
    assert comment.status == Status.UNCONFIRMED


def test_a_closed_consultation_takes_no_comment(client, open_consultation):
    page = open_consultation
    page.opening_date = timezone.localdate() - timedelta(days=60)
    page.closing_date = page.opening_date + timedelta(days=30)
    page.save_revision().publish()
    assert 'action="' + page.url + 'comment/"' not in client.get(page.url).content.decode()
    assert client.post(page.url + "comment/", comment_data(page)).status_code == 403
    assert ConsultationComment.objects.count() == 0


def test_nobody_adds_a_comment_in_the_admin(client, open_consultation):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    assert client.get("/admin/consultation_comments/new/").status_code in (302, 403)


def test_unconfirmed_comments_are_purged_after_their_link_expires(open_consultation):
    from io import StringIO

    from django.core.management import call_command

    old, fresh, confirmed_old = (
        ConsultationComment.objects.create(
            consultation=open_consultation, author_name=name, email="a@example.org", language="bg", text="...",
            status=status,
        )
        for name, status in (("old", Status.UNCONFIRMED), ("fresh", Status.UNCONFIRMED), ("kept", Status.PENDING))
    )
    ConsultationComment.objects.filter(pk__in=[old.pk, confirmed_old.pk]).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    out = StringIO()
    call_command("purge_unconfirmed_comments", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert set(ConsultationComment.objects.values_list("author_name", flat=True)) == {"fresh", "kept"}
