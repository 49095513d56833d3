"""What the head of ``base.html`` tells other sites about the page (``components/head_metadata.html``):
the feeds of the visitor's language tree, and the Open Graph and Twitter card tags used when the
page is shared on social media.

Both are read once per request, like the lookups of ``site_tags``:

- the feeds come from the home page's children that the menu loads anyway: no query;
- the sharing tags read the page's own fields, and for a page with a listing image the image
  (one query) and its 1200×630 rendition (none when cached, one otherwise).
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin

from django import template
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from .site_tags import _once_per_site_version, _site_links

register = template.Library()

# Open Graph names locales language_TERRITORY; English is the one of the United Kingdom, as in the
# EU's institutions.
OPEN_GRAPH_LOCALES = {"bg": "bg_BG", "ro": "ro_RO", "en": "en_GB"}
# The size Facebook and LinkedIn recommend (1.91:1), as JPEG: not every service reads WebP.
SOCIAL_IMAGE_FILTER = "fill-1200x630|format-jpeg"
# Text that can describe the page when editors wrote neither a search description nor a summary.
DESCRIPTION_FALLBACK_FIELDS = ("lead", "summary", "introduction")
DESCRIPTION_MAX_LENGTH = 300


# --- Feeds ---------------------------------------------------------------------------------------


@dataclass
class FeedLink:
    type: str
    title: str
    url: str


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The feeds of the visitor's language tree: those of the home page's children whose page
    type has ``feed_links(url)`` (the news index)."""
    request = context.get("request")

    def compute():
        links = []
        for section in _site_links(request).sections:
            model = section.specific_class
            if model is None or not hasattr(model, "feed_links"):
                continue
            url = section.get_full_url(request)
            if url:
                links.extend(FeedLink(*link) for link in model.feed_links(url))
        return links

    return _once_per_site_version(request, ("feed_links",), compute)


# --- Sharing -------------------------------------------------------------------------------------


@dataclass
class SocialMetadata:
    title: str
    url: str
    type: str = "website"
    description: str = ""
    locale: str = ""
    locale_alternates: list = field(default_factory=list)
    published_time: str = ""
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image_url else "summary"


def _description(page):
    for name in ("search_description", "listing_summary", *DESCRIPTION_FALLBACK_FIELDS):
        text = getattr(page, name, None)
        if isinstance(text, str) and text.strip():
            return Truncator(" ".join(text.split())).chars(DESCRIPTION_MAX_LENGTH)
    return ""


def _social_metadata(request, page, languages):
    # An untranslated alias shows its source's text, and shares the source's address (canonical).
    language = getattr(languages, "source_language", "") or get_language()
    metadata = SocialMetadata(
        title=page.seo_title or page.title,
        url=getattr(languages, "canonical", "") or page.get_full_url(request) or "",
        type=getattr(page, "social_type", "website"),
        description=_description(page),
        locale=OPEN_GRAPH_LOCALES.get(language, language),
        locale_alternates=[
            OPEN_GRAPH_LOCALES.get(code, code)
            for code, _url in getattr(languages, "alternates", ())
            if code != language
        ],
    )
    date = getattr(page, "date", None)
    if metadata.type == "article" and date is not None:
        metadata.published_time = date.isoformat()
    if getattr(page, "listing_image_id", None):
        image = page.listing_image
        try:
            rendition = image.get_rendition(SOCIAL_IMAGE_FILTER)
        except SourceImageIOError:  # the file is missing: share the page without an image
            rendition = None
        if rendition is not None:
            # On the site's address, as the page's (uploads may also live on a host of their own).
            metadata.image_url = urljoin(page.get_full_url(request) or "", rendition.url)
            metadata.image_width = rendition.width
            metadata.image_height = rendition.height
            metadata.image_alt = image.default_alt_text
    return metadata


@register.simple_tag(takes_context=True)
def social_metadata(context, page, languages=None):
    """Open Graph and Twitter card values for ``page`` (None for views that are not pages);
    ``languages`` is what ``page_languages`` gave base.html (canonical URL, real translations)."""
    if not isinstance(page, Page) or not page.pk:
        return None
    request = context.get("request")
    return _once_per_site_version(
        request, ("social_metadata", page.pk), lambda: _social_metadata(request, page, languages)
    )
