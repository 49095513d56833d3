"""Translation memory: a string translated once is offered again wherever it recurs.

wagtail-localize keeps a translation per string *and context* (field of one page), so it
carries translations over when the same page is synchronised, but a second page with the same
sentence starts empty. Here, when a page is submitted for translation (a ``Translation`` is
created or re-enabled) or its source is synchronised, every segment that has no translation
in the target language takes the most recent error-free translation of the same source string
from any other page. The translator sees it filled in and can change it; it is recorded as a
manual translation with the tool name "Translation memory" and the original translator.

Slugs are left out: the same slug translated twice under one parent would collide.
"""

from django.db import transaction
from wagtail_localize.models import StringSegment, StringTranslation, Translation

TOOL_NAME = "Translation memory"
SKIPPED_PATHS = frozenset({"slug"})


def prefill(translation):
    """Fill the untranslated segments of ``translation`` from the memory; return how many."""
    missing = [
        (segment.string_id, segment.context_id)
        for segment in StringSegment.objects.filter(source_id=translation.source_id)
        .exclude(context__path__in=SKIPPED_PATHS)
        .annotate_translation(translation.target_locale_id, include_errors=True)
        .filter(translation__isnull=True)
        .only("string_id", "context_id")
    ]
    if not missing:
        return 0
    remembered = {}
    for string_translation in (
        StringTranslation.objects.filter(
            translation_of_id__in={string_id for string_id, _context in missing},
            locale_id=translation.target_locale_id,
            has_error=False,
        )
        .exclude(data="")
        .order_by("translation_of_id", "-updated_at", "-pk")
    ):
        remembered.setdefault(string_translation.translation_of_id, string_translation)
    filled = 0
    for string_id, context_id in missing:
        known = remembered.get(string_id)
        if known is None:
            continue
        StringTranslation.objects.create(
            translation_of_id=string_id,
            locale_id=translation.target_locale_id,
            context_id=context_id,
            data=known.data,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            tool_name=TOOL_NAME,
            last_translated_by_id=known.last_translated_by_id,
        )
        filled += 1
    return filled


def translation_saved(sender, instance, raw=False, **kwargs):
    """``post_save`` of ``Translation``: a page submitted (again) for translation. Not on a raw
    load (a restore, a fixture): the translations it would fill in are loaded as they were."""
    if instance.enabled and not raw:
        prefill(instance)


def source_saved(sender, instance, update_fields=None, **kwargs):
    """``post_save`` of ``TranslationSource``: *Sync translated pages* saves the new content
    and then extracts its segments, so the new segments are filled once the sync commits."""
    if update_fields and "content_json" in update_fields:
        source_id = instance.pk

        def fill():
            for translation in Translation.objects.filter(source_id=source_id, enabled=True):
                prefill(translation)

        transaction.on_commit(fill)
