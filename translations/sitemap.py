"""``/sitemap.xml``: every live public page with its real translations as hreflang alternates.

Wagtail's own sitemap lists every page of every tree, aliases included, and says nothing of
languages. Here an alias (a page not yet translated, which shows its source's text) is not
listed: it repeats its source, and its canonical URL points there too. Each listed page names
all its listed language versions, itself included, with ``<xhtml:link rel="alternate">``, and
the Bulgarian version as ``x-default`` (the site's default language, as in the pages' own head).

Three queries whatever the number of pages: the view restrictions, the sites' root paths
(cached by Wagtail) and the pages. The sitemap protocol allows 50,000 URLs per file: beyond that, ``/sitemap.xml`` is a sitemap
index of sections ``/sitemap.xml?p=1``, ``?p=2``… (each computed from the whole set, so that
alternates across sections stay right).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.sax.saxutils import escape as _escape

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Page, Site

from bgro.models import SitePageQuerySet


@dataclass
class Entry:
    location: str
    language: str
    lastmod: object
    alternates: list = field(default_factory=list)  # (language code, URL), the entry's own included
    x_default: str = ""


def escape(text):
    return _escape(text, {'"': "&quot;"})


# The sitemap protocol's limit of URLs per file.
MAX_URLS = 50_000

# The characters reverse() leaves unquoted in a path (django.urls.resolvers).
SAFE_IN_PATH = "/~:@!$&'()*+,;="


class PageURLs:
    """Full page URLs as ``Page.get_full_url`` builds them, without a reverse() per page.

    Wagtail finds the site whose root path starts the page's ``url_path`` and reverses its
    ``wagtail_serve`` route in that root's language; that costs half a millisecond a page,
    fifteen seconds for 30,000. Here the route's prefix is reversed once per language and the
    rest of the path is quoted as reverse() quotes it (the tests compare both).
    """

    def __init__(self):
        self.roots = Site.get_site_root_paths()
        self.prefixes = {}

    def _prefix(self, language_code):
        if language_code not in self.prefixes:
            with translation.override(language_code):
                self.prefixes[language_code] = reverse("wagtail_serve", args=("",))
        return self.prefixes[language_code]

    def full_url(self, url_path):
        for root in self.roots:
            if url_path.startswith(root.root_path):
                path = self._prefix(root.language_code) + quote(url_path[len(root.root_path) :], safe=SAFE_IN_PATH)
                if not WAGTAIL_APPEND_SLASH and path != "/":
                    path = path.rstrip("/")
                return f"{root.root_url}{path}"
        return None


def sitemap_entries(request):
    pages = (
        SitePageQuerySet(Page)
        .visible()
        .filter(depth__gt=1, alias_of__isnull=True)
        .order_by("path")
        .values_list("url_path", "translation_key", "locale__language_code", "last_published_at")
    )
    urls = PageURLs()
    entries = []
    groups = defaultdict(list)
    for url_path, translation_key, language_code, last_published_at in pages:
        url = urls.full_url(url_path)
        if not url:  # outside every site
            continue
        entry = Entry(location=url, language=language_code, lastmod=last_published_at)
        entries.append(entry)
        groups[translation_key].append(entry)
    order = [code for code, _name in settings.LANGUAGES]
    for versions in groups.values():
        if len(versions) < 2:
            continue
        versions.sort(key=lambda entry: order.index(entry.language) if entry.language in order else len(order))
        alternates = [(entry.language, entry.location) for entry in versions]
        x_default = next((url for code, url in alternates if code == settings.LANGUAGE_CODE), "")
        for entry in versions:
            entry.alternates = alternates
            entry.x_default = x_default
    return entries


def render_xml(entries):
    """The sitemap document. Written directly rather than through a template: the template
    engine spends a quarter of a millisecond per tag, twenty seconds for 30,000 pages."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        parts = [f"<url><loc>{escape(entry.location)}</loc>"]
        if entry.lastmod:
            parts.append(f"<lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for code, url in entry.alternates:
            parts.append(f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(url)}"/>')
        if entry.x_default:
            parts.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{escape(entry.x_default)}"/>')
        parts.append("</url>")
        lines.append("".join(parts))
    lines.append("</urlset>\n")
    return "\n".join(lines)


def render_index(request, sections):
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(
            f"<sitemap><loc>{escape(request.build_absolute_uri(f'{request.path}?p={number}'))}</loc></sitemap>"
            for number in range(1, sections + 1)
        ),
        "</sitemapindex>\n",
    ]
    return "\n".join(lines)


@require_safe
def sitemap(request):
    """The sitemap; beyond ``MAX_URLS`` pages, a sitemap index of sections ``?p=1``, ``?p=2``…"""
    entries = sitemap_entries(request)
    sections = max(1, -(-len(entries) // MAX_URLS))
    number = request.GET.get("p")
    if number is None:
        body = render_xml(entries) if sections == 1 else render_index(request, sections)
    elif number.isascii() and number.isdigit() and len(number) <= 6 and 1 <= int(number) <= sections:
        start = (int(number) - 1) * MAX_URLS
        body = render_xml(entries[start : start + MAX_URLS])
    else:
        raise Http404("No such sitemap section.")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
