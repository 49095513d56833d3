"""The visitors' side of a consultation: send a comment, confirm it, read the comment policy.

A comment is kept only after its author confirms the e-mail address: the form sends a signed
link (``django.core.signing``, valid ``CONFIRMATION_DAYS``) through the task queue; the link opens
a page with a button, and only pressing it (a POST) confirms, so a mail scanner that follows the
link confirms nothing. The confirmed comment then waits for moderation.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.core import signing
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from bgro.mail import queue_email
from security.public_forms import refusal, refuse_if_abusive

from .forms import CommentForm
from .models import ConsultationComment, RejectionReason

CONFIRMATION_SALT = "consultations.comment-confirmation"
CONFIRMATION_DAYS = 3
# Per address: enough for a person who comments on several sections, not for a flood.
COMMENT_RATE = "10/h"


def confirmation_token(comment):
    return signing.dumps(comment.pk, salt=CONFIRMATION_SALT)


def submit_comment(request, consultation):
    if request.method != "POST":
        return redirect(consultation.url)
    if not consultation.is_open:
        return refusal(request, 403, gettext("This consultation is not open for comments."))
    form = CommentForm(request.POST, consultation=consultation)
    refused = refuse_if_abusive(request, form, "consultation-comment", COMMENT_RATE)
    if refused is not None:
        return refused
    if not form.is_valid():
        response = consultation.render(request, context_overrides={"comment_form": form})
        response.status_code = 400
        return response
    section_id = form.cleaned_data["section"]
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        section_id=section_id,
        section_number=consultation.section_number(section_id) if section_id else None,
        author_name=form.cleaned_data["author_name"],
        email=form.cleaned_data["email"],
        language=get_language(),
        text=form.cleaned_data["text"],
    )
    link = (
        consultation.get_full_url(request)
        + consultation.reverse_subpage("confirm")
        + "?"
        + urlencode({"token": confirmation_token(comment)})
    )
    context = {"consultation": consultation, "comment": comment, "link": link, "days": CONFIRMATION_DAYS}
    queue_email(
        gettext("Confirm your comment on “%(title)s”") % {"title": consultation.title},
        render_to_string("consultations/email/confirm_comment.txt", context, request=request),
        [comment.email],
    )
    return TemplateResponse(request, "consultations/comment_sent.html", {**context, "page": consultation})


def confirm_comment(request, consultation, token):
    try:
        comment_id = signing.loads(token, salt=CONFIRMATION_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.SignatureExpired:
        return refusal(request, 410, gettext("This confirmation link has expired. Please send your comment again."))
    except signing.BadSignature:
        return refusal(request, 400, gettext("This confirmation link is not valid. Please copy the whole link."))
    comment = ConsultationComment.objects.filter(
        pk=comment_id, consultation__translation_key=consultation.translation_key
    ).first()
    if comment is None:
        return refusal(request, 404, gettext("This comment no longer exists."))
    confirmed_now = False
    if request.method == "POST" and comment.status == ConsultationComment.Status.UNCONFIRMED:
        comment.status = ConsultationComment.Status.PENDING
        comment.confirmed_at = timezone.now()
        comment.save(update_fields=["status", "confirmed_at"])
        confirmed_now = True
    return TemplateResponse(request, "consultations/comment_confirm.html", {
        "page": consultation,
        "comment": comment,
        "confirmed_now": confirmed_now,
        "awaiting_confirmation": comment.status == ConsultationComment.Status.UNCONFIRMED,
    })


def comment_policy(request, index):
    return TemplateResponse(request, "consultations/comment_policy.html", {
        "page": index,
        "self": index,
        "reasons": RejectionReason.choices,
        "confirmation_days": CONFIRMATION_DAYS,
    })
