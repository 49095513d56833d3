"""E-mail the translators when a page or snippet they translated changes at its source.

On every publish of a page that is a translation source (wagtail-localize holds a
``TranslationSource`` for it in its own language), and on every save of a translatable snippet
that is one (snippets have no ``page_published``; one with drafts counts when it is published),
the content of its translatable and synchronised fields is compared with what was published
before. When it differs,
:class:`~translations.models.SourceChange` records the time, and once the transaction commits
each translator of a language that has a translation of the page gets one e-mail, in their
admin language, naming the page and linking to the *Sync translated pages* view and to their
translation's editor. Republishing unchanged content sends nothing; so does a change that is
already synchronised when the transaction commits (the importer brings its translations along).
"""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Page, TranslatableMixin
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import TranslationSource

from bgro import roles
from bgro.mail import queue_email

from .models import SourceChange

logger = logging.getLogger(__name__)


def content_fingerprint(model, serialized):
    """A hash of the translatable and synchronised fields of ``serialized`` (a page as
    ``to_json`` writes it), the part of a page a translation is made from."""
    names = sorted({field.field_name for field in get_translatable_fields(model)})
    content = {name: _without_block_ids(serialized.get(name)) for name in names}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _without_block_ids(value):
    """A value with the ``id`` of its StreamField blocks left out: a stream written without ids
    (code that builds pages from raw block lists) gets them when it is saved, and that is no
    change of content. ``to_json`` keeps streams as JSON text, so that text is read too."""
    if isinstance(value, str) and value.startswith("[{"):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_without_block_ids(item) for item in value]
    if isinstance(value, dict):
        is_block = "type" in value and "value" in value
        return {key: _without_block_ids(item) for key, item in value.items() if not (is_block and key == "id")}
    return value


def _serialized(instance):
    """``instance`` as wagtail-localize serialises it into ``TranslationSource.content_json``."""
    if isinstance(instance, ClusterableModel):
        return json.loads(instance.to_json())
    return json.loads(json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder))


def record_source_change(page):
    """Compare the published ``page`` (or saved snippet) with its last published content;
    return its :class:`TranslationSource` when the content changed, None otherwise (or when it
    is no source)."""
    source = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    if source is None:
        return None
    model = page.specific_class if isinstance(page, Page) else type(page)
    published = content_fingerprint(model, _serialized(page))
    synchronised = content_fingerprint(model, json.loads(source.content_json))
    change = SourceChange.objects.filter(source=source).first()
    previous = change.fingerprint if change is not None else synchronised
    if published == previous:
        return None
    # Back to what the translations were made from (a reverted edit): nothing is outdated.
    changed_at = None if published == synchronised else timezone.now()
    SourceChange.objects.update_or_create(source=source, defaults={"fingerprint": published, "changed_at": changed_at})
    return source if changed_at is not None else None


def source_page_published(sender, instance, **kwargs):
    """``page_published`` receiver: aliases follow their source and are no sources themselves."""
    if not isinstance(instance, Page) or instance.alias_of_id is not None:
        return
    source = record_source_change(instance)
    if source is not None:
        source_id = source.pk
        transaction.on_commit(lambda: notify_translators(source_id))


def _is_translatable_snippet(instance):
    from .coverage import translatable_snippet_models

    # isinstance first: this runs on every save of every model (imports save thousands).
    return (
        isinstance(instance, TranslatableMixin)
        and not isinstance(instance, Page)
        and type(instance) in translatable_snippet_models()
    )


def source_snippet_saved(sender, instance, raw=False, **kwargs):
    """``post_save`` receiver (for every model: snippets are registered after the apps load;
    the check is an ``isinstance`` and a short list). A snippet with drafts is left to
    :func:`source_snippet_published`: saving a draft writes the object with unpublished values."""
    if raw or isinstance(instance, DraftStateMixin) or not _is_translatable_snippet(instance):
        return
    source = record_source_change(instance)
    if source is not None:
        source_id = source.pk
        transaction.on_commit(lambda: notify_translators(source_id))


def source_snippet_published(sender, instance, **kwargs):
    """``published`` receiver: a translatable snippet with drafts (pages have their own signal)."""
    if not _is_translatable_snippet(instance):
        return
    source = record_source_change(instance)
    if source is not None:
        source_id = source.pk
        transaction.on_commit(lambda: notify_translators(source_id))


@dataclass
class Notice:
    """One translation a translator is told about."""

    language_code: str
    title: str
    edit_url: str


def _absolute(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _edit_url(obj):
    """The admin edit view of a page or snippet, absolute."""
    if isinstance(obj, Page):
        return _absolute(reverse("wagtailadmin_pages:edit", args=[obj.pk]))
    from .coverage import action_urls

    return _absolute(action_urls().edit_url(obj._meta.label_lower, obj.pk))


def _title(obj):
    return obj.title if isinstance(obj, Page) else str(obj)


def notify_translators(source_id):
    """Send each translator of an outdated translation of ``source_id`` one e-mail."""
    source = TranslationSource.objects.select_related("locale").filter(pk=source_id).first()
    change = SourceChange.objects.filter(source_id=source_id).first()
    if source is None or change is None or change.changed_at is None or change.changed_at <= source.last_updated_at:
        return 0
    model = source.specific_content_type.model_class()
    is_page = model is not None and issubclass(model, Page)
    versions = Page.objects.filter(alias_of__isnull=True) if is_page else None
    if versions is None:
        if model is None:  # a snippet model whose app is gone
            return 0
        versions = model.objects.all()
    versions = versions.filter(translation_key=source.object_id)
    page = versions.filter(locale_id=source.locale_id).first()
    if page is None:
        return 0
    # Every language with a real translation, also one a translator took out of the segment
    # editor (wagtail-localize's "stop synchronised translation") and edits by hand.
    translated = {
        version.locale.language_code: version
        for version in versions.exclude(locale_id=source.locale_id).select_related("locale")
    }
    if not translated:
        return 0
    group_languages = {role.name: code for code, role in roles.TRANSLATORS.items() if code in translated}
    recipients = {}
    for user in (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=group_languages)
        .exclude(email="")
        .select_related("wagtail_userprofile")
        .prefetch_related("groups")
        .distinct()
    ):
        codes = sorted(group_languages[g.name] for g in user.groups.all() if g.name in group_languages)
        recipients[user] = codes

    sync_url = _absolute(reverse("wagtail_localize:update_translations", args=[source.pk]))
    source_edit_url = _edit_url(page)
    sent = 0
    for user, codes in recipients.items():
        notices = [Notice(code, _title(translated[code]), _edit_url(translated[code])) for code in codes]
        profile = getattr(user, "wagtail_userprofile", None)
        language = profile.get_preferred_language() if profile is not None else settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "user": user,
                "page": page,
                "title": _title(page),
                "is_page": is_page,
                "kind": page._meta.verbose_name,
                "source_language": source.locale.language_code,
                "notices": notices,
                "sync_url": sync_url,
                "source_edit_url": source_edit_url,
            }
            subject = render_to_string("translations/email/source_changed_subject.txt", context).strip()
            body = render_to_string("translations/email/source_changed.txt", context)
        try:
            # The queue sends it and retries while the mail server is away (bgro.mail).
            queue_email(subject, body, [user.email])
            sent += 1
        except Exception:
            # A queue that cannot take it must not undo a publish that has already committed.
            logger.exception("Could not queue the source change notice to %s", user.email)
    return sent
