"""wagtail-localize's views that write, limited to the language trees the user may edit.

wagtail-localize's segment editor, PO upload, machine translation and "Stop translation" check
that the user may edit the translated page (so its tree), but for snippets only the model
permission; its "Sync translated pages" view checks only the global ``submit_translation``
permission and then updates, and with *Publish immediately* publishes, the translations in every
language; "Convert to alias" replaces a translation's live content with the source's after
checking only the permission to edit it. The views here take over the same paths (this app's
admin URLs come first, see ``wagtail_hooks``), check the target language, and hand over to
wagtail-localize's view. *Translate this page* is in ``submission``.
"""

import contextlib
import functools

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from wagtail.models import DraftStateMixin, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.permissions import get_permission_name, user_can_edit_snippet_type
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation

from bgro.framework_internals import UpdateTranslationsView, convert, edit_translation

from .submission import editable_locales


def _publishable_locale_ids(user):
    granted = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    if any(page.depth == 1 for page in granted):
        return None  # every tree
    return {page.locale_id for page in granted}


def may_write_translation(user, translation, publish=False):
    """Whether ``user`` may change the target of ``translation`` in its language (and publish it).

    A page target: the page permissions of the target page (its tree); a target page not
    created yet: a page permission in the target language's tree. A snippet target: the
    snippet model's permissions and a language whose tree the user may edit.
    """
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        target = None
    if isinstance(target, Page):
        permissions = target.permissions_for_user(user)
        return permissions.can_edit() and (not publish or permissions.can_publish())
    if not editable_locales(user).filter(pk=translation.target_locale_id).exists():
        return False
    model = translation.source.specific_content_type.model_class()
    if issubclass(model, Page):
        publishable = _publishable_locale_ids(user)
        return not publish or publishable is None or translation.target_locale_id in publishable
    if not user_can_edit_snippet_type(user, model):
        return False
    return not (publish and issubclass(model, DraftStateMixin)) or user.has_perm(get_permission_name("publish", model))


def target_language_checked(view):
    """A wagtail-localize view taking ``translation_id``, refused unless the user may write its target."""
    # The segment editor's endpoints are REST framework views: their client expects its 403 in JSON
    # (the admin turns a PermissionDenied raised out here into a redirect to the dashboard).
    is_api_view = hasattr(view, "cls")

    @functools.wraps(view)
    def checked(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        if not may_write_translation(request.user, translation):
            if is_api_view:
                return JsonResponse({"detail": str(APIPermissionDenied.default_detail)}, status=403)
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    return checked


edit_string_translation = target_language_checked(edit_translation.edit_string_translation)
edit_override = target_language_checked(edit_translation.edit_override)
upload_pofile = target_language_checked(edit_translation.upload_pofile)
machine_translate = target_language_checked(edit_translation.machine_translate)
stop_translation = target_language_checked(edit_translation.stop_translation)


def convert_to_alias(request, page_id):
    """Converting replaces the translation's live content (and publishes it when the source is
    live): it needs the permission to publish the translation, not only to edit it."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


class LanguageCheckedUpdateTranslationsView(UpdateTranslationsView):
    """*Sync translated pages*, for the translations the user may edit (with *Publish
    immediately*: publish); refused when there is none. The source's new content is taken
    in for every language (that changes no page), the translations of other languages are left
    as they are."""

    def writable_translations(self, publish=False):
        enabled = self.object.translations.filter(enabled=True).select_related("source", "target_locale")
        return [
            translation
            for translation in enabled
            if may_write_translation(self.request.user, translation, publish=publish)
        ]

    def get_object(self):
        self.object = super().get_object()
        if not self.writable_translations():
            raise PermissionDenied
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        writable = {translation.target_locale_id for translation in self.writable_translations()}
        context["translations"] = [item for item in context["translations"] if item["locale"].pk in writable]
        return context

    @transaction.atomic
    def form_valid(self, form):
        # wagtail-localize's form_valid, on the writable translations only.
        publish = form.cleaned_data["publish_translations"]
        writable = self.writable_translations(publish=publish)
        if not writable:
            raise PermissionDenied
        self.object.update_from_db()
        translations = Translation.objects.filter(pk__in=[translation.pk for translation in writable]).select_related(
            "source", "target_locale"
        )
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = get_machine_translator()
            for translation in translations:
                edit_translation.apply_machine_translation(translation.id, self.request.user, machine_translator)
        for translation in translations:
            with contextlib.suppress(ValidationError):
                if publish:
                    translation.save_target(user=self.request.user, publish=True)
                else:
                    translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: list(translations)})
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url() or self.get_default_success_url())
