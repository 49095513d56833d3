"""The answer to “Was this page useful?”: a plain POST form that works without JavaScript.

No CSRF token: visitors get no cookie on this site (the privacy notice says so), and an answer
is anonymous and changes nothing but a counter; the honeypot and the per-address rate limit of
security.public_forms keep robots out.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from security.public_forms import refuse_if_abusive

from .forms import PageFeedbackForm
from .models import FEEDBACK_PAGE_TYPES, PageFeedback

RATE = "10/h"  # answers per address and hour: a person reading ten pages in an hour is plenty
THANKS_PARAMETER = "feedback"


def feedback_page(page_id):
    """The live, public page that asks the question, or a 404."""
    page = get_object_or_404(Page.objects.live().public().select_related("locale"), pk=page_id)
    if page.specific_class is None or page.specific_class._meta.label not in FEEDBACK_PAGE_TYPES:
        raise Http404("This page does not ask for feedback.")
    return page


@csrf_exempt
@require_POST
def submit_feedback(request, page_id):
    page = feedback_page(page_id)
    form = PageFeedbackForm(request.POST)
    refused = refuse_if_abusive(request, form, "feedback", RATE)
    if refused:
        return refused
    if not form.is_valid():
        context = {"form": form, "feedback_page": page, "page_url": page.get_url(request)}
        return TemplateResponse(request, "feedback/feedback_problem.html", context, status=400)
    PageFeedback.objects.create(
        page=page,
        language=page.locale.language_code,
        useful=form.cleaned_data["useful"],
        comment=form.cleaned_data["comment"],
    )
    return HttpResponseRedirect(f"{page.get_url(request)}?{THANKS_PARAMETER}=thanks#page-feedback", status=303)
