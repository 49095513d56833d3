"""The service finder of the service index page: which services match the filters of the URL,
and how many services each filter option finds.

Visitors narrow the list by life event, by the country, region and institution of the
competent institution, by audience and to services they can use online. The filters are GET
parameters, so a filtered list is a link to share or bookmark (the home page links to the list
of each life event), and the form works without JavaScript::

    ?life_event=having-a-child&country=RO&region=Giurgiu&institution=giurgiu-city-hall&audience=businesses&online=1&page=2

Each filter takes one value. An institution is named by its catalogue id and a life event by its
slug, which every language version of it shares, so a link works in all three languages.

**Counts.** The number next to an option is how many services the visitor finds by choosing
it, with the other filters as they are: the option's own filter is set aside (for "Romania",
the country filter; for "Online only", the online filter). One GROUP BY query gives every
count: a row per competent institution with its country and region and, for its services,
conditional counts per audience and for online use; the filters on the institution are then
applied to these rows in Python. One more query names the institutions in the visitor's
language. The life events' counts are one more query, which also names them in the visitor's
language. The number of queries does not depend on the number of services, institutions or
life events.

**Bad parameters.** A value that is not understood (an unknown country, a region outside the
chosen country, an unknown institution) is left out and the page says so; nothing in the
query string can make the page fail.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .fields import MultipleChoiceField
from .models import AUDIENCES, CATALOGUE_ID_PATTERN, InstitutionPage, LifeEvent
from .regions import BULGARIAN_OBLASTS, REGIONS_BY_COUNTRY, ROMANIAN_COUNTIES, Country

FILTER_PARAMETERS = ("life_event", "country", "region", "institution", "audience", "online")
ONLINE_CHANNEL = "online"
# Values of the "online only" checkbox (value="1") and of hand-written links.
ONLINE_VALUES = {"1", "on", "true", "yes"}

_CATALOGUE_ID = re.compile(CATALOGUE_ID_PATTERN)
_REGION_LABELS = dict(BULGARIAN_OBLASTS + ROMANIAN_COUNTIES)
_AUDIENCE_LABELS = dict(AUDIENCES)


@dataclass(frozen=True)
class FilterOption:
    """One choice of a filter: a radio button, a checkbox or an ``<option>``."""

    value: str
    label: str
    count: int
    selected: bool
    # The language of the label when it is not the visitor's (an untranslated institution).
    lang: str = ""


@dataclass(frozen=True)
class OptionGroup:
    """Options under a heading (an ``<optgroup>``); ``label`` is empty for a plain list."""

    label: str
    options: list = field(default_factory=list)


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in use, with the query string of the same list without it."""

    name: str
    label: str
    remove_query: str
    # The language of the label when it is not the visitor's (an untranslated institution or life event).
    lang: str = ""


def compact_query(query):
    """The query string without the finder's empty parameters, or None when it has none.

    A GET form sends every field, so "All countries" arrives as ``country=``; the page
    redirects to the compact address, which is the one visitors copy and share.
    """
    names = (*FILTER_PARAMETERS, "page")
    if not any(name in query and not "".join(query.getlist(name)).strip() for name in names):
        return None
    kept = [
        (name, value)
        for name, values in query.lists()
        for value in values
        if name not in names or value.strip()
    ]
    return urlencode(kept)


@lru_cache(maxsize=20_000)  # the same institution names are sorted on every list
def _sort_key(label):
    """Alphabetical order that files Călărași among the Cs: Latin letters lose their marks
    (ă, ș, ț), Cyrillic letters keep theirs (Й is a letter of its own, after И)."""
    letters = []
    for char in str(label):
        base = unicodedata.normalize("NFKD", char)[0]
        letters.append(base if base.isascii() else char)
    return "".join(letters).casefold()


def _contains(field_name, code):
    return Q(**{f"{field_name}__contains": MultipleChoiceField.lookup_value(code)})


def _with_life_event(slug):
    """Services that chose the life event ``slug``, in whichever of its language versions."""
    chosen = LifeEvent.services.through.objects.filter(lifeevent__slug=slug).values("servicepage_id")
    return Q(pk__in=chosen)


def _all_of(*conditions):
    """The conditions joined with AND, leaving out None; None when none is left."""
    conditions = [condition for condition in conditions if condition is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined


class ServiceFilter:
    """The filters of one request, the services that match them and the options' counts.

    ``services()`` gives the services the finder chooses from (the index's visible children:
    building that queryset reads the privacy settings, so it is built only when the list or a
    count is not kept), ``query`` the request's GET parameters and ``locale_id`` the locale of
    the index page, in which institutions are named when they have a version there.
    """

    def __init__(self, services, query, *, locale_id, remember=None):
        self._build_services = services
        self._locale_id = locale_id
        # remember(key_parts, compute): where the counts are kept between requests (the index
        # page passes the site version's cache, so they are computed once per publish, not per
        # request); without it they are computed for this object only.
        self._remember = remember or (lambda parts, compute: compute())
        self._problems = []
        self._requested_life_event = self._clean_life_event_slug(query)
        self.country = self._clean_country(query)
        self.region = self._clean_region(query)
        self.audience = self._clean_audience(query)
        self.online = self._clean_online(query)
        self._requested_institution = self._clean_institution_key(query)

    # --- Reading the parameters ----------------------------------------------------------------

    @staticmethod
    def _value(query, name):
        return query.get(name, "").strip()

    def _clean_country(self, query):
        value = self._value(query, "country").upper()
        if value and value not in Country.values:
            self._problems.append(_("The country in the address is not one the catalogue covers, so services of every country are shown."))
            return ""
        return value

    def _clean_region(self, query):
        value = self._value(query, "region")
        if not value:
            return ""
        if value not in _REGION_LABELS:
            self._problems.append(_("The region in the address is not known, so services of every region are shown."))
            return ""
        if self.country and value not in REGIONS_BY_COUNTRY[self.country]:
            self._problems.append(
                _("%(region)s is not in %(country)s, so the region filter has been left out.")
                % {"region": _REGION_LABELS[value], "country": Country(self.country).label}
            )
            return ""
        return value

    def _clean_audience(self, query):
        value = self._value(query, "audience")
        if value and value not in _AUDIENCE_LABELS:
            self._problems.append(_("The audience in the address is not known, so services for everyone are shown."))
            return ""
        return value

    def _clean_online(self, query):
        value = self._value(query, "online").lower()
        if value and value not in ONLINE_VALUES:
            self._problems.append(_("The “online only” value in the address is not known, so the filter is off."))
            return False
        return bool(value)

    def _clean_life_event_slug(self, query):
        value = self._value(query, "life_event")
        if value and not _CATALOGUE_ID.fullmatch(value):
            self._problems.append(_("The life event in the address is not known, so services for every life event are shown."))
            return ""
        return value

    def _clean_institution_key(self, query):
        value = self._value(query, "institution")
        if value and not _CATALOGUE_ID.fullmatch(value):
            self._problems.append(_("The institution in the address is not known, so services of every institution are shown."))
            return ""
        return value

    @cached_property
    def institution(self):
        """The chosen institution's catalogue id, once an institution is known to have it."""
        key = self._requested_institution
        if key and key not in self._institution_names:
            self._problems.append(_("The institution in the address is not known, so services of every institution are shown."))
            return ""
        return key

    @cached_property
    def life_event(self):
        """The chosen life event's slug, once a life event is known to have it."""
        slug = self._requested_life_event
        if slug and slug not in self._life_events:
            self._problems.append(_("The life event in the address is not known, so services for every life event are shown."))
            return ""
        return slug

    @property
    def problems(self):
        """What was left out of the address, one sentence each, in the visitor's language."""
        self.life_event  # noqa: B018  (checking the life event may add a problem)
        self.institution  # noqa: B018  (checking the institution may add a problem)
        return list(self._problems)

    @property
    def is_active(self):
        return bool(self.life_event or self.country or self.region or self.institution or self.audience or self.online)

    # --- The services ------------------------------------------------------------------------

    @cached_property
    def _services(self):
        """The services to choose from, built on first use and once."""
        return self._build_services()

    def results(self):
        """The services that match every filter, in alphabetical order."""
        services = self._filtered()
        if self.life_event:
            services = services.filter(_with_life_event(self.life_event))
        return services.order_by("title")

    def _filtered(self):
        """The services that match every filter but the life event."""
        services = self._services
        if self.country:
            services = services.filter(institution__country=self.country)
        if self.region:
            services = services.filter(institution__region=self.region)
        if self.institution:
            services = services.filter(institution__catalogue_id=self.institution)
        if self.audience:
            services = services.filter(_contains("audience", self.audience))
        if self.online:
            services = services.filter(_contains("channels", ONLINE_CHANNEL))
        return services

    # --- Counts -------------------------------------------------------------------------------

    @cached_property
    def _rows(self):
        """The services per competent institution, with the counts every option needs (one query,
        kept per site version: see ``remember``)."""
        parts = ("finder-rows", self.audience, self.online, self.life_event)
        return self._remember(parts, self._count_rows)

    def _count_rows(self):
        """The services per competent institution, with the counts every option needs (one query).

        The filters on the service (audience, online) are conditional counts, each leaving out
        the filter whose options it counts; the filters on the institution are applied to the
        rows by ``_in_place``.
        """
        audience = _contains("audience", self.audience) if self.audience else None
        online = _contains("channels", ONLINE_CHANNEL) if self.online else None
        # The life event is known only after _life_events, which does not depend on these rows.
        life_event = _with_life_event(self.life_event) if self.life_event else None
        counts = {
            "total": Count("pk"),
            "any_life_event": Count("pk", filter=_all_of(audience, online)),
            "matching": Count("pk", filter=_all_of(audience, online, life_event)),
            "any_audience": Count("pk", filter=_all_of(online, life_event)),
            "online": Count("pk", filter=_all_of(_contains("channels", ONLINE_CHANNEL), audience, life_event)),
        }
        for code in _AUDIENCE_LABELS:
            counts[f"audience_{code}"] = Count("pk", filter=_all_of(_contains("audience", code), online, life_event))
        return list(
            self._services.order_by()
            .values(
                institution_key=F("institution__catalogue_id"),
                institution_country=F("institution__country"),
                institution_region=F("institution__region"),
            )
            .annotate(**counts)
        )

    def _in_place(self, row, ignore=()):
        """Whether the row's institution passes the place filters, except those named in ``ignore``."""
        return (
            ("country" in ignore or not self.country or row["institution_country"] == self.country)
            and ("region" in ignore or not self.region or row["institution_region"] == self.region)
            and ("institution" in ignore or not self.institution or row["institution_key"] == self.institution)
        )

    def _count(self, column="matching", ignore=(), ignore_life_event=False, **equal):
        if ignore_life_event:
            column = "any_life_event"
        return sum(
            row[column]
            for row in self._rows
            if self._in_place(row, ignore) and all(row[name] == value for name, value in equal.items())
        )

    @property
    def has_services(self):
        """Whether the index has any service at all, whatever the filters."""
        return any(row["total"] for row in self._rows)

    @property
    def count(self):
        """How many services match every filter (the paginator counts them again)."""
        return self._count()

    @property
    def country_options(self):
        options = [FilterOption("", _("All countries"), self._count(ignore=["country"]), not self.country)]
        for country in Country:
            # Choosing a country leaves out a chosen region of the other country: so does its count.
            ignore = ["country"] if not self.region or self.region in REGIONS_BY_COUNTRY[country] else ["country", "region"]
            count = self._count(ignore=ignore, institution_country=country.value)
            options.append(FilterOption(country.value, country.label, count, self.country == country.value))
        return options

    @property
    def all_regions_option(self):
        return FilterOption("", _("All regions"), self._count(ignore=["region"]), not self.region)

    @property
    def region_groups(self):
        """The regions where services are found, by country unless a country is chosen."""
        counts = {}
        for row in self._rows:
            if row["institution_region"] and self._in_place(row, ignore=["region"]):
                counts[row["institution_region"]] = counts.get(row["institution_region"], 0) + row["matching"]
        groups = []
        for country in Country:
            if self.country and self.country != country.value:
                continue
            options = [
                FilterOption(region, str(_REGION_LABELS[region]), counts.get(region, 0), region == self.region)
                for region in REGIONS_BY_COUNTRY[country]
                if counts.get(region) or region == self.region
            ]
            if options:
                options.sort(key=lambda option: _sort_key(str(option.label)))
                groups.append(OptionGroup("" if self.country else str(country.label), options))
        return groups

    @cached_property
    def _institution_names(self):
        """Catalogue id → (name, language of the name if not the visitor's), kept per site version."""
        parts = ("finder-institution-names", self._locale_id, self._requested_institution, get_language())
        return self._remember(parts, self._read_institution_names)

    def _read_institution_names(self):
        """Catalogue id → (name, language of the name if not the visitor's), in one query.

        The name is the institution's version in the index's locale (a translation, or an alias
        showing its source's name); failing that, any live version.
        """
        # The services' institutions as a subquery, not from ``_rows``: the counts in the rows
        # depend on the life event, whose counts depend on the chosen institution.
        keys = Q(catalogue_id__in=self._services.order_by().values("institution__catalogue_id"))
        if self._requested_institution:
            keys |= Q(catalogue_id=self._requested_institution)
        versions = list(
            InstitutionPage.objects.live()
            .filter(keys)
            .annotate(language_code=F("locale__language_code"))
            .values("pk", "catalogue_id", "title", "locale_id", "alias_of_id", "language_code")
            .order_by("pk")
        )
        languages = {version["pk"]: version["language_code"] for version in versions}
        chosen = {}
        for version in versions:
            current = chosen.get(version["catalogue_id"])
            if current is None or (version["locale_id"] == self._locale_id and current["locale_id"] != self._locale_id):
                chosen[version["catalogue_id"]] = version
        visitor_language = get_language()
        names = {}
        for key, version in chosen.items():
            # An alias shows its source's name; the source of an alias of a live page is live too.
            language = languages.get(version["alias_of_id"], version["language_code"])
            names[key] = (version["title"], "" if language == visitor_language else language or "")
        return names

    @property
    def all_institutions_option(self):
        return FilterOption("", _("All institutions"), self._count(ignore=["institution"]), not self.institution)

    @property
    def institution_options(self):
        """The institutions whose services match the other filters, by name."""
        counts = {}
        for row in self._rows:
            key = row["institution_key"]
            if key and self._in_place(row, ignore=["institution"]):
                counts[key] = counts.get(key, 0) + row["matching"]
        options = []
        for key, (name, language) in self._institution_names.items():
            count = counts.get(key, 0)
            if count or key == self.institution:
                options.append(FilterOption(key, name, count, key == self.institution, language))
        options.sort(key=lambda option: _sort_key(str(option.label)))
        return options

    @property
    def audience_options(self):
        options = [FilterOption("", _("All audiences"), self._count("any_audience"), not self.audience)]
        for code, label in _AUDIENCE_LABELS.items():
            options.append(FilterOption(code, str(label), self._count(f"audience_{code}"), self.audience == code))
        return options

    @property
    def online_option(self):
        return FilterOption("1", _("Online only"), self._count("online"), self.online)

    @cached_property
    def _life_events(self):
        """Slug → life event in the visitor's language, each with ``service_count``: the services
        that match every other filter and chose it (one query)."""
        def compute():
            events = LifeEvent.localized(self._locale_id, services=self._filtered())
            return {event.slug: event for event in events}

        filters = (self.country, self.region, self.institution, self.audience, self.online)
        return self._remember(("finder-life-events", self._locale_id, *filters), compute)

    @property
    def all_life_events_option(self):
        return FilterOption("", _("All life events"), self._count(ignore_life_event=True), not self.life_event)

    @property
    def life_event_options(self):
        """The life events with services among those the other filters find, in their order."""
        visitor_language = get_language()
        return [
            FilterOption(
                slug,
                event.name,
                event.service_count,
                slug == self.life_event,
                "" if event.name_language == visitor_language else event.name_language,
            )
            for slug, event in self._life_events.items()
            if event.service_count or slug == self.life_event
        ]

    # --- Links --------------------------------------------------------------------------------

    def _parameters(self):
        return {
            "life_event": self.life_event,
            "country": self.country,
            "region": self.region,
            "institution": self.institution,
            "audience": self.audience,
            "online": "1" if self.online else "",
        }

    def query_string(self, **changes):
        """``?…`` for the current filters with ``changes`` applied (an empty value removes one)."""
        parameters = {**self._parameters(), **changes}
        encoded = urlencode([(name, value) for name, value in parameters.items() if value])
        return f"?{encoded}" if encoded else ""

    @property
    def active_filters(self):
        """The filters in use, in the form's order, each with the link that removes it."""
        life_event = self._life_events.get(self.life_event) if self.life_event else None
        visitor_language = get_language()
        institution = self._institution_names.get(self.institution, ("", "")) if self.institution else ("", "")
        languages = {
            "life_event": getattr(life_event, "name_language", visitor_language),
            "institution": institution[1],
        }
        labels = {
            "life_event": life_event.name if life_event else "",
            "country": Country(self.country).label if self.country else "",
            "region": _REGION_LABELS.get(self.region, ""),
            "institution": institution[0],
            "audience": _AUDIENCE_LABELS.get(self.audience, ""),
            "online": _("Online only") if self.online else "",
        }
        return [
            ActiveFilter(
                name,
                str(label),
                self.query_string(**{name: ""}),
                "" if languages.get(name, visitor_language) == visitor_language else languages[name] or "",
            )
            for name, label in labels.items()
            if label
        ]
