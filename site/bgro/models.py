"""What every page shares, the site's image model and the standard content page."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from pagecache import site_version

from .blocks import BodyStreamBlock
from .forms import SitePageForm
from .page_permissions import SitePagePermissionTester
from .slugs import latin_slug, needs_latin_slug


class SiteImage(AbstractImage):
    """The image model from the first migration, so fields can be added without a swap later."""

    admin_form_fields = Image.admin_form_fields

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SitePageQuerySet(PageQuerySet):
    def visible(self):
        """Live pages a visitor may see: outside private sections, and not aliases of pages
        inside one (a Romanian alias of a private Bulgarian page has no restriction of its own)."""
        private_q = self.private_q()
        return (
            self.live()
            .exclude(private_q)
            .exclude(alias_of__in=Page.objects.filter(private_q).values("pk"))
            # The language of an untranslated alias's text (its source's), for lists to mark
            # with lang and a badge without a query per item (site_tags.content_language).
            .annotate(alias_source_language=F("alias_of__locale__language_code"))
        )

    @staticmethod
    def aliases_of_private_pages():
        """Ids of aliases whose source is private, for filters the search backend can apply."""
        return list(
            Page.objects.filter(alias_of__in=Page.objects.not_public().values("pk")).values_list("pk", flat=True)
        )


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


class BasePage(Page):
    """Fields every public page has: a listing summary and an image for listings and sharing."""

    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    listing_image = models.ForeignKey(
        "bgro.SiteImage",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the page is shared on social media."),
    )

    objects = SitePageManager()

    promote_panels = Page.promote_panels + [
        FieldPanel("listing_summary"),
        FieldPanel("listing_image"),
    ]

    search_fields = Page.search_fields + [index.SearchField("listing_summary")]

    api_fields = [APIField("listing_summary"), APIField("listing_image")]

    # Explicit, so a new field is a decision: translated by translators or copied from the source.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("listing_summary"),
        SynchronizedField("listing_image"),
    ]

    # The Open Graph type of the page when it is shared: "article" for news items.
    social_type = "website"

    base_form_class = SitePageForm

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # Latin slugs only (bgro.slugs): a Cyrillic slug, or a Cyrillic title with no slug yet,
        # is transliterated before Wagtail fills its defaults and checks the slug is free.
        if needs_latin_slug(self.slug):
            self.slug = latin_slug(self.slug)
        elif not self.slug and self.title and not self.title.isascii():
            self.slug = latin_slug(self.title)
        super().full_clean(*args, **kwargs)

    def permissions_for_user(self, user):
        # Deleting, unpublishing and moving need the take-down permission (bgro.page_permissions).
        return SitePagePermissionTester(user, self)

    def get_view_restrictions(self):
        """Wagtail's restrictions on this page and its ancestors (aliases resolved), with which
        ones apply kept per site version: Wagtail's serve view asks on every request, and its
        answer (two queries) changes only when a page moves or a restriction is saved or deleted,
        which make a new site version. A page without any costs no query; the restrictions
        themselves (their passwords and groups) are still read from the database."""
        if self.pk is None:
            return super().get_view_restrictions()
        cache_key = site_version.key(None, "view-restrictions", self.pk)
        restriction_ids = site_version.kept(cache_key)
        if restriction_ids is None:
            restriction_ids = sorted(super().get_view_restrictions().values_list("pk", flat=True))
            site_version.keep(cache_key, restriction_ids)
        if not restriction_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=restriction_ids)


class IndexPage(BasePage):
    """A section page that lists its children under a short introduction."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    api_fields = BasePage.api_fields + [APIField("introduction")]
    translatable_fields = BasePage.translatable_fields + [TranslatableField("introduction")]

    class Meta:
        abstract = True


class StandardPage(BasePage):
    """A page of text: About the project, Contacts, the accessibility statement."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    api_fields = BasePage.api_fields + [APIField("introduction"), APIField("body")]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("introduction"),
        TranslatableField("body"),
    ]

    parent_page_types = ["home.HomePage", "bgro.StandardPage"]
    subpage_types = ["bgro.StandardPage", "news.DeliverableIndexPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


# --- Site information (Settings → Site information) ---------------------------------------------

# What the footer said before the statement became a setting: the defaults of a new site's
# settings and what the data migration writes for the existing ones, so pages look the same.
FUNDING_STATEMENT_DEFAULTS = {
    "bg": "Проектът е съфинансиран от Европейския съюз чрез Европейския фонд за регионално развитие "
    "по Програма Interreg V-A Румъния – България 2014 – 2020 г.",
    "ro": "Proiect cofinanțat de Uniunea Europeană prin Fondul European de Dezvoltare Regională, "
    "Programul Interreg V-A România–Bulgaria 2014–2020",
    "en": "Project co-funded by the European Union through the European Regional Development Fund, "
    "Interreg V-A Romania–Bulgaria Programme 2014–2020",
}
PROJECT_CODE_DEFAULT = "ROBG-168"
# Saving the settings empties their cache entry at once (and `restore` clears the cache); the
# hour only bounds how long a change made around Django (SQL by hand) takes to show.
SITE_INFORMATION_CACHE_SECONDS = 60 * 60


@register_setting(icon="site", name="site-information")
class SiteInformation(BaseSiteSetting):
    """What every page of a site shows and editors may need to change: its name, the funding
    statement and project code of the footer, the platform's contact details.

    One field per language for the statement rather than ``TranslatableMixin``: a site setting
    is one row per site (a one-to-one key on the site), while a translatable model is one row per
    locale, and wagtail-localize's workflow (translation jobs, sync) is more than one paragraph
    needs. The administrator sees the three versions side by side.

    Read once per request through :meth:`for_request_cached`: kept in Django's cache until saved.
    """

    site_name = models.CharField(
        _("site name"),
        max_length=100,
        default=settings.WAGTAIL_SITE_NAME,
        help_text=_("A proper name, the same in every language: page titles, header, footer, sharing."),
    )
    project_code = models.CharField(
        _("project code"), max_length=40, default=PROJECT_CODE_DEFAULT, help_text=_("Shown in the footer.")
    )
    funding_statement_bg = models.TextField(
        _("funding statement (Bulgarian)"), default=FUNDING_STATEMENT_DEFAULTS["bg"]
    )
    funding_statement_ro = models.TextField(_("funding statement (Romanian)"), default=FUNDING_STATEMENT_DEFAULTS["ro"])
    funding_statement_en = models.TextField(_("funding statement (English)"), default=FUNDING_STATEMENT_DEFAULTS["en"])
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("The platform's address, shown in the footer when filled in.")
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=40,
        blank=True,
        help_text=_("The platform's phone number as it should be read, e.g. +359 82 881 802."),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("project_code"),
        MultiFieldPanel(
            [
                FieldPanel("funding_statement_bg"),
                FieldPanel("funding_statement_ro"),
                FieldPanel("funding_statement_en"),
            ],
            heading=_("Funding statement"),
        ),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")),
    ]

    class Meta:
        verbose_name = _("site information")
        verbose_name_plural = _("site information")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))

    def delete(self, *args, **kwargs):
        site_id = self.site_id
        result = super().delete(*args, **kwargs)
        cache.delete(self.cache_key(site_id))
        return result

    @staticmethod
    def cache_key(site_id):
        return f"bgro:site-information:{site_id}"

    @classmethod
    def for_request_cached(cls, request):
        """The settings of the request's site: from the request, else from Django's cache, else
        from the database (and then cached). Without a site (no request), an unsaved default."""
        attribute = cls.get_cache_attr_name()
        if request is not None and hasattr(request, attribute):
            return getattr(request, attribute)
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return cls()
        key = cls.cache_key(site.pk)
        information = cache.get(key)
        if information is None:
            information = cls.for_site(site)
            cache.set(key, information, SITE_INFORMATION_CACHE_SECONDS)
        if request is not None:
            setattr(request, attribute, information)
        return information

    @property
    def funding_statement(self):
        """The statement in the active language (the default language's when that one is empty)."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return getattr(self, f"funding_statement_{language}", "") or getattr(
            self, f"funding_statement_{settings.LANGUAGE_CODE}"
        )
