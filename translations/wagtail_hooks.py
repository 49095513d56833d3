from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .submission import LanguageCheckedSubmitPageTranslationView, LanguageCheckedSubmitSnippetTranslationView


@hooks.register("register_admin_urls")
def register_coverage_url():
    return [
        path("translations/coverage/", views.coverage_dashboard, name="translations_coverage"),
        # Takes over wagtail-localize's "Translate this page" (same path, matched first because
        # this app's hooks run before wagtail_localize's): see translations.submission.
        path(
            "localize/submit/page/<int:page_id>/",
            LanguageCheckedSubmitPageTranslationView.as_view(),
            name="translations_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            LanguageCheckedSubmitSnippetTranslationView.as_view(),
            name="translations_submit_snippet_translation",
        ),
    ]


class CoverageMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_coverage(request.user)


@hooks.register("register_admin_menu_item")
def register_coverage_menu_item():
    return CoverageMenuItem(
        _("Translation coverage"), reverse("translations_coverage"), icon_name="wagtail-localize-language", order=850
    )
