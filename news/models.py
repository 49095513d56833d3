"""News of the region's institutions and the deliverables of the cross-border programme.

Deliverables live here, beside news, because both are dated publications that
communications officers publish and visitors browse newest first; a deliverable is a
publication with a file in each language rather than a record of the service catalogue.
"""

import re

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from bgro.blocks import BodyStreamBlock
from bgro.models import BasePage, IndexPage
from bgro.pagination import CountedPaginator, page_number

from .blocks import RelatedPagesStreamBlock
from .feeds import NewsFeed

TAG_SLUG = re.compile(r"[-\w]{1,100}")


class NewsIndexPage(RoutablePageMixin, IndexPage):
    """The news list: newest first, ten per page, filterable by tag; its routes ``rss/`` and
    ``atom/`` are the feeds of the latest news of its language tree."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    page_size = 10

    # (route, MIME type, title): base.html announces them on every page of the language tree.
    feeds = [
        ("rss", "application/rss+xml", _("News (RSS)")),
        ("atom", "application/atom+xml", _("News (Atom)")),
    ]

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def get_cached_paths(self):
        # The feeds are purged with the list (pagecache, wagtail.contrib.frontend_cache).
        return ["/", *(self.get_resolver().reverse(route) for route, _mime_type, _title in self.feeds)]

    @classmethod
    def feed_links(cls, url):
        """(MIME type, title, URL) of the feeds of the news index at ``url``, without loading it."""
        return [(mime_type, title, url + cls.get_resolver().reverse(route)) for route, mime_type, title in cls.feeds]

    def news(self):
        """The live news items a visitor may see, newest first (the list, its tags, the feeds).
        Built once per page object: ``visible()`` reads the site's view restrictions when the
        queryset is built, and the list and ``news_tags`` both start from it."""
        if "_visible_news" not in self.__dict__:
            self.__dict__["_visible_news"] = (
                NewsPage.objects.child_of(self).visible().select_related("listing_image").order_by("-date", "-pk")
            )
        return self.__dict__["_visible_news"]

    def listed_news(self, tag):
        """The news items the list shows: all, or those tagged ``tag``."""
        news = self.news()
        return news.filter(tags__slug=tag).distinct() if tag else news

    def news_count(self, request, tag):
        """How many items the list (of ``tag``) holds, kept per site version: any news item
        published, unpublished, moved or made private gives a new one."""
        if getattr(request, "is_preview", False):
            return self.listed_news(tag).count()
        from pagecache import site_version

        return site_version.remember(request, ("news-count", self.pk, tag), lambda: self.listed_news(tag).count())

    def __getstate__(self):
        # Pickling a queryset runs it: a page kept in the cache leaves its list behind.
        state = super().__getstate__()
        state.pop("_visible_news", None)
        return state

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()
        if not TAG_SLUG.fullmatch(tag):
            tag = ""  # not a tag slug (e.g. control characters, which PostgreSQL refuses): no filter
        count = self.news_count(request, tag)
        number = page_number(request.GET.get("page"), count, self.page_size)
        # The news items are read only when the list's fragment is not kept (``news_fragment``):
        # building their queryset reads the privacy settings.
        paginator = SimpleLazyObject(lambda: CountedPaginator(self.listed_news(tag), self.page_size, count=count))
        context["news_page"] = SimpleLazyObject(lambda: paginator.page(number))
        context["paginator"] = paginator
        context["current_tag"] = tag
        # The tags and the list are kept as a fragment per site version and query string (the tag
        # and the page number).
        context["news_fragment"] = self.news_fragment(request)
        return context

    def news_fragment(self, request):
        from pagecache import site_version

        return site_version.fragment(request, (self.pk,))

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return NewsFeed(self, "rss")(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return NewsFeed(self, "atom")(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    """A news item of an institution or of the programme."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), help_text=_("The first paragraph: who, what, when, in two or three sentences."))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    related_pages = StreamField(
        RelatedPagesStreamBlock(),
        verbose_name=_("related services and institutions"),
        blank=True,
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("related_pages"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("date"),
        APIField("lead"),
        APIField("body"),
        APIField("tags"),
        APIField("related_pages"),
    ]

    # Tags are left out on purpose: each language version carries tags in its own language.
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("date"),
        TranslatableField("lead"),
        TranslatableField("body"),
        # Page references are copied and shown in the visitor's language at render time.
        SynchronizedField("related_pages"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    social_type = "article"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-date"]


class DeliverableType(models.TextChoices):
    STUDY = "study", _("Study")
    STRATEGY = "strategy", _("Strategy")
    USER_GUIDE = "user-guide", _("User guide")
    COOPERATION_AGREEMENT = "cooperation-agreement", _("Cooperation agreement")
    REPORT = "report", _("Report")


class DeliverableIndexPage(IndexPage):
    """The programme's deliverables: studies, strategies, guides, agreements, reports."""

    parent_page_types = ["home.HomePage", "bgro.StandardPage"]
    subpage_types = ["news.DeliverablePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("deliverable index page")
        verbose_name_plural = _("deliverable index pages")

    def deliverables(self):
        return (
            DeliverablePage.objects.child_of(self)
            .visible()
            .select_related("document_bg", "document_ro", "document_en")
            .order_by("-publication_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["deliverables"] = self.deliverables()
        return context


class DeliverablePage(BasePage):
    """One deliverable, with its file in each language it was published in."""

    deliverable_type = models.CharField(_("type"), max_length=32, choices=DeliverableType.choices)
    publication_date = models.DateField(_("publication date"))
    summary = models.TextField(_("summary"))
    description = RichTextField(_("description"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    # One file per language: every language version of the page offers all three downloads.
    document_bg = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document in Bulgarian"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    document_ro = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document in Romanian"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    document_en = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document in English"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("deliverable_type"),
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("document_bg"), FieldPanel("document_ro"), FieldPanel("document_en")],
            heading=_("Files"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("deliverable_type"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("deliverable_type"),
        APIField("publication_date"),
        APIField("summary"),
        APIField("description"),
        APIField("document_bg"),
        APIField("document_ro"),
        APIField("document_en"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("deliverable_type"),
        SynchronizedField("publication_date"),
        TranslatableField("summary"),
        TranslatableField("description"),
        SynchronizedField("document_bg"),
        SynchronizedField("document_ro"),
        SynchronizedField("document_en"),
    ]

    parent_page_types = ["news.DeliverableIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def documents(self):
        """(language code, document) for each language that has a file."""
        return [
            (code, document)
            for code, document in (("bg", self.document_bg), ("ro", self.document_ro), ("en", self.document_en))
            if document is not None
        ]
