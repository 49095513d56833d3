"""What every page shares, the site's image model and the standard content page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import BodyStreamBlock
from .page_permissions import SitePagePermissionTester


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
        return self.live().exclude(private_q).exclude(alias_of__in=Page.objects.filter(private_q).values("pk"))

    @staticmethod
    def aliases_of_private_pages():
        """Ids of aliases whose source is private, for filters the search backend can apply."""
        return list(Page.objects.filter(alias_of__in=Page.objects.not_public().values("pk")).values_list("pk", flat=True))


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

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        # Deleting, unpublishing and moving need the take-down permission (bgro.page_permissions).
        return SitePagePermissionTester(user, self)


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
