"""Institutions of the cross-border region and the public services they offer.

The fields follow the EU Core Public Service Vocabulary (CPSV-AP 3.2.0) and what the Single
Digital Gateway regulation (EU 2018/1724, Art. 10) asks a procedure description to state.
"""

import functools
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from bgro.forms import SitePageForm
from bgro.models import BasePage, IndexPage
from bgro.pagination import CountedPaginator, page_number
from bgro.untranslated_parts import untranslated_field_language

from .blocks import ProcedureStepBlock, RequiredDocumentBlock
from .fields import MultipleChoiceField
from .regions import REGION_CHOICES, REGIONS_BY_COUNTRY, Country

CATALOGUE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
DESCRIPTION_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class InstitutionType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT_ADMINISTRATION = "district-administration", _("District administration")
    COUNTY_COUNCIL = "county-council", _("County council")
    PREFECTURE = "prefecture", _("Prefecture")
    NATIONAL_AUTHORITY = "national-authority", _("National authority")
    NGO = "ngo", _("Non-governmental organisation")
    BUSINESS_SUPPORT = "business-support", _("Business-support organisation")
    CHAMBER = "chamber", _("Chamber")
    OTHER = "other", _("Other")


AUDIENCES = [
    ("citizens", _("Citizens")),
    ("businesses", _("Businesses")),
    ("ngos", _("NGOs")),
]

CHANNELS = [
    ("in-person", _("In person")),
    ("online", _("Online")),
    ("post", _("By post")),
    ("phone", _("By phone")),
    ("email", _("By e-mail")),
]

# The 24 official languages of the EU, in which a procedure may be completed (SDG Art. 10).
# In a context of their own: inside a list, Bulgarian and Romanian write them in lower case
# (the service page capitalises the list's first letter).
PROCEDURE_LANGUAGES = [
    ("bg", pgettext_lazy("language of a procedure, in a list", "Bulgarian")),
    ("ro", pgettext_lazy("language of a procedure, in a list", "Romanian")),
    ("en", pgettext_lazy("language of a procedure, in a list", "English")),
    ("cs", pgettext_lazy("language of a procedure, in a list", "Czech")),
    ("da", pgettext_lazy("language of a procedure, in a list", "Danish")),
    ("de", pgettext_lazy("language of a procedure, in a list", "German")),
    ("el", pgettext_lazy("language of a procedure, in a list", "Greek")),
    ("es", pgettext_lazy("language of a procedure, in a list", "Spanish")),
    ("et", pgettext_lazy("language of a procedure, in a list", "Estonian")),
    ("fi", pgettext_lazy("language of a procedure, in a list", "Finnish")),
    ("fr", pgettext_lazy("language of a procedure, in a list", "French")),
    ("ga", pgettext_lazy("language of a procedure, in a list", "Irish")),
    ("hr", pgettext_lazy("language of a procedure, in a list", "Croatian")),
    ("hu", pgettext_lazy("language of a procedure, in a list", "Hungarian")),
    ("it", pgettext_lazy("language of a procedure, in a list", "Italian")),
    ("lt", pgettext_lazy("language of a procedure, in a list", "Lithuanian")),
    ("lv", pgettext_lazy("language of a procedure, in a list", "Latvian")),
    ("mt", pgettext_lazy("language of a procedure, in a list", "Maltese")),
    ("nl", pgettext_lazy("language of a procedure, in a list", "Dutch")),
    ("pl", pgettext_lazy("language of a procedure, in a list", "Polish")),
    ("pt", pgettext_lazy("language of a procedure, in a list", "Portuguese")),
    ("sk", pgettext_lazy("language of a procedure, in a list", "Slovak")),
    ("sl", pgettext_lazy("language of a procedure, in a list", "Slovenian")),
    ("sv", pgettext_lazy("language of a procedure, in a list", "Swedish")),
]


class Currency(models.TextChoices):
    BGN = "BGN", _("Bulgarian lev (BGN)")
    RON = "RON", _("Romanian leu (RON)")
    EUR = "EUR", _("Euro (EUR)")


class DigitalisationLevel(models.IntegerChoices):
    INFORMATION = 1, _("1 – Information only")
    FORMS = 2, _("2 – Forms to download")
    ONLINE_SUBMISSION = 3, _("3 – Online submission")
    ONLINE_PROCESSING = 4, _("4 – Online submission and payment")
    FULLY_ONLINE = 5, _("5 – Fully online, including the result")


class LifeEventIcon(models.TextChoices):
    """The pictograms the home page can show beside a life event (drawn in components/life_event_icon.html)."""

    CHILD = "child", _("Child")
    RINGS = "rings", _("Wedding rings")
    HOUSE = "house", _("House")
    MOVE = "move", _("Moving box")
    BRIEFCASE = "briefcase", _("Briefcase")
    BRIDGE = "bridge", _("Bridge over the Danube")
    CAR = "car", _("Car")
    SUPPORT = "support", _("Helping hand")
    FLOWER = "flower", _("Flower")
    COINS = "coins", _("Coins")
    PEOPLE = "people", _("People")
    DOCUMENT = "document", _("Document")


class LifeEvent(TranslatableMixin, models.Model):
    """A moment in a person's or a firm's life ("Having a child", "Starting a business") that
    leads visitors to the services they need then.

    Visitors see life events on the home page and as a filter of the service finder
    (``?life_event=<slug>``). The slug is the same in every language, so a link to the finder
    filtered by a life event works in all three.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        validators=[
            RegexValidator(
                CATALOGUE_ID_PATTERN,
                _("Use lower-case letters, digits and hyphens, starting with a letter or digit."),
            )
        ],
        help_text=_("Used in links and catalogue files, the same in every language, e.g. having-a-child."),
    )
    description = models.CharField(
        _("short description"), max_length=255, blank=True, help_text=_("One sentence shown under the name.")
    )
    icon = models.CharField(_("icon"), max_length=20, choices=LifeEventIcon.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=100, help_text=_("Life events are listed from the lowest number up.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("icon"), FieldPanel("sort_order")]),
    ]

    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug"),
        TranslatableField("description"),
        SynchronizedField("icon"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["sort_order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_life_event_slug_per_locale"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            return
        clash = (
            LifeEvent.objects.filter(slug=self.slug)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if clash:
            raise ValidationError({"slug": _("Another life event already uses the slug “%(slug)s”.") % {"slug": self.slug}})

    @classmethod
    def localized(cls, locale_id, services=None, slugs=None):
        """One version of every life event, in ``locale_id`` where it is translated, else in the
        default language (else its oldest version), ordered for display. One query. Each has
        ``name_language`` and ``description_language``: the language its text is in.

        With ``services`` (a queryset of service pages), each life event gets ``service_count``:
        how many of those services it has, whichever language version of it they chose. With
        ``slugs`` (a list or a queryset of slugs), only those life events.
        """
        own_language = models.F("locale__language_code")
        events = cls.objects.select_related(None).annotate(
            language_code=own_language,
            # The language each text is shown in: a translation published before its name or
            # description was translated still holds the source's words (marked with lang).
            name_language=Coalesce(untranslated_field_language("name"), own_language),
            description_language=Coalesce(untranslated_field_language("description"), own_language),
        )
        if slugs is not None:
            events = events.filter(slug__in=slugs)
        if services is not None:
            through = cls.services.through
            count = (
                through.objects.filter(lifeevent__slug=OuterRef("slug"), servicepage__in=services.values("pk"))
                .order_by()
                .values("lifeevent__slug")
                .annotate(count=Count("servicepage", distinct=True))
                .values("count")
            )
            events = events.annotate(service_count=Coalesce(Subquery(count), 0))
        chosen = {}
        for event in events.order_by("pk"):
            current = chosen.get(event.translation_key)
            if current is None or _locale_rank(event, locale_id) < _locale_rank(current, locale_id):
                chosen[event.translation_key] = event
        return sorted(chosen.values(), key=lambda event: (event.sort_order, event.slug))

    @classmethod
    def kept_localized(cls, request, locale_id):
        """``localized(locale_id)`` (every life event) kept per version of the catalogue, which
        a life event saved or translated advances: computed once, not on every service page
        (its annotations of untranslated parts cost more than the page's other queries)."""
        if request is None or getattr(request, "is_preview", False):
            return cls.localized(locale_id)
        from pagecache import site_version

        return site_version.remember(
            request, ("life-events", locale_id), lambda: cls.localized(locale_id), scope=site_version.CATALOGUE
        )

    @classmethod
    def for_catalogue(cls, slugs, language):
        """The life events named by ``slugs`` (a catalogue file's list), as a value for
        ``ServicePage.life_events``: each in ``language`` where it has a version there."""
        if not slugs:
            return LifeEventSelection()
        chosen = {}
        for event in cls.objects.filter(slug__in=slugs).select_related("locale").order_by("pk"):
            current = chosen.get(event.slug)
            if current is None or (event.locale.language_code == language and current.locale.language_code != language):
                chosen[event.slug] = event
        return LifeEventSelection(chosen[slug] for slug in dict.fromkeys(slugs) if slug in chosen)


def _locale_rank(event, locale_id):
    if event.locale_id == locale_id:
        return 0
    return 1 if event.language_code == settings.LANGUAGE_CODE else 2


class LifeEventSelection(list):
    """Life events chosen for a service, as the importer hands them to ``apply_field_values``.

    That function decides whether a record changed by comparing a field's current value with
    the new one; a many-to-many field's current value is a queryset, which equals no list.
    This list equals any collection of the same life events, in any order, so re-importing an
    unchanged record saves nothing.
    """

    def __eq__(self, other):
        try:
            return sorted(event.pk for event in self) == sorted(event.pk for event in other)
        except (TypeError, AttributeError):
            return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None


class ServicePageForm(SitePageForm):
    """Offers the life events of the page's language only (each exists once per language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("life_events")
        if field is not None:
            locale_id = self.instance.locale_id or Locale.get_default().pk
            chosen = list(self.instance.life_events.all()) if self.instance.pk else []
            field.queryset = LifeEvent.objects.filter(
                Q(locale_id=locale_id) | Q(pk__in=[event.pk for event in chosen])
            )


class CatalogueRecordMixin(models.Model):
    """A page that is a record of the catalogue exchange format, identified by its ``id``.

    All translations of a record share the id; no other record may use it.
    """

    catalogue_id = models.CharField(
        _("catalogue id"),
        max_length=80,
        db_index=True,
        validators=[
            RegexValidator(
                CATALOGUE_ID_PATTERN,
                _("Use lower-case letters, digits and hyphens, starting with a letter or digit."),
            )
        ],
        help_text=_("Stable identifier used by imports and exports, e.g. ruse-municipality."),
    )

    # The name of the record's linked-data route (catalogue.urls), set by each record type.
    linked_data_route = None

    class Meta:
        abstract = True

    def cache_purge_paths(self):
        """Paths outside the page's own URL that show the record (pagecache purges them with it):
        its linked data and the catalogue's."""
        paths = [reverse("catalogue:cpsv_ap_catalogue")]
        if self.catalogue_id and self.linked_data_route:
            paths.append(reverse(f"catalogue:{self.linked_data_route}", args=[self.catalogue_id]))
        return paths

    def clean(self):
        super().clean()
        if not self.catalogue_id:
            return
        clash = (
            type(self)
            .objects.filter(catalogue_id=self.catalogue_id)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if clash:
            raise ValidationError(
                {"catalogue_id": _("Another record already uses the catalogue id “%(id)s”.") % {"id": self.catalogue_id}}
            )


def _fragment_for(index, request):
    """The cached fragment (``pagecache.site_version.fragment``) of a catalogue listing's rows,
    kept per catalogue version and query string (its filters and page number)."""
    from pagecache import site_version

    return site_version.fragment(request, (index.pk,), scope=site_version.CATALOGUE)


def _remember_for(index, request):
    """``remember(key_parts, compute)`` for a listing's counts: kept in the cache per version of
    the catalogue (``pagecache.site_version.CATALOGUE``), so computed once per change to the
    catalogue or import rather than per request, and not again for a news item or a draft;
    computed afresh in a preview."""
    if getattr(request, "is_preview", False):
        return lambda parts, compute: compute()
    from pagecache import site_version

    return lambda parts, compute: site_version.remember(
        request, (index.pk, *parts), compute, scope=site_version.CATALOGUE
    )


class InstitutionIndexPage(IndexPage):
    """The directory of institutions, grouped by country and region, ``page_size`` a page
    (a catalogue holds hundreds: one page of 500 weighed 122 KB)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.InstitutionPage"]
    max_count_per_parent = 1

    page_size = 50

    class Meta:
        verbose_name = _("institution index page")
        verbose_name_plural = _("institution index pages")

    def institutions(self):
        return (
            InstitutionPage.objects.child_of(self)
            .visible()
            .only("id", "title", "slug", "url_path", "path", "depth", "locale_id", "country", "region",
                  "institution_type", "listing_summary", "translation_key", "alias_of_id")
            .order_by("country", "region", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The list's order (its institutions' ids, a few kilobytes for a region's hundreds) is kept
        # per catalogue version: a page of it is then read by id, rather than sorted out of every
        # institution of the language on each request. The rows are read only when the list's
        # fragment is not kept (``institutions_fragment``).
        # ``institutions()`` reads the privacy settings: built once, on first use.
        institutions = functools.cache(self.institutions)
        order = _remember_for(self, request)(
            ("institution-order",), lambda: list(institutions().values_list("pk", flat=True))
        )
        number = page_number(request.GET.get("page"), len(order), self.page_size)
        context["institutions_fragment"] = _fragment_for(self, request)
        context["institutions_page"] = SimpleLazyObject(lambda: self._institutions_page(institutions(), order, number))
        context["institutions_by_country"] = SimpleLazyObject(
            lambda: self._by_country(context["institutions_page"].object_list)
        )
        return context

    def _institutions_page(self, institutions, order, number):
        """Page ``number`` of the kept ``order``, its institutions read by id (still through
        ``institutions()``, so that one unpublished since cannot show) in that order."""
        institutions_page = Paginator(order, self.page_size).page(number)
        page_ids = institutions_page.object_list
        rows = {institution.pk: institution for institution in institutions.filter(pk__in=page_ids).order_by()}
        institutions_page.object_list = [rows[pk] for pk in page_ids if pk in rows]
        return institutions_page

    @staticmethod
    def _by_country(institutions):
        """The institutions by country, then by region, in the order given."""
        groups = {}
        for institution in institutions:
            country = groups.setdefault(institution.country, {})
            country.setdefault(institution.region, []).append(institution)
        return [
            {
                "country": Country(country_code),
                "regions": [
                    {"region": region, "label": InstitutionPage.region_label(region), "institutions": members}
                    for region, members in regions.items()
                ],
            }
            for country_code, regions in groups.items()
        ]


class InstitutionPage(CatalogueRecordMixin, BasePage):
    """A public institution or organisation: who it is, where, how to reach it."""

    linked_data_route = "cpsv_ap_institution"

    institution_type = models.CharField(_("type"), max_length=32, choices=InstitutionType.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(
        _("region"),
        max_length=40,
        choices=REGION_CHOICES,
        help_text=_("The Bulgarian oblast or Romanian județ."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per day or group of days.")
    )
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("catalogue_id"),
                FieldPanel("institution_type"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("description"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("address"),
        index.FilterField("catalogue_id"),
        index.FilterField("institution_type"),
        index.FilterField("country"),
        index.FilterField("region"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("catalogue_id"),
        APIField("institution_type"),
        APIField("country"),
        APIField("region"),
        APIField("address"),
        APIField("phone"),
        APIField("email"),
        APIField("website"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("opening_hours"),
        APIField("description"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("catalogue_id"),
        SynchronizedField("institution_type"),
        SynchronizedField("country"),
        SynchronizedField("region"),
        TranslatableField("address"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("website"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        TranslatableField("opening_hours"),
        TranslatableField("description"),
    ]

    parent_page_types = ["catalogue.InstitutionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    @property
    def institution_type_label(self):
        """The type's name in the active language. Django's ``get_institution_type_display``
        rebuilds a dict of every choice, translating each label, on every call: an index of
        twenty institutions spent a sixth of its render time there."""
        try:
            return InstitutionType(self.institution_type).label
        except ValueError:
            return self.institution_type

    @staticmethod
    def region_label(region):
        for _country, options in REGION_CHOICES:
            for key, label in options:
                if key == region:
                    return label
        return region

    def clean(self):
        super().clean()
        if self.country and self.region and self.region not in REGIONS_BY_COUNTRY.get(self.country, ()):
            raise ValidationError({"region": _("This region is not in the chosen country.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def opening_hours_lines(self):
        return [line for line in self.opening_hours.splitlines() if line.strip()]

    def services(self):
        """Live services of this institution in the locale of this page."""
        return (
            ServicePage.objects.visible()
            .filter(locale_id=self.locale_id, institution__translation_key=self.translation_key)
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept per catalogue version, as the listings are: a service published, unpublished,
        # moved or made private gives a new one.
        context["services"] = _remember_for(self, request)(("services",), lambda: list(self.services()))
        return context


class ServiceIndexPage(IndexPage):
    """All public services in alphabetical order, paginated, with the service finder's filters
    (country, region, institution, audience, online only; see ``catalogue.finder``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.ServicePage"]
    max_count_per_parent = 1

    page_size = 20

    class Meta:
        verbose_name = _("service index page")
        verbose_name_plural = _("service index pages")

    def services(self):
        # Children share the index's locale: said here so the (locale, depth, title) index
        # (migration 0008) serves the alphabetical order.
        return ServicePage.objects.child_of(self).filter(locale_id=self.locale_id).visible().order_by("title")

    def serve(self, request, *args, **kwargs):
        # The finder's form sends its empty fields too ("?country=&region=…"): send the visitor
        # to the short address, the one worth sharing.
        from .finder import compact_query

        query = compact_query(request.GET)
        if query is not None:
            return redirect(f"{request.path}?{query}" if query else request.path)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .finder import ServiceFilter  # the finder reads this module's models

        context = super().get_context(request, *args, **kwargs)
        # The finder reads its counts from the cache (kept per catalogue version); the services
        # themselves are read only when the list's fragment is not kept (``finder_fragment``).
        finder = ServiceFilter(
            self.services, request.GET, locale_id=self.locale_id, remember=_remember_for(self, request)
        )
        number = page_number(request.GET.get("page"), finder.count, self.page_size)
        context["finder"] = finder
        context["finder_fragment"] = _fragment_for(self, request)
        context["services_page"] = SimpleLazyObject(lambda: self._services_page(finder, number, request))
        return context

    def _services_page(self, finder, number, request):
        # The finder's counts already hold the number of matching services: no COUNT(*) again.
        paginator = CountedPaginator(finder.results(), self.page_size, count=finder.count)
        services_page = paginator.page(number)
        services_page.object_list = list(services_page.object_list)
        ServicePage.attach_localized_institutions(services_page.object_list, self.locale_id, request)
        return services_page


class ServicePage(CatalogueRecordMixin, BasePage):
    """A public service: what it is, who provides it, how to get it, what it costs."""

    linked_data_route = "cpsv_ap_service"

    institution = models.ForeignKey(
        "catalogue.InstitutionPage",
        verbose_name=_("competent institution"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The institution responsible for the service (CPSV-AP: hasCompetentAuthority)."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the service is, in one or two sentences."))
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)
    audience = MultipleChoiceField(_("audience"), options=AUDIENCES)
    channels = MultipleChoiceField(_("channels"), options=CHANNELS)
    online_url = models.URLField(
        _("e-service address"), blank=True, max_length=500,
        help_text=_("Required when the service is offered online."),
    )
    fee_amount = models.DecimalField(
        _("fee"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when the service is free."),
    )
    fee_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    payment_methods = models.TextField(_("how to pay"), blank=True)
    # At least one day: "up to 0 days" means nothing; a service done on the spot leaves this
    # empty and says so in the note.
    processing_days = models.PositiveIntegerField(
        _("processing time (days)"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("The longest time, in days, the institution takes to deliver; leave empty for a service "
                    "done on the spot and say so in the note."),
    )
    processing_time_note = models.CharField(
        _("processing time note"), max_length=255, blank=True,
        help_text=_("e.g. “On the spot for an express fee.”"),
    )
    required_documents = StreamField(
        [("document", RequiredDocumentBlock())], verbose_name=_("required documents"), blank=True
    )
    output = models.TextField(_("output"), blank=True, help_text=_("What the applicant receives."))
    legal_basis = models.TextField(_("legal basis"), blank=True, help_text=_("One act per line."))
    digitalisation_level = models.PositiveSmallIntegerField(
        _("digitalisation level"), choices=DigitalisationLevel.choices, default=DigitalisationLevel.INFORMATION
    )
    # --- The digitalisation map (issue 15): what the level alone does not say ---
    electronic_identity = models.BooleanField(
        _("usable with an electronic identity"), default=False,
        help_text=_("People can identify themselves with an electronic identity (eID, qualified e-signature) to use the service."),
    )
    cross_border = models.BooleanField(
        _("usable from the other country"), default=False,
        help_text=_("Citizens or businesses of the other country can use the service without coming in person."),
    )
    # What the Single Digital Gateway regulation (Art. 10) asks of a procedure description.
    steps = StreamField(
        [("step", ProcedureStepBlock())], verbose_name=_("steps of the procedure"), blank=True
    )
    identification_means = models.TextField(
        _("identification and signature"), blank=True,
        help_text=_("Accepted means of identification and signature (e.g. ID card, qualified e-signature)."),
    )
    appeal_procedure = models.TextField(_("how to appeal"), blank=True)
    no_reply_consequence = models.TextField(
        _("if the institution does not answer in time"), blank=True,
        help_text=_("e.g. tacit approval or the right to appeal the silence."),
    )
    procedure_languages = MultipleChoiceField(
        _("languages of the procedure"), options=PROCEDURE_LANGUAGES, blank=True,
        help_text=_("Languages in which the procedure can be completed."),
    )
    life_events = ParentalManyToManyField(
        "catalogue.LifeEvent",
        verbose_name=_("life events"),
        blank=True,
        related_name="services",
        help_text=_("The moments in life when people need this service; visitors find it through them."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("catalogue_id"),
        FieldPanel("institution"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("life_events", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("channels"),
                FieldPanel("online_url"),
                FieldPanel("digitalisation_level"),
                FieldRowPanel([FieldPanel("electronic_identity"), FieldPanel("cross_border")]),
            ],
            heading=_("Who and how"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_currency")]),
                FieldPanel("payment_methods"),
                FieldRowPanel([FieldPanel("processing_days"), FieldPanel("processing_time_note")]),
            ],
            heading=_("Cost and time"),
        ),
        FieldPanel("required_documents"),
        FieldPanel("output"),
        FieldPanel("legal_basis"),
        MultiFieldPanel(
            [
                FieldPanel("steps"),
                FieldPanel("identification_means"),
                FieldPanel("appeal_procedure"),
                FieldPanel("no_reply_consequence"),
                FieldPanel("procedure_languages"),
            ],
            heading=_("Procedure (EU Single Digital Gateway)"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("required_documents"),
        index.SearchField("output"),
        index.RelatedFields("institution", [index.SearchField("title")]),
        index.FilterField("catalogue_id"),
        index.FilterField("institution"),
        index.FilterField("digitalisation_level"),
    ]

    api_fields = BasePage.api_fields + [
        APIField("catalogue_id"),
        APIField("institution"),
        APIField("summary"),
        APIField("description"),
        APIField("audience"),
        APIField("channels"),
        APIField("online_url"),
        APIField("fee_amount"),
        APIField("fee_currency"),
        APIField("payment_methods"),
        APIField("processing_days"),
        APIField("processing_time_note"),
        APIField("required_documents"),
        APIField("output"),
        APIField("legal_basis"),
        APIField("digitalisation_level"),
        APIField("electronic_identity"),
        APIField("cross_border"),
        APIField("steps"),
        APIField("identification_means"),
        APIField("appeal_procedure"),
        APIField("no_reply_consequence"),
        APIField("procedure_languages"),
        APIField("life_event_slugs"),
    ]

    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("catalogue_id"),
        SynchronizedField("institution"),
        TranslatableField("summary"),
        TranslatableField("description"),
        SynchronizedField("audience"),
        SynchronizedField("channels"),
        SynchronizedField("online_url"),
        SynchronizedField("fee_amount"),
        SynchronizedField("fee_currency"),
        TranslatableField("payment_methods"),
        SynchronizedField("processing_days"),
        TranslatableField("processing_time_note"),
        TranslatableField("required_documents"),
        TranslatableField("output"),
        TranslatableField("legal_basis"),
        SynchronizedField("digitalisation_level"),
        SynchronizedField("electronic_identity"),
        SynchronizedField("cross_border"),
        TranslatableField("steps"),
        TranslatableField("identification_means"),
        TranslatableField("appeal_procedure"),
        TranslatableField("no_reply_consequence"),
        SynchronizedField("procedure_languages"),
        # The life events a page points to may be of another language: they are shown by slug,
        # in the visitor's language (``LifeEvent.localized``).
        SynchronizedField("life_events"),
    ]

    base_form_class = ServicePageForm

    parent_page_types = ["catalogue.ServiceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self):
        super().clean()
        errors = {}
        if self.fee_amount is not None and not self.fee_currency:
            errors["fee_currency"] = _("A fee needs a currency.")
        if self.fee_currency and self.fee_amount is None:
            errors["fee_amount"] = _("Give the amount of the fee, or clear the currency.")
        channels = self._meta.get_field("channels").to_python(self.channels)
        if "online" in channels and not self.online_url:
            errors["online_url"] = _("A service offered online needs the address of its e-service.")
        if self.digitalisation_level and self.digitalisation_level >= DigitalisationLevel.ONLINE_SUBMISSION and "online" not in channels:
            errors["channels"] = _("Digitalisation level 3 or higher means the service is offered online.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self):
        return self.fee_amount is None or self.fee_amount == 0

    @property
    def is_online(self):
        return "online" in self.channels

    def audience_labels(self):
        return self._meta.get_field("audience").labels(self.audience)

    def channel_labels(self):
        return self._meta.get_field("channels").labels(self.channels)

    def procedure_language_labels(self):
        return self._meta.get_field("procedure_languages").labels(self.procedure_languages)

    @property
    def life_event_slugs(self):
        """The slugs of this service's life events (the same in every language), for the API;
        from the prefetched life events when the API list prefetched them."""
        return sorted({event.slug for event in self.life_events.all()})

    def life_events_in_language(self, request=None):
        """This service's life events in this page's language where translated: the slugs it
        chose (one query, kept per catalogue version with a request: publishing the service or
        saving a life event makes a new one), the life events from ``LifeEvent.kept_localized``."""
        if not self.pk:
            return []

        def chosen_slugs():
            through = LifeEvent.services.through.objects.filter(servicepage_id=self.pk)
            return sorted(set(through.values_list("lifeevent__slug", flat=True)))

        if request is None or getattr(request, "is_preview", False):
            chosen = set(chosen_slugs())
        else:
            from pagecache import site_version

            chosen = set(
                site_version.remember(
                    request, ("service-life-events", self.pk), chosen_slugs, scope=site_version.CATALOGUE
                )
            )
        if not chosen:
            return []
        return [event for event in LifeEvent.kept_localized(request, self.locale_id) if event.slug in chosen]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["life_events"] = self.life_events_in_language(request)
        return context

    @property
    def legal_basis_lines(self):
        return [line for line in self.legal_basis.splitlines() if line.strip()]

    @cached_property
    def localized_institution(self):
        """The competent institution in this page's language when that translation exists."""
        if self.institution is None:
            return None
        translation = (
            InstitutionPage.objects.live()
            .filter(translation_key=self.institution.translation_key, locale_id=self.locale_id)
            .first()
        )
        return translation or self.institution

    @classmethod
    def attach_localized_institutions(cls, services, locale_id, request=None):
        """Give each service its institution in ``locale_id`` with two queries for the whole list.

        With a request, the institutions of a list are kept per catalogue version (an institution
        published, renamed or translated advances it): loading twenty institution pages cost a
        third of the service finder's render time."""
        services = list(services)
        institution_ids = tuple(sorted({service.institution_id for service in services if service.institution_id}))

        def find():
            keys = dict(InstitutionPage.objects.filter(id__in=institution_ids).values_list("id", "translation_key"))
            localized = {
                page.translation_key: page
                for page in InstitutionPage.objects.live().filter(translation_key__in=keys.values(), locale_id=locale_id)
            }
            return {institution_id: localized.get(key) for institution_id, key in keys.items()}

        if not institution_ids:
            by_institution = {}
        elif request is None or getattr(request, "is_preview", False):
            by_institution = find()
        else:
            from pagecache import site_version

            by_institution = site_version.remember(
                request, ("localized-institutions", locale_id, institution_ids), find, scope=site_version.CATALOGUE
            )
        for service in services:
            service.__dict__["localized_institution"] = by_institution.get(service.institution_id)
        return services


class CatalogueImport(models.Model):
    """A catalogue file uploaded in the admin: checked (a dry run), then, once confirmed, imported;
    both by the background worker (catalogue.tasks), which records progress and result here."""

    class Status(models.TextChoices):
        CHECK_QUEUED = "check_queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking…")
        REJECTED = "rejected", _("Has problems, not imported")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.SUCCEEDED, Status.FAILED)
    BEING_CHECKED = (Status.CHECK_QUEUED, Status.CHECKING)
    NOT_CONFIRMED = (*BEING_CHECKED, Status.REJECTED, Status.CHECKED)

    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("uploaded file"), upload_to="catalogue-imports/%Y/%m/", blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True)
    token = models.UUIDField(_("confirmation token"), default=uuid.uuid4, unique=True, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    published = models.BooleanField(_("published"), default=True)
    status = models.CharField(_("state"), max_length=16, choices=Status.choices, default=Status.CHECKED)
    records_done = models.PositiveIntegerField(_("records done"), default=0)
    records_total = models.PositiveIntegerField(_("records in the file"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("background job"), max_length=64, blank=True)
    # The dry run's result: {"institution_counts": [new, updated, unchanged], "service_counts": …,
    # "translation_counts": …} once checked; every problem (with its JSON path) once rejected.
    check_report = models.JSONField(_("dry-run report"), default=dict, blank=True)
    problems = models.JSONField(_("problems of the file"), default=list, blank=True)

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")
        ordering = ["-imported_at"]
        constraints = [
            # The database itself refuses a second import of the same file while one runs.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=Q(status__in=["queued", "running"]),
                name="catalogue_import_one_active_per_file",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self):
        """Something runs or waits for the worker (a check or an import): its page refreshes."""
        return self.status in self.ACTIVE or self.status in self.BEING_CHECKED

    @property
    def is_being_checked(self):
        return self.status in self.BEING_CHECKED

    @property
    def percent_done(self):
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.records_done / self.records_total) if self.records_total else 0
