from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accessibility.models import AccessibilityFeedback


class AccessibilityFeedbackViewSet(SnippetViewSet):
    """Visitors' reports from the accessibility statement's feedback form, for the editors."""

    model = AccessibilityFeedback
    icon = "help"
    menu_label = _("Accessibility feedback")
    add_to_admin_menu = True
    list_display = ["message", "page_address", "email", "language", "received_at"]
    list_filter = ["language"]


register_snippet(AccessibilityFeedbackViewSet)
