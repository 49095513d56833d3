"""Keep the platform's search index in step with the pages.

A translation group is (re)indexed as a whole: its live, public language versions give the
entry's versions and postings; a group with none left leaves the index. Signals call
``index_groups`` on publish, unpublish, move, delete and privacy changes (search.signals);
``update_index`` rebuilds everything.
"""

import warnings
from collections import defaultdict

from django.db import transaction
from django.db.models import prefetch_related_objects
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.models import TranslationSource

from .analysis import LANGUAGES, document_keys
from .documents import contact_headings, group_facets, is_indexed_type, page_text, place_names
from .engine import index_changed, search_engine
from .models import SearchEntry, SearchEntryVersion, SearchPosting

BATCH_SIZE = 400


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _is_private(page, restricted_paths):
    return any(page.path.startswith(path) for path in restricted_paths)


def index_groups(translation_keys):
    """Bring the index entries of these translation groups up to date."""
    _index_in_batches(list(dict.fromkeys(translation_keys)))


def index_pages(pages):
    index_groups(page.translation_key for page in pages)


def rebuild_index():
    """Index every group from scratch; returns the number of entries."""
    keys = list(Page.objects.filter(depth__gt=1).values_list("translation_key", flat=True).distinct())
    # On a search node: a new index, swapped in when it is full (the old one answers meanwhile).
    with search_engine().rebuilding(), transaction.atomic():
        # Children first: each is then one DELETE statement, not a cascade through Python.
        SearchPosting.objects.all().delete()
        SearchEntryVersion.objects.all().delete()
        SearchEntry.objects.all().delete()
        _index_in_batches(keys)
    return SearchEntry.objects.count()


def _index_in_batches(keys):
    restricted = _restricted_paths()
    engine = search_engine()
    for start in range(0, len(keys), BATCH_SIZE):
        engine.index_entries(_index_batch(keys[start : start + BATCH_SIZE], restricted))
    # Now for this process (and its transaction), and again once the change is committed, so
    # that no other process keeps a snapshot it reloaded before the change was visible.
    index_changed()
    transaction.on_commit(index_changed)


# The headings of an institution's contact details weigh as its summary: a visitor who asks for
# an office's hours or phone wants the office's own page.
CONTACT_HEADING_WEIGHT = SearchPosting.SUMMARY


@transaction.atomic
def _index_batch(keys, restricted):
    """Index one batch of groups; returns the translation keys of the entries written or removed."""
    with warnings.catch_warnings():
        # While a page is being deleted its specific row may already be gone: Wagtail then
        # gives the base Page (and warns), which is not indexed, so the entry goes as it should.
        warnings.simplefilter("ignore", RuntimeWarning)
        pages = list(Page.objects.filter(translation_key__in=keys, live=True).specific())
    _prefetch_institutions(pages)
    private = {page.pk for page in pages if _is_private(page, restricted)}
    by_key = defaultdict(list)
    for page in pages:
        # An alias has no restriction of its own: Wagtail serves it with its source's.
        if is_indexed_type(type(page)) and page.pk not in private and page.alias_of_id not in private:
            by_key[page.translation_key].append(page)
    by_key = {key: group for key, group in by_key.items() if any(page.alias_of_id is None for page in group)}

    source_languages = dict(
        TranslationSource.objects.filter(object_id__in=keys).values_list("object_id", "locale__language_code")
    )
    # specific() drops select_related: the language of each locale is read once here.
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    existing = {entry.translation_key: entry for entry in SearchEntry.objects.filter(translation_key__in=keys)}
    gone = {str(key): entry.pk for key, entry in existing.items() if key not in by_key}
    SearchEntry.objects.filter(pk__in=gone.values()).delete()

    versions, postings, touched = [], [], []
    for key, group in by_key.items():
        sources = [page for page in group if page.alias_of_id is None]
        source = _source_version(sources, source_languages.get(key), languages)
        facets = group_facets(source)
        entry = existing.get(key) or SearchEntry(translation_key=key)
        entry.kind = facets.kind
        entry.identifier = facets.identifier or str(key)
        entry.source_language = languages[source.locale_id]
        entry.country = facets.country or ""
        entry.region = facets.region or ""
        entry.institution = facets.institution or ""
        entry.audience = ",".join(facets.audience)
        entry.online = facets.online
        entry.date = facets.date
        entry.save()
        touched.append(entry.pk)

        weights = {}
        for page in group:
            language = languages[page.locale_id]
            translated = page.alias_of_id is None
            text = page_text(page) if translated else None
            versions.append(
                SearchEntryVersion(
                    entry=entry,
                    language=language,
                    page_id=page.pk,
                    title=page.title[:255],
                    url=(page.url or "")[:500],
                    text=" ".join(filter(None, [text.summary, text.body])) if text else "",
                    translated=translated,
                )
            )
            if not translated:
                continue
            for weight, part in (
                (SearchPosting.BODY, text.body),
                (SearchPosting.SUMMARY, text.summary),
                (SearchPosting.TITLE, text.title),
            ):
                for index_key in document_keys(part, language):
                    if weights.get(index_key, 0) < weight:
                        weights[index_key] = weight
        for language, text in place_names(facets, LANGUAGES):
            for index_key in document_keys(text, language):
                weights.setdefault(index_key, SearchPosting.BODY)
        for language, text in contact_headings(facets, LANGUAGES):
            for index_key in document_keys(text, language):
                if weights.get(index_key, 0) < CONTACT_HEADING_WEIGHT:
                    weights[index_key] = CONTACT_HEADING_WEIGHT
        postings.extend(
            SearchPosting(entry=entry, key=index_key, weight=weight) for index_key, weight in weights.items()
        )

    SearchEntryVersion.objects.filter(entry_id__in=touched).delete()
    SearchPosting.objects.filter(entry_id__in=touched).delete()
    SearchEntryVersion.objects.bulk_create(versions, batch_size=1000)
    SearchPosting.objects.bulk_create(postings, batch_size=5000)
    return [str(key) for key in by_key] + list(gone)


def _source_version(pages, source_language, languages):
    """The version the others were translated from (wagtail-localize's source), else the oldest."""
    for page in pages:
        if languages[page.locale_id] == source_language:
            return page
    return min(pages, key=lambda page: page.pk)


def _prefetch_institutions(pages):
    with_institution = [page for page in pages if hasattr(page, "institution_id")]
    by_class = defaultdict(list)
    for page in with_institution:
        by_class[type(page)].append(page)
    for same_class in by_class.values():
        prefetch_related_objects(same_class, "institution")
