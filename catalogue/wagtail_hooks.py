from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import LifeEvent


@hooks.register("register_admin_urls")
def register_catalogue_import_url():
    return [
        path("catalogue/import/", admin_views.import_catalogue, name="catalogue_import"),
        path("catalogue/import/<int:import_id>/", admin_views.import_status, name="catalogue_import_status"),
        path(
            "catalogue/import/<int:import_id>/status.json",
            admin_views.import_status_json,
            name="catalogue_import_status_json",
        ),
    ]


class CatalogueImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_catalogue_import_menu_item():
    return CatalogueImportMenuItem(
        _("Import catalogue"), reverse("catalogue_import"), icon_name="upload", order=900
    )


@hooks.register("register_log_actions")
def register_catalogue_log_actions(actions):
    actions.register_action("catalogue.import", _("Import catalogue"), _("Catalogue imported"))


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "calendar-alt"
    menu_label = _("Life events")
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "slug"]


register_snippet(LifeEventViewSet)


@hooks.register("construct_homepage_panels")
def add_failed_imports_panel(request, panels):
    from .dashboard import failed_imports_panel

    if admin_views.can_import(request.user):
        panels.append(failed_imports_panel())
