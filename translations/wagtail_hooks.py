from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import guards, views
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
        # wagtail-localize's other views that write, checked for the target language the same
        # way (translations.guards); same paths as wagtail-localize's, matched first.
        path(
            "localize/update/<int:translation_source_id>/",
            guards.LanguageCheckedUpdateTranslationsView.as_view(),
            name="translations_update_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            guards.edit_string_translation,
            name="translations_edit_string_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            guards.edit_override,
            name="translations_edit_override",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            guards.upload_pofile,
            name="translations_upload_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            guards.machine_translate,
            name="translations_machine_translate",
        ),
        path(
            "localize/translate/<int:translation_id>/disable/",
            guards.stop_translation,
            name="translations_stop_translation",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            guards.convert_to_alias,
            name="translations_convert_to_alias",
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


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    from .dashboard import translations_panel

    if views.can_view_coverage(request.user):
        panels.append(translations_panel())
