"""Template tags for what every page shows: languages, the home page, menus, breadcrumbs.

What ``base.html`` needs on every page is read once per request and kept on the request, with
a fixed number of queries however much content the site holds:

- the site's home page in every language (two queries: the pages, then their specific rows);
- the live children of the home page in the visitor's language (one query), which give the
  main menu and the footer links;
- the language versions of the page being shown (one query), which give the hreflang
  alternates, the language switcher and the "not yet translated" notice;
- the page's ancestors for the breadcrumbs (one query);
- the site's settings (``bgro.SiteInformation``), from Django's cache (one query when it is cold).

Nothing here may be called once per item of a list, except the filters that only read the
item's own fields (``content_language``, ``page_type_label``, ``tel_uri``).
"""

import re
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, pgettext_lazy
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site

from bgro.untranslated_parts import UntranslatedParts, has_untranslated_parts, untranslated_parts

register = template.Library()

# Slugs, in the default language (Bulgarian, transliterated, or English), of the home page's
# children linked from every footer rather than from the main menu, in the footer's order.
FOOTER_PAGE_SLUGS = ("kontakti", "contacts", "contact", "privacy", "cookies", "accessibility")
ACCESSIBILITY_SLUG = "accessibility"

# The names of the site's languages inside a sentence ("shown in Bulgarian"): a context of their
# own so translators can write them the way the sentence needs ("на български", "în limba bulgară").
LANGUAGE_NAMES_IN_SENTENCE = {
    "bg": pgettext_lazy("language name inside a sentence", "Bulgarian"),
    "ro": pgettext_lazy("language name inside a sentence", "Romanian"),
    "en": pgettext_lazy("language name inside a sentence", "English"),
}

_REQUEST_CACHE_ATTRIBUTE = "_bgro_site_tags"


def _once_per_request(request, key, compute):
    """The value of ``compute()``, computed at most once for this request."""
    if request is None:
        return compute()
    store = request.__dict__.setdefault(_REQUEST_CACHE_ATTRIBUTE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


def _once_per_site_version(request, key, compute):
    """The value of ``compute()``, computed once per site version, host and language (kept in
    Django's cache: ``pagecache.site_version``) and read at most once per request. For what does
    not depend on the visitor: the home pages, the menus, the page's languages, the breadcrumbs.
    A preview shows an editor's unsaved draft: computed afresh, never kept."""
    if request is None or getattr(request, "is_preview", False):
        return _once_per_request(request, key, compute)
    from pagecache import site_version

    return _once_per_request(request, key, lambda: site_version.remember(request, key, compute))


def _language_names():
    return dict(settings.LANGUAGES)


# --- The home page ---------------------------------------------------------------------------


def _home_pages(request):
    """The site's home page in every language with a live version, by language code."""

    def compute():
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return {}
        root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
        pages = (
            Page.objects.live()
            .filter(translation_key=Subquery(root_key))
            .annotate(language_code=F("locale__language_code"))
            .specific()
        )
        return {page.language_code: page for page in pages}

    return _once_per_site_version(request, ("home_pages",), compute)


def _localized_home(request):
    homes = _home_pages(request)
    return homes.get(get_language()) or homes.get(settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def localized_home(context):
    """The site's home page in the visitor's language (the default language's when missing)."""
    return _localized_home(context.get("request"))


def _site_information(request):
    from bgro.models import SiteInformation  # the models are not ready when tags are loaded

    return SiteInformation.for_request_cached(request)


@register.simple_tag(takes_context=True)
def site_information(context):
    """The site's settings (Settings → Site information): name, funding statement, project code,
    contact. Kept in the cache until an administrator saves them: no query on a warm cache."""
    return _site_information(context.get("request"))


@register.simple_tag(takes_context=True)
def site_name(context):
    """The name of the site, which is a proper name and the same in every language."""
    return _site_information(context.get("request")).site_name


# --- Menus and footer ---------------------------------------------------------------------------


def _children_with_default_slug(home):
    """The home page's live children, each with ``default_slug``: the slug of its version in the
    default language. Slugs are translated, so that is the one that names a page in every tree."""
    default_slug = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=settings.LANGUAGE_CODE
    ).values("slug")[:1]
    return home.get_children().live().annotate(default_slug=Subquery(default_slug))


@dataclass
class SiteLinks:
    """The home page's children split into the main menu and the footer links."""

    menu: list = field(default_factory=list)
    footer: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # every child that is not a footer page
    accessibility: Page | None = None


def _site_links(request):
    def compute():
        home = _localized_home(request)
        if home is None:
            return SiteLinks()
        children = list(_children_with_default_slug(home))
        links = SiteLinks()
        footer = {}
        sections = []
        for child in children:
            slug = child.default_slug or child.slug
            if slug in FOOTER_PAGE_SLUGS:
                footer.setdefault(slug, child)
            else:
                sections.append(child)
        links.sections = sections
        # Editors choose the menu with "Show in menus"; until they tick any, every section is in it.
        links.menu = [child for child in sections if child.show_in_menus] or sections
        links.footer = [footer[slug] for slug in FOOTER_PAGE_SLUGS if slug in footer]
        links.accessibility = footer.get(ACCESSIBILITY_SLUG)
        return links

    return _once_per_site_version(request, ("site_links",), compute)


@register.simple_tag(takes_context=True)
def site_links(context):
    """``menu`` (the home page's children ticked "Show in menus", or all of them when none is),
    ``footer`` pages (contact, privacy, accessibility) and ``accessibility``."""
    return _site_links(context.get("request"))


@register.simple_tag(takes_context=True)
def lead_partner(context):
    """The lead partner as entered among the home page's partners (name, country, url), or None.

    Read from the stored data, so the footer never loads the partners' logos.
    """
    home = _localized_home(context.get("request"))
    partners = getattr(home, "partners", None)
    if partners is None:
        return None
    for block in partners.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "partner" and value.get("role") == "lead-partner":
            return value
    return None


@register.simple_tag(takes_context=True)
def home_sections(context, home):
    """The home page's live children (specific, for their summaries) except the footer pages.

    One query, plus one per page type, once per site version; meant for the home page only.
    """
    if home is None:
        return []

    def compute():
        children = _children_with_default_slug(home).specific()
        return [child for child in children if (child.default_slug or child.slug) not in FOOTER_PAGE_SLUGS]

    return _once_per_site_version(context.get("request"), ("home_sections", home.pk), compute)


@register.simple_tag
def first_of_type(pages, model_label):
    """The first page in ``pages`` of the model ``app_label.ModelName`` (case-insensitive), or None."""
    model_label = model_label.lower()
    for page in pages:
        if page.specific_class and page.specific_class._meta.label_lower == model_label:
            return page
    return None


# --- Languages of the page ---------------------------------------------------------------------


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool


@dataclass
class PageLanguages:
    """What the page's language versions give ``base.html``."""

    links: list = field(default_factory=list)  # the language switcher, one per site language
    alternates: list = field(default_factory=list)  # (language code, absolute URL) of real translations
    x_default: str = ""
    canonical: str = ""
    # The language the page's text is in, when it is an alias of a page in another language.
    source_language: str = ""
    # A published translation with untranslated parts: their paths and source language
    # (bgro.untranslated_parts); empty otherwise.
    untranslated: UntranslatedParts = field(default_factory=UntranslatedParts)

    @property
    def untranslated_language_name(self):
        code = self.untranslated.source_language
        return LANGUAGE_NAMES_IN_SENTENCE.get(code, code)

    @property
    def source_language_name(self):
        return LANGUAGE_NAMES_IN_SENTENCE.get(self.source_language, self.source_language)

    @property
    def current_language_name(self):
        code = get_language()
        return LANGUAGE_NAMES_IN_SENTENCE.get(code, code)


def _page_languages(request, page):
    if not isinstance(page, Page):
        page = None
    current = get_language()
    names = _language_names()
    homes = _home_pages(request)
    result = PageLanguages()
    versions = {}

    if page is not None and page.pk:
        pages = list(
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .annotate(language_code=F("locale__language_code"), has_untranslated_parts=has_untranslated_parts())
        )
        versions = {version.language_code: version for version in pages}
        shown = next((version for version in pages if version.pk == page.pk), None)
        if shown is not None and shown.has_untranslated_parts and page.alias_of_id is None:
            result.untranslated = untranslated_parts(page)
        source = None
        if page.alias_of_id is not None:
            source = next((version for version in pages if version.pk == page.alias_of_id), None)
            if source is None:
                # An alias in its own language (Wagtail's "copy as alias"): a different translation key.
                source = (
                    Page.objects.filter(pk=page.alias_of_id).annotate(language_code=F("locale__language_code")).first()
                )
            if source is not None and source.language_code != current:
                result.source_language = source.language_code

        for code in names:
            version = versions.get(code)
            if version is not None and version.alias_of_id is None:
                url = version.get_full_url(request)
                if url:
                    result.alternates.append((code, url))
                    if code == settings.LANGUAGE_CODE:
                        result.x_default = url

        # An alias repeats its source's text: search engines should index the source.
        canonical_page = source if source is not None and source.live else page
        result.canonical = canonical_page.get_full_url(request) or ""

    resolver_match = getattr(request, "resolver_match", None) if request is not None else None
    is_wagtail_page = resolver_match is None or resolver_match.url_name == "wagtail_serve"

    # The same page in another language keeps the query (the finder's filters, a list's page).
    query = request.GET.urlencode() if request is not None else ""

    for code, name in names.items():
        url = ""
        if code in versions:
            url = versions[code].get_url(request)
            if url and query:
                url = f"{url}?{query}"
        elif page is None and not is_wagtail_page:
            # A view of its own (search): the same view, with its query, in the other language.
            url = translate_url(request.get_full_path(), code)
        elif code in homes:
            url = homes[code].get_url(request)
        result.links.append(LanguageLink(code=code, name=name, url=url or f"/{code}/", is_current=code == current))
    return result


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """The page's languages: switcher ``links``, hreflang ``alternates``, ``x_default``,
    ``canonical`` and, for an untranslated alias, its ``source_language``.

    ``page`` may be None (search results, error pages).
    """
    request = context.get("request")
    # The links keep the query string, and a view of its own links to its own path.
    address = request.get_full_path() if request is not None else ""
    key = ("page_languages", page.pk if isinstance(page, Page) else None, address)
    return _once_per_site_version(request, key, lambda: _page_languages(request, page))


@register.simple_tag(takes_context=True)
def canonical_url(context, languages):
    """The canonical URL, keeping the ``page`` parameter of a paginated list beyond its first page."""
    url = languages.canonical
    request = context.get("request")
    if not url or request is None:
        return url
    number = request.GET.get("page", "")
    # ASCII digits only ("²".isdigit() is true, int("²") fails) and short (int() refuses 4,300 digits).
    if number.isascii() and number.isdigit() and len(number) <= 9 and int(number) > 1:
        url = f"{url}?page={int(number)}"
    return url


@register.simple_tag
def language_name(code):
    """A site language's name in that language itself ("Română"), for links to other languages."""
    return _language_names().get(code, code)


@register.filter
def content_language(page):
    """The language of a listed page's text when it differs from the visitor's, else "".

    Untranslated pages are aliases of pages in the default language, the language the other
    trees are synchronised from; knowing that, a list can mark them without a query per item.
    """
    if getattr(page, "alias_of_id", None) is None:
        return ""
    # Listed through SitePageQuerySet.visible(): the source's language is annotated (a service
    # written in Romanian is an alias in the Bulgarian tree too).
    source = getattr(page, "alias_source_language", None) or settings.LANGUAGE_CODE
    return source if source != get_language() else ""


@register.simple_tag(takes_context=True)
def lang_attr(context, page=None):
    """` lang="bg"` on an element holding text in another language than the visitor's, else "".

    Without an argument, for the text of the page being shown (an untranslated alias, see
    ``page_languages``); with a listed page, for that page's text (see ``content_language``);
    with a field name ("title", "lead"), for that field of the page being shown: also marked
    when the page is a translation published with that field untranslated.
    """
    languages = context.get("languages")
    if page is None:
        code = getattr(languages, "source_language", "")
    elif isinstance(page, str):
        code = getattr(languages, "source_language", "")
        untranslated = getattr(languages, "untranslated", None)
        if not code and untranslated and untranslated.field_is_untranslated(page):
            code = untranslated.source_language
    else:
        code = content_language(page)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def lang_if_other(code):
    """` lang="ro"` when ``code`` (the language of some text) is not the visitor's, else ""."""
    return format_html(' lang="{}"', code) if code and code != get_language() else ""


@register.simple_tag(takes_context=True)
def include_block_in_language(context, block, field_name="body"):
    """``{% include_block block %}``, inside ``<div lang="…">`` when the block of StreamField
    ``field_name`` is untranslated in a translation published in part (else unchanged)."""
    # What include_block does with the parent context: the block's own template, with the page's context.
    rendered = conditional_escape(block.render_as_block(context=context.flatten()))
    untranslated = getattr(context.get("languages"), "untranslated", None)
    if untranslated and untranslated.block_is_untranslated(field_name, getattr(block, "id", "")):
        return format_html('<div lang="{}">{}</div>', untranslated.source_language, rendered)
    return rendered


@register.filter
def is_within(page, section):
    """Whether ``page`` is ``section`` or one of its descendants (for the current menu item)."""
    return isinstance(page, Page) and isinstance(section, Page) and page.path.startswith(section.path)


# --- Breadcrumbs ---------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The page's ancestors from the home page down, without the page itself."""
    if not isinstance(page, Page) or not page.pk:
        return []
    request = context.get("request")
    home = _localized_home(request)
    home_depth = home.depth if home is not None else 2

    def compute():
        return list(Page.objects.ancestor_of(page).filter(depth__gte=home_depth).order_by("depth"))

    return _once_per_site_version(request, ("breadcrumbs", page.pk), compute)


# --- Lists ---------------------------------------------------------------------------------------


def _locale_ids(request):
    """Locale ids by language code, kept per site version (a locale saved gives a new one)."""
    return _once_per_site_version(
        request, ("locale_ids",), lambda: dict(Locale.objects.values_list("language_code", "pk"))
    )


@register.simple_tag(takes_context=True)
def localized_pages(context, pages):
    """Chosen pages (e.g. a StreamField of page choosers) in the visitor's language.

    Skips empty choosers (a deleted page) and pages that are not live; keeps the original when
    no version exists in the visitor's language. One query per page type in the list that has
    pages of another language.
    """
    chosen = []
    for item in pages or []:
        page = getattr(item, "value", item) if not isinstance(item, Page) else item
        if isinstance(page, Page) and page not in chosen:
            chosen.append(page)
    language = get_language()
    # A chosen page already in the visitor's language is its own version there: only the
    # others are looked up (a Bulgarian news item chooses Bulgarian institutions).
    own_locale_id = _locale_ids(context.get("request")).get(language)
    by_class = {}
    for page in chosen:
        if page.locale_id != own_locale_id:
            by_class.setdefault(type(page), []).append(page)
    localized = {page.translation_key: page for page in chosen if page.locale_id == own_locale_id and page.live}
    for model, members in by_class.items():
        keys = [page.translation_key for page in members]
        for version in model.objects.live().filter(translation_key__in=keys, locale__language_code=language):
            localized[version.translation_key] = version
    result = []
    for page in chosen:
        version = localized.get(page.translation_key)
        if version is None and page.live:
            version = page
        if version is not None:
            result.append(version)
    return result


@register.simple_tag(takes_context=True)
def kept_localized_pages(context, page, field_name):
    """``localized_pages`` of the chosen pages in field ``field_name`` of ``page``, kept per site
    version: the choice is the page's own content and the versions are pages, so any change to
    either gives a new version (a preview computes it afresh)."""
    return _once_per_site_version(
        context.get("request"),
        ("localized_pages", page.pk, field_name),
        lambda: localized_pages(context, getattr(page, field_name)),
    )


@register.simple_tag(takes_context=True)
def prefetch_renditions(context, objects, field_name="listing_image", rendition_set=None):
    """Load the renditions of the images in a list in one query, rather than one per image.

    ``objects`` are pages (``field_name`` is a foreign key to an image) or the blocks of a
    StreamField (``field_name`` is a child of a struct block, e.g. an image block's "image").
    With ``rendition_set`` (a name in ``bgro.renditions``), only that set's renditions: every
    image has those of all the sets made for it (17 for a news image), and a list shows one set.
    For a request, the images are only announced: ``{% rendition_picture %}`` keeps each
    picture's HTML per site version and loads the renditions, all at once, on its first miss.
    """
    images = []
    for obj in objects or []:
        if hasattr(obj, "block_type"):  # a block of a StreamField: look inside its value
            obj = obj.value
        if hasattr(obj, "get") and not hasattr(obj, "_meta"):
            image = obj.get(field_name)
        elif getattr(obj, f"{field_name}_id", None):
            image = getattr(obj, field_name)
        else:
            image = None
        if isinstance(image, AbstractImage):
            images.append(image)
    if images:
        from bgro.renditions import announce_renditions, load_renditions  # renditions imports these tags

        request = context.get("request")
        if rendition_set is not None and request is not None and not getattr(request, "is_preview", False):
            announce_renditions(request, images, rendition_set)
        else:
            load_renditions(images, rendition_set)
    return ""


@register.simple_tag
def page_numbers(page_obj):
    """Page numbers for a pagination bar, with None where numbers are left out (…)."""
    paginator = page_obj.paginator
    return [
        number if isinstance(number, int) else None
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    ]


@register.filter
def page_type_label(page):
    """The page's type as editors and visitors know it ("Service", "Institution")."""
    model = getattr(page, "specific_class", None) or type(page)
    return model._meta.verbose_name


# --- Small formatting helpers ------------------------------------------------------------------


@register.filter
def tel_uri(phone):
    """A ``tel:`` URI from a phone number as written ("+359 82 881 802" → "tel:+35982881802")."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""
