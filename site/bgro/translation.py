"""Carry a page into another language through wagtail-localize, from known translated values.

Importers and the demo loader know the translated text of every field. Rather than writing
translated pages directly, they go through wagtail-localize like a translator would: the
source page becomes a TranslationSource, each translated string becomes a StringTranslation
(so it enters the translation memory), and the translated page is saved from them. The
editor then shows the page as translated and in sync.
"""

import uuid

from django.db import models
from django.db.models import ForeignKey
from wagtail.fields import StreamField
from wagtail_localize.models import (
    String,
    StringTranslation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as LocalizeTranslation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

BLOCK_ID_NAMESPACE = uuid.UUID("6f1c1c1e-8a47-4a44-9d4e-4b2f3c6e2a10")


class TranslationMismatch(ValueError):
    """The translated values do not have the shape of the source (e.g. fewer paragraphs)."""


def stable_block_id(*parts):
    """A StreamField block id derived from the record, so every language shares it."""
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, ":".join(str(part) for part in parts)))


def apply_field_values(page, values):
    """Set ``values`` (field name → value; streams as raw block lists) on ``page``.

    Returns True when anything differs from what the page holds, so callers can skip
    saving a revision for unchanged records.
    """
    changed = False
    for name, value in values.items():
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            current = field.stream_block.get_prep_value(getattr(page, name))
            if current != value:
                setattr(page, name, value)
                changed = True
        elif isinstance(field, ForeignKey):
            new_id = value.pk if isinstance(value, models.Model) else value
            if getattr(page, field.attname) != new_id:
                setattr(page, field.attname, new_id)
                changed = True
        else:
            new_value = field.to_python(value)
            if field.value_from_object(page) != new_value:
                setattr(page, name, new_value)
                changed = True
    return changed


def _string_segments(instance):
    return [segment for segment in extract_segments(instance) if isinstance(segment, StringSegmentValue)]


def translate_page(source_page, locale, values, *, publish=True, user=None, force=False):
    """Create or update the translation of ``source_page`` into ``locale``.

    ``values`` holds the translated value of every translatable field the source has
    (field name → value in the target language, in the same shape as the source).
    Returns the translated page, or None when nothing changed.
    """
    source_page = source_page.specific
    translation_source, _ = TranslationSource.update_or_create_from_instance(source_page)

    shadow = source_page.specific_class.from_json(source_page.to_json())
    apply_field_values(shadow, values)

    source_segments = _string_segments(source_page)
    target_segments = _string_segments(shadow)
    if [s.path for s in source_segments] != [s.path for s in target_segments]:
        raise TranslationMismatch(
            f"The {locale.language_code} text of “{source_page.title}” does not have the same "
            "structure as the source (a paragraph, list item or block is missing or extra)."
        )

    translation, created = LocalizeTranslation.objects.get_or_create(
        source=translation_source, target_locale=locale, defaults={"enabled": True}
    )
    changed = created or force
    contexts = {
        context.path: context
        for context in TranslationContext.objects.filter(object_id=translation_source.object_id)
    }
    for source_segment, target_segment in zip(source_segments, target_segments, strict=True):
        string = String.from_value(translation_source.locale, source_segment.string)
        context = contexts[source_segment.path]
        data = target_segment.string.data
        existing = StringTranslation.objects.filter(translation_of=string, locale=locale, context=context).first()
        if existing is None:
            StringTranslation.objects.create(
                translation_of=string,
                locale=locale,
                context=context,
                data=data,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                last_translated_by=user,
            )
            changed = True
        elif existing.data != data:
            existing.data = data
            existing.has_error = False
            existing.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
            existing.save()
            changed = True

    target = source_page.get_translation_or_none(locale)
    if target is not None and target.alias_of_id is None and not changed:
        return None
    # wagtail-localize publishes on commit; publishing here keeps the whole import in one
    # transaction, so a failure half way leaves nothing published.
    translated, _ = translation_source.create_or_update_translation(
        locale, user=user, publish=False, fallback=False, copy_parent_pages=True
    )
    if publish:
        translated.get_latest_revision().publish(user=user)
        translated.refresh_from_db()
    return translated.specific
