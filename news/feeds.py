"""RSS 2.0 and Atom feeds of a news index, served by its routes ``rss/`` and ``atom/``.

A feed holds the latest news of its language tree, newest first. Items that are not translated
yet are aliases of the Bulgarian ones: they are in the feed too, marked with the language their
text is in (``dc:language`` in RSS, ``xml:lang`` in Atom), which readers use for hyphenation,
fonts and speech.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils import feedgenerator, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bgro.models import SiteInformation

ITEM_COUNT = 20


class _ItemLanguageMixin:
    """The language of an item's text when it differs from the feed's (an untranslated alias)."""

    def item_language(self, item):
        language = item.get("language")
        return language if language and language != self.feed["language"] else None


class NewsRssFeed(_ItemLanguageMixin, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        language = self.item_language(item)
        if language:
            handler.addQuickElement("dc:language", language)


class NewsAtomFeed(_ItemLanguageMixin, feedgenerator.Atom1Feed):
    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        language = self.item_language(item)
        if language:
            attributes["xml:lang"] = language
        return attributes


class NewsFeed(Feed):
    """The latest news of ``index``, served by its route ``route`` ("rss" or "atom"); a new
    instance serves each request (it keeps the request to build absolute URLs)."""

    feed_types = {"rss": NewsRssFeed, "atom": NewsAtomFeed}

    def __init__(self, index, route):
        super().__init__()
        self.index = index
        self.route = route
        self.feed_type = self.feed_types[route]
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index):
        # The name an administrator set (Settings → Site information), as in the pages' titles.
        site_name = SiteInformation.for_request_cached(self.request).site_name
        return _("News – %(site_name)s") % {"site_name": site_name}

    def description(self, index):
        return index.introduction or _("News of the public institutions of the Bulgaria–Romania cross-border region.")

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        # Built like the links, from the site's address, so the feed names itself as they do.
        return index.get_full_url(self.request) + index.reverse_subpage(self.route)

    def items(self, index):
        # One query: the pages with the language of the page an alias shows, and their tags (one more).
        return list(
            index.news()
            .prefetch_related("tags")
            .annotate(source_language=F("alias_of__locale__language_code"))
            .defer("body", "related_pages")[:ITEM_COUNT]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=timezone.get_default_timezone())

    def item_updateddate(self, item):
        # Atom requires it; a page that was never published through a revision has no date.
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {"language": item.source_language or get_language()}
