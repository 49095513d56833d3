import weakref

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language

from ..forms import PageFeedbackForm
from ..views import THANKS_PARAMETER

register = template.Library()

FIELDS_TEMPLATE = "feedback/page_feedback_fields.html"
# The blank form's fields as rendered, by language, for each loaded copy of their template (a
# template edited in development is loaded anew, and its old renderings go with the old copy).
# They hold nothing of the page or the visitor (no CSRF token: the answer view is exempt, see
# feedback.views), and rendering the radio buttons, textarea and honeypot through Django's
# widget templates cost about 5 % of a service page's render.
_blank_fields = weakref.WeakKeyDictionary()


def _fields(form):
    fields_template = get_template(FIELDS_TEMPLATE)
    if form is not None:  # an answer with errors, shown again with its values
        return fields_template.render({"form": form})
    by_language = _blank_fields.setdefault(fields_template.template, {})
    language = get_language()
    if language not in by_language:
        by_language[language] = fields_template.render({"form": PageFeedbackForm()})
    return by_language[language]


@register.inclusion_tag("feedback/page_feedback.html", takes_context=True)
def page_feedback(context, page, form=None):
    """“Was this page useful?” under ``page``, or the thanks after an answer (no query).
    Nothing in the preview of a page never saved (it has no id to answer about)."""
    if page.pk is None:
        return {"hidden": True}
    request = context.get("request")
    thanked = request is not None and request.GET.get(THANKS_PARAMETER) == "thanks"
    return {
        "fields": "" if thanked else _fields(form),
        "action": reverse("feedback:submit", args=[page.pk]),
        "thanked": thanked,
    }
