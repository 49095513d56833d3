"""Which public URLs a change to a page affects, and their purge from every cache.

A published, unpublished, moved, deleted or translated page affects, in all three languages:

- every language version of the page (translations and aliases) and its fixed routes
  (``get_cached_paths()``, e.g. a news index's ``rss/`` and ``atom/``);
- their ancestors below the root (the listings that show it, the home page) with their routes;
- their descendants (their breadcrumbs show the page's title);
- the pages it refers to and the pages that refer to it, in every language (Wagtail's reference
  index: a service and its institution, a page chooser in a block), because each shows the other;
- the paths that list every page: the sitemap, the search page of each language, the search and
  pages APIs, the page's own API detail, and any ``cache_purge_paths()`` the page type adds (the
  catalogue's linked data);
- everything, when the page is the home page or one of its children: they are the main menu and
  the footer of every page.

Pages are handed over through ``bgro.indexing.defer_or_index``: inside a catalogue import
(``deferred_indexing()``) they are collected and purged once when the import ends. The purge
itself waits for the transaction to commit, so a visitor in between cannot put the old version
back into the cache; a rolled-back change purges nothing.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, ReferenceIndex, Site

from bgro.indexing import register_indexer

from . import store

logger = logging.getLogger(__name__)

# The home page (2) and its children (3) are on every page: the menu, the footer, the languages.
CHROME_MAX_DEPTH = 3


def purging_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False) or bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _page_paths(page):
    """The public paths of one page version with its fixed routes: '/bg/news/', '/bg/news/rss/'."""
    with translation.override(page.locale.language_code if page.locale_id else None):
        parts = page.get_url_parts()
    if parts is None:
        return []
    page_path = parts[2]
    return [urljoin(page_path, route.lstrip("/")) if route != "/" else page_path for route in page.get_cached_paths()]


def _site_wide_paths():
    paths = {reverse("sitemap"), reverse("search_api"), reverse("search_suggest_api"), "/api/v2/pages/"}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("search"))
    return paths


def _versions(pages):
    """Every language version (translations and aliases) of these pages, as their specific class."""
    keys = {page.translation_key for page in pages}
    # The pages handed over are used as they are: a deleted one is no longer in the database,
    # but its own URL still counts.
    found = {page.pk: page for page in pages}
    others = Page.objects.filter(translation_key__in=keys).exclude(pk__in=[pk for pk in found if pk is not None])
    found.update((page.pk, page) for page in others.select_related("locale").specific())
    return list(found.values())


def _referenced_pages(versions):
    """Pages that refer to these versions, and pages these versions refer to."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = [str(page.pk) for page in versions]
    referring = ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id__in=ids, base_content_type=page_type
    ).values_list("object_id", flat=True)
    referred = ReferenceIndex.objects.filter(
        base_content_type=page_type, object_id__in=ids, to_content_type=page_type
    ).values_list("to_object_id", flat=True)
    related_ids = {int(each) for each in [*referring, *referred] if str(each).isdigit()} - {
        page.pk for page in versions
    }
    return list(Page.objects.filter(pk__in=related_ids).only("translation_key")) if related_ids else []


def affected(pages, extra_paths=()):
    """(paths, whole_site): the public paths these pages' change affects; whole_site when every
    page shows it (the home page or the menu changed)."""
    versions = _versions(pages)
    related = _referenced_pages(versions)
    if related:
        known = {page.pk for page in versions}
        versions += [page for page in _versions(related) if page.pk not in known]
    whole_site = any(page.depth <= CHROME_MAX_DEPTH for page in pages)
    paths = set(extra_paths) | _site_wide_paths()
    # Ancestors from the tree paths themselves (treebeard: each level adds steplen characters),
    # descendants only of pages that have children: one query even for a whole catalogue import.
    ancestor_paths = set()
    descendants_query = Page.objects.none()
    for page in versions:
        paths.update(_page_paths(page))
        paths.add(f"/api/v2/pages/{page.pk}/")
        if hasattr(page, "cache_purge_paths"):
            paths.update(page.cache_purge_paths())
        if page.path:
            ancestor_paths.update(page.path[:end] for end in range(2 * Page.steplen, len(page.path), Page.steplen))
        if page.numchild:
            descendants_query |= Page.objects.descendant_of(page)
    surrounding = Page.objects.filter(path__in=ancestor_paths) | descendants_query
    for page in surrounding.select_related("locale").specific().distinct():
        paths.update(_page_paths(page))
    return paths, whole_site


def full_urls(paths):
    """The paths under every site's root URL (the front cache is keyed by host)."""
    roots = {site.root_url for site in Site.objects.all()}
    return sorted(urljoin(root, path) for root in roots for path in paths)


def purge(paths, whole_site=False):
    """Purge from the page cache now, and from the front cache (when one is configured) through
    Wagtail's own background job (wagtail.contrib.frontend_cache enqueues it with django-tasks):
    its requests come back to the site for the fresh pages and must not tie up the web worker that
    published. A site-wide change, or more than FRONTEND_CACHE_PURGE_MAX_URLS URLs (a catalogue
    import), is left to expire in the front cache after PAGE_CACHE_SHARED_MAX_AGE seconds."""
    if whole_site:
        store.purge_site()
    store.purge_paths(paths)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        # The search APIs answer only with a query string (400 without): nothing to refresh.
        query_only = {reverse("search_api"), reverse("search_suggest_api")}
        urls = full_urls(set(paths) - query_only)
        if whole_site or len(urls) > settings.FRONTEND_CACHE_PURGE_MAX_URLS:
            logger.info("Front cache left to expire (%d URLs, whole site: %s)", len(urls), whole_site)
        else:
            purge_urls_from_cache(urls)


@register_indexer
def purge_pages(pages):
    """Purge what these pages affect, once their transaction commits (an indexer of
    ``bgro.indexing``, so a catalogue import purges once, at its end)."""
    if not purging_enabled():
        return
    paths, whole_site = affected(pages, extra_paths=_moved_from(pages))
    transaction.on_commit(lambda: purge(paths, whole_site))


def _moved_from(pages):
    """The old URLs of moved pages (set by the move handler on the instance it saw)."""
    return {path for page in pages for path in getattr(page, "_pagecache_old_paths", ())}


def old_paths_of_subtree(page, old_url_path):
    """The public paths a moved page and its descendants had before the move."""
    paths = []
    for each in Page.objects.descendant_of(page, inclusive=True).select_related("locale").specific():
        before = old_url_path + each.url_path[len(page.url_path) :]
        moved = type(each)(pk=each.pk, url_path=before, locale=each.locale, depth=each.depth, path=each.path)
        paths.extend(_page_paths(moved))
    return paths
