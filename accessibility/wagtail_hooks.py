from django.contrib import messages
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accessibility.models import AccessibilityFeedback
from accessibility.signals import inspect_document
from accessibility.tagged_pdf import PROBLEMS


def _warn_if_inaccessible(request, document):
    record = inspect_document(document)
    if record and record.problems:
        found = "; ".join(str(PROBLEMS[key]) for key in record.problems)
        messages.warning(
            request,
            format_lazy(
                _(
                    "“{title}” is not an accessible PDF: {problems}. Export it again as a tagged PDF "
                    "(PDF/UA) with its language and title, or give the page an HTML version of its content."
                ),
                title=document.title,
                problems=found,
            ),
        )


@hooks.register("after_create_document")
def warn_about_untagged_upload(request, document):
    _warn_if_inaccessible(request, document)


@hooks.register("after_edit_document")
def warn_about_untagged_replacement(request, document):
    _warn_if_inaccessible(request, document)


class AccessibilityFeedbackViewSet(SnippetViewSet):
    """Visitors' reports from the accessibility statement's feedback form, for the editors."""

    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Accessibility feedback")
    add_to_admin_menu = True
    list_display = ["message", "page_address", "email", "language", "received_at"]
    list_filter = ["language"]


register_snippet(AccessibilityFeedbackViewSet)
