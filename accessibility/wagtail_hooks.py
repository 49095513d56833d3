from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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


@hooks.register("insert_global_admin_js")
def focus_not_obscured_by_the_sticky_footer():
    """accessibility/static/accessibility/admin.js: a focused field under the admin's sticky
    footer is scrolled into the clear (WCAG 2.2 2.4.11)."""
    return format_html('<script src="{}" defer></script>', static("accessibility/admin.js"))
