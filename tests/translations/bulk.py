"""Many translatable pages at once, written straight into the tables (bulk inserts).

Only for measuring the coverage dashboard and the sitemap at scale: creating pages through
Wagtail and wagtail-localize costs a quarter of a second each, so 30,000 would take hours.
The rows have the shape those libraries give them: a Bulgarian source page under the Bulgarian
home page, and in each other tree an alias or a translation (with its TranslationSource,
Translation, segments and translated strings). Pages cycle through the four states: missing,
up to date, in progress (one of three segments translated), outdated.
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
)

from translations.models import SourceChange

PATHS = ("title", "slug", "listing_summary")
BATCH = 2000


def _child_pages(parent, count, first_step, make):
    pages = []
    for offset in range(count):
        step = first_step + offset
        page = make(step)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.live = True
        page.numchild = 0
        pages.append(page)
    return pages


def add_pages(homes, count, label="bulk"):
    """``count`` source pages under the Bulgarian home page, with their other versions.

    ``homes``: the three home pages by language code. Returns the source pages.
    """
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    synced_at = now - datetime.timedelta(days=1)
    source_home = homes["bg"]
    first_step = source_home.numchild + 1
    keys = [uuid.uuid4() for _ in range(count)]

    def make_source(step):
        number = step - first_step
        title = f"{label} {number}"
        return Page(
            title=title,
            draft_title=title,
            slug=f"{label}-{number}",
            translation_key=keys[number],
            content_type=page_type,
            last_published_at=now,
            first_published_at=now,
        )

    sources = Page.objects.bulk_create(_child_pages(source_home, count, first_step, make_source), batch_size=BATCH)
    by_step = {int(page.path[-4:], 36): page for page in sources}

    for code, home in homes.items():
        if code == "bg":
            continue
        first_target_step = home.numchild + 1

        def make_target(step, code=code, first_target_step=first_target_step):
            number = step - first_target_step
            source = by_step[first_step + number]
            missing = number % 4 == 0
            return Page(
                title=f"{source.title} [{code}]",
                draft_title=f"{source.title} [{code}]",
                slug=source.slug,
                translation_key=source.translation_key,
                content_type=page_type,
                alias_of_id=source.pk if missing else None,
                last_published_at=now,
                first_published_at=now,
            )

        Page.objects.bulk_create(_child_pages(home, count, first_target_step, make_target), batch_size=BATCH)
    for home in homes.values():
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + count)
        home.numchild += count

    # wagtail-localize's records for the pages that are translated (all but every fourth).
    translated = [page for number, page in enumerate(sources) if number % 4]
    TranslatableObject.objects.bulk_create(
        [TranslatableObject(translation_key=page.translation_key, content_type=page_type) for page in translated],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    translation_sources = TranslationSource.objects.bulk_create(
        [
            TranslationSource(
                object_id=page.translation_key,
                specific_content_type=page_type,
                locale_id=page.locale_id,
                object_repr=page.title,
                content_json="{}",
                last_updated_at=synced_at,
            )
            for page in translated
        ],
        batch_size=BATCH,
    )
    strings = {}
    for path in PATHS:
        data = f"{label}: {path}"
        strings[path], _created = String.objects.get_or_create(
            locale_id=source_home.locale_id, data_hash=String._get_data_hash(data), defaults={"data": data}
        )
    contexts = TranslationContext.objects.bulk_create(
        [
            TranslationContext(
                object_id=page.translation_key,
                path=path,
                path_id=TranslationContext._get_path_id(path),
                field_path=path,
            )
            for page in translated
            for path in PATHS
        ],
        batch_size=BATCH,
    )
    context_of = {(context.object_id, context.path): context for context in contexts}
    StringSegment.objects.bulk_create(
        [
            StringSegment(
                source=source,
                context=context_of[(source.object_id, path)],
                order=order,
                string=strings[path],
                attrs="{}",
            )
            for source in translation_sources
            for order, path in enumerate(PATHS)
        ],
        batch_size=BATCH,
    )
    targets = [code for code in homes if code != "bg"]
    Translation.objects.bulk_create(
        [
            Translation(source=source, target_locale_id=homes[code].locale_id, enabled=True)
            for source in translation_sources
            for code in targets
        ],
        batch_size=BATCH,
    )
    string_translations = []
    changes = []
    for number, (page, source) in enumerate(zip(translated, translation_sources, strict=True)):
        in_progress = (number % 3) == 1
        for code in targets:
            for path in PATHS[:1] if in_progress else PATHS:
                string_translations.append(
                    StringTranslation(
                        translation_of=strings[path],
                        locale_id=homes[code].locale_id,
                        context=context_of[(page.translation_key, path)],
                        data=f"{strings[path].data} [{code}]",
                        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                    )
                )
        if (number % 3) == 2:
            changes.append(SourceChange(source=source, fingerprint="0" * 64, changed_at=now))
    StringTranslation.objects.bulk_create(string_translations, batch_size=BATCH)
    SourceChange.objects.bulk_create(changes, batch_size=BATCH)
    return sources
