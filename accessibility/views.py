from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.documents import get_document_model

from accessibility.forms import FeedbackForm
from accessibility.models import AccessibilityEvaluation, AccessibilityFeedback
from accessibility.statement import summarise
from accessibility.tagged_pdf import untagged_pdf_count
from security.public_forms import refuse_if_abusive

FEEDBACK_RATE = "5/h"


def statement(request):
    """The statement on the model of Implementing Decision (EU) 2018/1523, built from the newest
    published evaluation (publish_accessibility_statement); its sentences are in locale/."""
    evaluation = AccessibilityEvaluation.objects.first()
    context = {
        "evaluation": evaluation,
        "summary": summarise(evaluation.results) if evaluation else None,
        "untagged_documents": untagged_pdf_count(get_document_model().objects.all()),
        "sent": request.GET.get("sent") == "1",
    }
    return TemplateResponse(request, "accessibility/statement.html", context)


def feedback(request):
    """The feedback route of the statement: stored for the editors (admin, Accessibility feedback)."""
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        refused = refuse_if_abusive(request, form, "accessibility-feedback", FEEDBACK_RATE)
        if refused:
            return refused
        if form.is_valid():
            AccessibilityFeedback.objects.create(
                message=form.cleaned_data["message"],
                page_address=form.cleaned_data["page_address"],
                email=form.cleaned_data["email"],
                language=get_language(),
            )
            return redirect(request.path.removesuffix("feedback/") + "?sent=1")
    return TemplateResponse(request, "accessibility/feedback.html", {"form": form}, status=400 if form.errors else 200)
