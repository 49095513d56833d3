from django import template
from django.urls import reverse

from ..forms import PageFeedbackForm
from ..views import THANKS_PARAMETER

register = template.Library()


@register.inclusion_tag("feedback/page_feedback.html", takes_context=True)
def page_feedback(context, page, form=None):
    """“Was this page useful?” under ``page``, or the thanks after an answer (no query).
    Nothing in the preview of a page never saved (it has no id to answer about)."""
    if page.pk is None:
        return {"hidden": True}
    request = context.get("request")
    thanked = request is not None and request.GET.get(THANKS_PARAMETER) == "thanks"
    return {
        "form": form or PageFeedbackForm(),
        "action": reverse("feedback:submit", args=[page.pk]),
        "thanked": thanked,
    }
