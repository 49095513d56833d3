"""wagtail-localize's "Translate this page", limited to the languages the user may edit.

wagtail-localize checks only the global ``submit_translation`` permission, so a Romanian
translator could start a translation into English (and, for a live source, publish it). The
form here offers only the language trees whose home page the user may edit; a POST naming
another language is refused by the form like any invalid choice.
"""

from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from bgro.framework_internals import SubmitPageTranslationView, SubmitSnippetTranslationView


def editable_locales(user):
    """The locales of the trees where ``user`` holds a page permission to add or change pages
    (every locale for superusers and for permissions held on the root page)."""
    if user.is_superuser:
        return Locale.objects.all()
    granted = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add", "change"])
    if any(page.depth == 1 for page in granted):
        return Locale.objects.all()
    return Locale.objects.filter(pk__in={page.locale_id for page in granted})


class LanguageChecked:
    def get_form(self):
        form = super().get_form()
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(pk__in=editable_locales(self.request.user).values("pk"))
        return form


class LanguageCheckedSubmitPageTranslationView(LanguageChecked, SubmitPageTranslationView):
    pass


class LanguageCheckedSubmitSnippetTranslationView(LanguageChecked, SubmitSnippetTranslationView):
    """Snippets (life events) have no tree: the same languages as for pages."""
