"""``/sitemap.xml``: every live public page with its real translations as hreflang alternates.

Wagtail's own sitemap lists every page of every tree, aliases included, and says nothing of
languages. Here an alias (a page not yet translated, which shows its source's text) is not
listed: it repeats its source, and its canonical URL points there too. Each listed page names
all its listed language versions, itself included, with ``<xhtml:link rel="alternate">``, and
the Bulgarian version as ``x-default`` (the site's default language, as in the pages' own head).

Three queries whatever the number of pages: the view restrictions, the sites' root paths and
the pages. The sitemap protocol allows 50,000 URLs per file; the site is far below that (a
sitemap index would be the next step beyond it).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from bgro.models import SitePageQuerySet


@dataclass
class Entry:
    location: str
    language: str
    lastmod: object
    alternates: list = field(default_factory=list)  # (language code, URL), the entry's own included
    x_default: str = ""


def sitemap_entries(request):
    pages = (
        SitePageQuerySet(Page)
        .visible()
        .filter(depth__gt=1, alias_of__isnull=True)
        .annotate(language_code=F("locale__language_code"))
        .only("id", "path", "depth", "url_path", "translation_key", "locale_id", "last_published_at")
        .order_by("path")
    )
    entries = []
    groups = defaultdict(list)
    for page in pages:
        url = page.get_full_url(request)
        if not url:  # outside every site
            continue
        entry = Entry(location=url, language=page.language_code, lastmod=page.last_published_at)
        entries.append(entry)
        groups[page.translation_key].append(entry)
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


@require_safe
def sitemap(request):
    return TemplateResponse(
        request,
        "translations/sitemap.xml",
        {"entries": sitemap_entries(request)},
        content_type="application/xml; charset=utf-8",
    )
