from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm
from .reports import search_report


class GlossaryViewSet(SnippetViewSet):
    """Translators keep the glossary; search uses a change at once (search.signals)."""

    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossary")
    list_display = ["term_bg", "term_ro", "term_en"]
    ordering = ["term_en"]


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search/", search_report, name="search_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return MenuItem(_("Searches"), reverse("search_report"), icon_name="search", order=900)


@hooks.register("construct_homepage_panels")
def add_zero_result_panel(request, panels):
    from .dashboard import zero_result_panel

    panels.append(zero_result_panel())
