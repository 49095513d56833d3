"""The home page of each language tree."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from bgro.models import BasePage
from pagecache import routes

from .blocks import FeaturedServiceBlock, PartnerBlock


class HomePage(BasePage):
    """The start of a language tree: search first, life events leading to the service finder,
    featured services, latest news, partners."""

    introduction = models.TextField(_("introduction"), help_text=_("What visitors can do here, in a sentence or two."))
    featured_services = StreamField(
        [("service", FeaturedServiceBlock())], verbose_name=_("featured services"), blank=True
    )
    partners = StreamField([("partner", PartnerBlock())], verbose_name=_("partners"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured_services"),
        FieldPanel("partners"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    def route(self, request, path_components):
        # Every path of a language tree starts here: the page it leads to is kept per site version.
        return routes.route(self, request, path_components, super().route)

    api_fields = BasePage.api_fields + [
        APIField("introduction"),
        APIField("featured_services"),
        APIField("partners"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("introduction"),
        # Page references are copied and shown in the visitor's language at render time.
        SynchronizedField("featured_services"),
        TranslatableField("partners"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "bgro.StandardPage",
        "catalogue.InstitutionIndexPage",
        "catalogue.ServiceIndexPage",
        "news.NewsIndexPage",
        "news.DeliverableIndexPage",
        "consultations.ConsultationIndexPage",
    ]

    latest_news_count = 3
    open_consultations_count = 3

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def latest_news(self):
        news_page = apps.get_model("news", "NewsPage")
        return (
            news_page.objects.visible()
            .descendant_of(self)
            .select_related("listing_image")
            .order_by("-date", "-pk")[: self.latest_news_count]
        )

    def life_events(self):
        """The life events in this page's language that lead to at least one service of its
        tree, each with ``service_count`` (one query)."""
        life_event = apps.get_model("catalogue", "LifeEvent")
        service_page = apps.get_model("catalogue", "ServicePage")
        services = service_page.objects.visible().descendant_of(self)
        return [event for event in life_event.localized(self.locale_id, services=services) if event.service_count]

    def open_consultations(self):
        """The consultations of this tree open for comments today, closing soonest first."""
        consultation_page = apps.get_model("consultations", "ConsultationPage")
        state_filter = import_string("consultations.models.state_filter")
        return (
            consultation_page.objects.visible()
            .descendant_of(self)
            .filter(state_filter("open", timezone.localdate()))
            .order_by("closing_date", "pk")[: self.open_consultations_count]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The home page's sections change only when something is published (or, for the open
        # consultations, when the day changes): kept in the cache per site version.
        remember = self._remember_for(request)
        today = timezone.localdate().isoformat()
        context["latest_news"] = remember(("latest-news",), lambda: list(self.latest_news()))
        context["open_consultations"] = remember(("open-consultations", today), lambda: list(self.open_consultations()))
        context["life_events"] = remember(("life-events",), self.life_events)
        # The featured services and the partners come from StreamFields: reading them costs a
        # query for the pages (and their versions in the visitor's language) and one for the
        # logos. Their rendered sections are kept as fragments per site version.
        context["featured_fragment"] = self._fragment_for(request, "featured-services")
        context["partners_fragment"] = self._fragment_for(request, "partners")
        return context

    def _fragment_for(self, request, section):
        from pagecache import site_version

        return site_version.fragment(request, ("home", self.pk, section))

    def _remember_for(self, request):
        if request is None or getattr(request, "is_preview", False):
            return lambda parts, compute: compute()
        from pagecache import site_version

        return lambda parts, compute: site_version.remember(request, ("home", self.pk, *parts), compute)
