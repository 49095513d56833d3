"""Carry a page into another language through wagtail-localize, from known translated values.

Importers and the demo loader know the translated text of every field. Rather than writing
translated pages directly, they go through wagtail-localize like a translator would: the
source page becomes a TranslationSource, each translated string becomes a StringTranslation
(so it enters the translation memory), and the translated page is saved from them. The
editor then shows the page as translated and in sync.
"""

import json
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import F, ForeignKey
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.fields import StreamField
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published, published
from wagtail_localize.models import (
    OverridableSegment,
    String,
    StringSegment,
    StringTranslation,
    Template,
    TemplateSegment,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.models import Translation as LocalizeTranslation

from bgro import framework_internals as internals
from bgro.framework_internals import (
    RelatedObjectSegmentValue,
    StringSegmentValue,
    StringValue,
    TemplateSegmentValue,
    extract_segments,
    ingest_segments,
)
from bgro.indexing import defer_or_index, index_in_search_backends, update_reference_index

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
                # An instance is kept on the page too, so reading the relation costs no query.
                setattr(page, field.name if isinstance(value, models.Model) else field.attname, value)
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
        context.path: context for context in TranslationContext.objects.filter(object_id=translation_source.object_id)
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


# --- Many new pages at once ---
#
# An import of thousands of new records cannot afford Wagtail's per-page path (add_child,
# save_revision, publish, copy_for_translation, wagtail-localize's segment extraction: dozens
# of queries per page). create_pages_in_bulk writes the same rows in a few statements per
# batch: pages and revisions, log entries, wagtail-localize's translatable object, translation
# source, contexts, strings, templates, segments, translations and string translations, and
# the aliases. The translated pages are still made by wagtail-localize's ingest_segments from
# the string translations, as its create_or_update_translation does; page_published is sent
# for every page that goes live, and the indexes are updated through bgro.indexing.


@dataclass
class NewPage:
    """A record that does not exist yet: its source page and what its other languages hold.

    ``page`` is the unsaved specific source page with its fields and locale set; ``parents``
    maps each language's Locale to the page that language's version goes under (the source's
    included); ``translations`` maps Locales to translated values (as for translate_page).
    Every other locale in ``parents`` gets an alias of the source.
    """

    page: Page
    parents: dict
    translations: dict = field(default_factory=dict)


class NotBulkable(Exception):
    """This page needs Wagtail's own path (child objects, or a segment that refers to another object)."""


BATCH_SIZE = 500


def create_pages_in_bulk(new_pages, *, publish=True, user=None):
    """Create the pages of ``new_pages`` (all of one page model) with translations and aliases.

    Returns the NewPage items left for the per-page path (a slug already taken under a parent,
    child objects, a related-object segment, a model with more than one table above Page); the
    rest are written.
    """
    if not new_pages:
        return []
    model = type(new_pages[0].page)
    if internals.parent_models(model) != [Page] or any(type(item.page) is not model for item in new_pages):
        return list(new_pages)
    leftover, plans = [], []
    for item in new_pages:
        try:
            plans.append(_Plan(item))
        except NotBulkable:
            leftover.append(item)
    plans = _without_slug_collisions(plans, leftover)
    if plans:
        _BulkWriter(model, plans, publish=publish, user=user).write()
    return leftover


class _Plan:
    """The in-memory part of one NewPage: its segments and the translated strings."""

    def __init__(self, item):
        self.item = item
        self.source = item.page
        self.source_locale = self.source.locale
        if _has_child_objects(self.source) or set(_many_to_many_names(self.source)) - {
            model_field.name for model_field in _parental_many_to_many(type(self.source))
        }:
            raise NotBulkable
        for model_field in _parental_many_to_many(type(self.source)):
            # Held in memory from here on, so copies do not read them again.
            setattr(self.source, model_field.name, list(getattr(self.source, model_field.name).all()))
        for relation in get_all_child_relations(type(self.source)):
            setattr(self.source, relation.get_accessor_name(), [])
        self.segments = extract_segments(self.source)
        if any(isinstance(segment, RelatedObjectSegmentValue) for segment in self.segments):
            raise NotBulkable
        string_segments = [segment for segment in self.segments if isinstance(segment, StringSegmentValue)]
        self.translated = {}  # Locale → translated text of each string segment, in order
        for locale, values in item.translations.items():
            shadow = _fresh_copy(self.source)
            apply_field_values(shadow, values)
            targets = _string_segments(shadow)
            if [s.path for s in string_segments] != [s.path for s in targets]:
                raise TranslationMismatch(
                    f"The {locale.language_code} text of “{self.source.title}” does not have the same "
                    "structure as the source (a paragraph, list item or block is missing or extra)."
                )
            self.translated[locale] = [target.string.data for target in targets]
        self.alias_locales = [
            locale for locale in item.parents if locale.pk != self.source_locale.pk and locale not in self.translated
        ]

    def slots(self):
        return {(parent.pk, self.source.slug) for parent in self.item.parents.values()}


def _without_slug_collisions(plans, leftover):
    slugs_by_parent = {}
    for plan in plans:
        for parent in plan.item.parents.values():
            slugs_by_parent.setdefault(parent.pk, (parent, set()))[1].add(plan.source.slug)
    taken = set()
    for parent, slugs in slugs_by_parent.values():
        children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        for chunk in _chunks(sorted(slugs), BATCH_SIZE):
            taken.update((parent.pk, slug) for slug in children.filter(slug__in=chunk).values_list("slug", flat=True))
    kept = []
    for plan in plans:
        slots = plan.slots()
        if slots & taken:
            leftover.append(plan.item)
        else:
            taken |= slots
            kept.append(plan)
    return kept


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fresh_copy(page):
    """An unsaved copy of ``page`` with stream values of its own (ingestion edits them in place)
    and the same many-to-many choices (as Wagtail's copy and wagtail-localize's synchronisation)."""
    model = type(page)
    copy = model()
    for model_field in model._meta.concrete_fields:
        value = getattr(page, model_field.attname)
        if isinstance(model_field, StreamField):
            raw = json.dumps(model_field.stream_block.get_prep_value(value), cls=DjangoJSONEncoder)
            value = model_field.to_python(json.loads(raw))
        setattr(copy, model_field.attname, value)
        internals.copy_cached_relation(model_field, page, copy)
    for model_field in _parental_many_to_many(model):
        setattr(copy, model_field.name, list(getattr(page, model_field.name).all()))
    for relation in get_all_child_relations(model):
        # New pages have no child objects (see _Plan); held empty in memory, never read.
        setattr(copy, relation.get_accessor_name(), [])
    return copy


def _many_to_many_names(page):
    """Many-to-many fields that hold choices on this unsaved page."""
    names = []
    for model_field in type(page)._meta.many_to_many:
        try:
            if list(getattr(page, model_field.name).all()):
                names.append(model_field.name)
        except ValueError:  # a plain ManyToManyField on an unsaved instance
            pass
    return names


def _parental_many_to_many(model):
    return [model_field for model_field in model._meta.many_to_many if isinstance(model_field, ParentalManyToManyField)]


def _has_child_objects(page):
    return any(getattr(page, relation.get_accessor_name()).all() for relation in get_all_child_relations(page))


class _BulkWriter:
    def __init__(self, model, plans, *, publish, user):
        self.model = model
        self.plans = plans
        self.publish = publish
        self.user = user
        self.now = timezone.now()
        self.content_type = ContentType.objects.get_for_model(model)
        self.page_content_type = ContentType.objects.get_for_model(Page)
        self.cursors = {}  # parent pk → [parent, last step used, pages added]
        self.parents = {}  # id(page) → parent
        self.revisions = {}  # page pk → Revision

    def write(self):
        sources = [
            self._place(plan.source, plan.item.parents[plan.source_locale], plan.source_locale) for plan in self.plans
        ]
        self._insert_pages(sources)
        self._add_revisions(sources)
        translated, aliases = [], []
        for plan in self.plans:
            for locale, strings in plan.translated.items():
                translated.append(self._translated_page(plan, locale, strings))
            aliases.extend(self._alias(plan, locale) for locale in plan.alias_locales)
        self._insert_pages(translated + aliases)
        self._add_revisions(translated)
        self._update_numchild()
        self._localize()
        self._log(sources, translated, aliases)
        self._announce(sources + translated, aliases)

    # pages

    def _place(self, page, parent, locale):
        if parent.pk not in self.cursors:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self.cursors[parent.pk] = [parent, internals.last_step(last) if last else 0, 0]
        cursor = self.cursors[parent.pk]
        cursor[1] += 1
        cursor[2] += 1
        self.parents[id(page)] = parent
        page.path = internals.child_path(parent, cursor[1])
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale = locale
        page.content_type = self.content_type
        page.owner = self.user
        page.draft_title = page.title
        page.live = self.publish
        page.has_unpublished_changes = not self.publish
        page.first_published_at = page.last_published_at = self.now if self.publish else None
        page.latest_revision_created_at = self.now
        page.latest_revision_id = page.live_revision_id = None
        page.alias_of_id = None
        return page

    def _translated_page(self, plan, locale, strings):
        translated = iter(strings)
        segments = []
        for segment in plan.segments:
            if isinstance(segment, StringSegmentValue):
                segments.append(
                    StringSegmentValue(segment.path, StringValue(next(translated)), attrs=segment.attrs).with_order(
                        segment.order
                    )
                )
            elif isinstance(segment, TemplateSegmentValue):
                segments.append(segment)
        page = _fresh_copy(plan.source)
        page.pk = page.id = None
        # As wagtail-localize's create_or_update_translation: the page is made from the strings.
        ingest_segments(_fresh_copy(plan.source), page, plan.source_locale, locale, segments)
        return self._place(page, plan.item.parents[locale], locale)

    def _alias(self, plan, locale):
        source = plan.source
        page = _fresh_copy(source)
        page.pk = page.id = None
        self._place(page, plan.item.parents[locale], locale)
        # As Wagtail's create_alias: no revision of its own, the source's publication state.
        page.alias_of_id = source.pk
        page.has_unpublished_changes = not source.live
        page.live_revision_id = source.live_revision_id
        page.latest_revision_created_at = None
        return page

    def _insert_pages(self, pages):
        if not pages:
            return
        Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
        for page in pages:
            page.page_ptr_id = page.id
        # Django's bulk_create refuses multi-table models: the specific table gets its rows here.
        internals.insert_own_table_rows(self.model, pages, BATCH_SIZE)
        for model_field in _parental_many_to_many(self.model):
            through = model_field.remote_field.through
            own, other = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            rows = [
                through(**{f"{own}_id": page.pk, f"{other}_id": chosen.pk})
                for page in pages
                for chosen in getattr(page, model_field.name).all()
            ]
            through.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def _add_revisions(self, pages):
        if not pages:
            return
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=self.content_type.pk,
                    base_content_type_id=self.page_content_type.pk,
                    object_id=str(page.pk),
                    user=self.user,
                    content=page.serializable_data(),
                    object_str=str(page),
                    created_at=self.now,
                )
                for page in pages
            ],
            batch_size=BATCH_SIZE,
        )
        for page, revision in zip(pages, revisions, strict=True):
            self.revisions[page.pk] = revision
            page.latest_revision_id = revision.pk
            if self.publish:
                page.live_revision_id = revision.pk
        # One statement run many times: cheaper than bulk_update's CASE over hundreds of rows.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Page._meta.db_table)} SET {quote('latest_revision_id')} = %s, "
                f"{quote('live_revision_id')} = %s WHERE {quote('id')} = %s",
                [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages],
            )

    def _update_numchild(self):
        for parent, _last_step, added in self.cursors.values():
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + added)
            parent.numchild += added

    # wagtail-localize: what TranslationSource.update_or_create_from_instance, refresh_segments,
    # Translation.objects.create and StringTranslation.objects.create would write

    def _localize(self):
        plans = [plan for plan in self.plans if plan.translated]
        if not plans:
            return
        schema_version = internals.schema_version(self.model._meta.app_label)
        TranslatableObject.objects.bulk_create(
            [
                TranslatableObject(translation_key=plan.source.translation_key, content_type=self.page_content_type)
                for plan in plans
            ],
            batch_size=BATCH_SIZE,
        )
        sources = TranslationSource.objects.bulk_create(
            [
                TranslationSource(
                    object_id=plan.source.translation_key,
                    specific_content_type=self.content_type,
                    locale=plan.source_locale,
                    object_repr=str(plan.source)[:200],
                    content_json=plan.source.to_json(),
                    schema_version=schema_version,
                    last_updated_at=self.now,
                )
                for plan in plans
            ],
            batch_size=BATCH_SIZE,
        )
        contexts = {}  # (translation key, path) → TranslationContext; rich text strings share one
        for plan in plans:
            for segment in plan.segments:
                key = (plan.source.translation_key, segment.path)
                if key not in contexts:
                    context = TranslationContext(
                        object_id=plan.source.translation_key,
                        path=segment.path,
                        path_id=internals.context_path_id(segment.path),
                    )
                    # The row is written below, in bulk.
                    internals.context_field_path(context, plan.source)
                    contexts[key] = context
        TranslationContext.objects.bulk_create(list(contexts.values()), batch_size=BATCH_SIZE)
        strings = self._strings(plans)
        templates = self._templates(plans)

        string_segments, template_segments, overridable_segments = [], [], []
        translations, string_translations, seen = [], [], set()
        for plan, source in zip(plans, sources, strict=True):
            own_strings = []
            for segment in plan.segments:
                context = contexts[(plan.source.translation_key, segment.path)]
                common = {"source": source, "context": context, "order": segment.order}
                if isinstance(segment, StringSegmentValue):
                    string_id = strings[(plan.source_locale.pk, segment.string.data)]
                    attrs = json.dumps(segment.attrs, cls=DjangoJSONEncoder)
                    string_segments.append(StringSegment(string_id=string_id, attrs=attrs, **common))
                    own_strings.append((string_id, context.pk))
                elif isinstance(segment, TemplateSegmentValue):
                    template_segments.append(TemplateSegment(template_id=templates[_template_key(segment)], **common))
                else:
                    data_json = json.dumps(segment.data, cls=DjangoJSONEncoder)
                    overridable_segments.append(OverridableSegment(data_json=data_json, **common))
            for locale, texts in plan.translated.items():
                translations.append(LocalizeTranslation(source=source, target_locale=locale, enabled=True))
                for (string_id, context_id), text in zip(own_strings, texts, strict=True):
                    # One translation per string and context (a rich text may repeat a sentence).
                    if (string_id, locale.pk, context_id) in seen:
                        continue
                    seen.add((string_id, locale.pk, context_id))
                    string_translations.append(
                        StringTranslation(
                            translation_of_id=string_id,
                            locale=locale,
                            context_id=context_id,
                            data=text,
                            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                            last_translated_by=self.user,
                        )
                    )
        StringSegment.objects.bulk_create(string_segments, batch_size=BATCH_SIZE)
        TemplateSegment.objects.bulk_create(template_segments, batch_size=BATCH_SIZE)
        OverridableSegment.objects.bulk_create(overridable_segments, batch_size=BATCH_SIZE)
        LocalizeTranslation.objects.bulk_create(translations, batch_size=BATCH_SIZE)
        StringTranslation.objects.bulk_create(string_translations, batch_size=BATCH_SIZE)

    def _strings(self, plans):
        """(locale id, text) → String id for every source string; existing strings are reused."""
        wanted = {}
        for plan in plans:
            for segment in plan.segments:
                if isinstance(segment, StringSegmentValue):
                    data = segment.string.data
                    wanted[(plan.source_locale.pk, data)] = internals.string_data_hash(data)
        return _get_or_create_many(
            String,
            wanted,
            lambda key, data_hash: String(locale_id=key[0], data=key[1], data_hash=data_hash),
            lambda chunk: String.objects.filter(data_hash__in=chunk).values_list("locale_id", "data", "pk"),
        )

    def _templates(self, plans):
        segments = {}
        for plan in plans:
            for segment in plan.segments:
                if isinstance(segment, TemplateSegmentValue):
                    segments[_template_key(segment)] = segment
        return _get_or_create_many(
            Template,
            {key: key[2] for key in segments},
            lambda key, template_uuid: Template(
                uuid=template_uuid,
                template=key[1],
                template_format=key[0],
                string_count=segments[key].string_count,
            ),
            lambda chunk: Template.objects.filter(uuid__in=chunk).values_list(
                "template_format", "template", "uuid", "pk"
            ),
        )

    # history, signals and indexes

    def _log(self, sources, translated, aliases):
        entries = []
        by_key = {page.translation_key: page for page in sources}

        def add(page, action, **kwargs):
            entries.append(
                PageLogEntry(
                    content_type=self.content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    timestamp=self.now,
                    user=self.user,
                    page_id=page.pk,
                    **kwargs,
                )
            )

        def copied(page):
            source = by_key[page.translation_key]
            source_parent, destination = self.parents[id(source)], self.parents[id(page)]
            return {
                "page": {"id": page.pk, "title": page.get_admin_display_title()},
                "source": {"id": source_parent.pk, "title": source_parent.get_admin_display_title()},
                "destination": {"id": destination.pk, "title": destination.get_admin_display_title()},
            }

        for page in sources:
            add(page, "wagtail.create", content_changed=True)
        for page in translated:
            source = by_key[page.translation_key]
            data = copied(page)
            data["page"]["locale"] = {"id": page.locale.pk, "language_code": page.locale.language_code}
            data.update(
                keep_live=False, source_locale={"id": source.locale.pk, "language_code": source.locale.language_code}
            )
            add(page, "wagtail.copy_for_translation", data=data)
        for page in aliases:
            add(page, "wagtail.create_alias", data=copied(page))
        if self.publish:
            for page in sources + translated:
                add(page, "wagtail.publish", revision_id=page.live_revision_id, content_changed=True)
        PageLogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)

    def _announce(self, pages, aliases):
        if self.publish:
            for page in pages:
                revision = self.revisions[page.pk]
                page_published.send(sender=self.model, instance=page, revision=revision)
                published.send(sender=self.model, instance=page, revision=revision)
        # Indexers re-read what they index; until the import ends they hold only a light copy
        # of each page (10,000 records make 30,000 pages).
        everything = [_light(page) for page in pages + aliases]
        defer_or_index(index_in_search_backends, *everything)
        defer_or_index(update_reference_index, *everything)


LIGHT_FIELDS = (
    "id",
    "page_ptr_id",
    "path",
    "depth",
    "translation_key",
    "locale_id",
    "content_type_id",
    "alias_of_id",
    "live",
)


def _light(page):
    """The page as ``.only(*LIGHT_FIELDS)`` would load it: other fields are read on access."""
    return type(page).from_db(connection.alias, LIGHT_FIELDS, [getattr(page, name) for name in LIGHT_FIELDS])


def _template_key(segment):
    return (segment.format, segment.template, internals.template_uuid(segment.format, segment.template))


def _get_or_create_many(model, wanted, build, existing_rows):
    """``wanted`` maps keys to a unique lookup value; returns key → pk, creating what is missing.

    ``existing_rows(lookups)`` yields rows whose leading values form the key and whose last is the pk.
    """
    found = {}

    def read(lookups):
        for chunk in _chunks(lookups, BATCH_SIZE):
            for *key, pk in existing_rows(chunk):
                key = tuple(key)
                if key in wanted:
                    found[key] = pk

    read(list(set(wanted.values())))
    missing = [build(key, lookup) for key, lookup in wanted.items() if key not in found]
    if missing:
        # ignore_conflicts: a concurrent import may create the same string meanwhile.
        model.objects.bulk_create(missing, batch_size=BATCH_SIZE, ignore_conflicts=True)
        read([lookup for key, lookup in wanted.items() if key not in found])
    return found
