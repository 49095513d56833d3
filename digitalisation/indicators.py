"""The digitalisation indicators, computed from the catalogue: per institution, district or
county (region) and country.

For each service (counted once, whatever the number of its language versions):

- **services**: live services a visitor may see;
- **started online**: "online" is among its channels;
- **completed online**: digitalisation level 5 (fully online, including the result);
- **paid online**: level 4 or 5 (online submission and payment);
- **electronic identity**: the service says it accepts an electronic identity;
- **from the other country**: the service says people of the other country can use it without
  coming in person;
- **translated**: of the service's pages in the site's languages, the share that are real
  translations rather than aliases of the source page;
- **levels**: how many services carry each digitalisation level (1 to 5).

A service counts for the region and country of its competent institution. Two queries read
everything (services, institutions), whatever their number.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from catalogue.models import DigitalisationLevel, InstitutionPage, ServicePage
from catalogue.regions import Country

from .area import AREA_REGIONS


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str


# The counts every table, chart, snapshot and download carries, in this order.
COUNTS = (
    Indicator("started_online", _("Can be started online")),
    Indicator("completed_online", _("Can be completed online")),
    Indicator("paid_online", _("Can be paid online")),
    Indicator("electronic_identity", _("Usable with an electronic identity")),
    Indicator("cross_border", _("Usable from the other country")),
)
COUNT_NAMES = tuple(indicator.name for indicator in COUNTS)
LEVELS = tuple(DigitalisationLevel)
# The indicators a visitor can colour the map by: each count's share, and the translated share.
MAP_INDICATORS = COUNTS + (Indicator("translated", _("Pages translated")),)


@dataclass
class Tally:
    services: int = 0
    started_online: int = 0
    completed_online: int = 0
    paid_online: int = 0
    electronic_identity: int = 0
    cross_border: int = 0
    translated_versions: int = 0
    language_versions: int = 0
    levels: list = field(default_factory=lambda: [0] * len(LEVELS))

    def add(self, service, language_count):
        self.services += 1
        for name in COUNT_NAMES:
            self.__dict__[name] += int(service[name])
        self.translated_versions += service["translated_versions"]
        self.language_versions += language_count
        self.levels[service["level"] - 1] += 1

    def share(self, name):
        """The percentage of services with ``name`` (or of pages translated), or None without services."""
        if name == "translated":
            return round(100 * self.translated_versions / self.language_versions, 1) if self.language_versions else None
        return round(100 * getattr(self, name) / self.services, 1) if self.services else None

    @property
    def translated_share(self):
        return self.share("translated")

    def counts(self):
        return [(indicator, getattr(self, indicator.name), self.share(indicator.name)) for indicator in COUNTS]

    def level_rows(self):
        return [
            (level, count, round(100 * count / self.services, 1) if self.services else None)
            for level, count in zip(LEVELS, self.levels, strict=True)
        ]

    def as_record(self):
        """The flat dictionary of the downloads and snapshots."""
        record = {"services": self.services}
        for name in COUNT_NAMES:
            record[name] = getattr(self, name)
        record["translated_share"] = self.translated_share
        for level, count in zip(LEVELS, self.levels, strict=True):
            record[f"level_{level.value}"] = count
        return record


@dataclass
class InstitutionRow:
    key: str  # catalogue id, shared by the institution's language versions
    name: str
    country: str
    region: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Survey:
    total: Tally
    countries: dict  # country code → Tally
    regions: dict  # region key → Tally, every region of the programme area
    institutions: list  # InstitutionRow, by country, region, name


def _services():
    """Each service once, by translation key, with the fields of its source page and the number
    of its language versions that are real translations."""
    services = {}
    rows = ServicePage.objects.visible().values_list(
        "translation_key", "alias_of_id", "institution_id", "channels", "digitalisation_level",
        "electronic_identity", "cross_border",
    )
    online_channel = "online"
    for key, alias_of, institution_id, channels, level, electronic_identity, cross_border in rows:
        service = services.setdefault(key, {"translated_versions": 0, "institution_id": None})
        if alias_of is not None:
            continue
        service["translated_versions"] += 1
        # Synchronised fields: every translation carries the source's values.
        channels = ServicePage._meta.get_field("channels").to_python(channels)
        service.update(
            institution_id=service["institution_id"] or institution_id,
            level=level,
            started_online=online_channel in channels,
            completed_online=level >= DigitalisationLevel.FULLY_ONLINE,
            paid_online=level >= DigitalisationLevel.ONLINE_PROCESSING,
            electronic_identity=electronic_identity,
            cross_border=cross_border,
        )
    return [service for service in services.values() if "level" in service]


def compute_survey(language_code=None):
    """The indicators of the whole catalogue; institution names in ``language_code`` where
    translated (the source name otherwise)."""
    language_count = Locale.objects.count() or 1
    services = _services()
    institution_ids = {service["institution_id"] for service in services} - {None}
    institutions = {
        row[0]: row[1:]
        for row in InstitutionPage.objects.filter(pk__in=institution_ids).values_list(
            "pk", "translation_key", "catalogue_id", "title", "country", "region"
        )
    }
    names = {}
    if language_code:
        names = dict(
            InstitutionPage.objects.live()
            .filter(
                translation_key__in={value[0] for value in institutions.values()},
                locale__language_code=language_code,
            )
            .values_list("translation_key", "title")
        )

    total = Tally()
    countries = {country.value: Tally() for country in Country}
    regions = {region.key: Tally() for region in AREA_REGIONS}
    by_institution = {}
    for service in services:
        total.add(service, language_count)
        institution = institutions.get(service["institution_id"])
        if institution is None:
            continue
        translation_key, catalogue_id, title, country, region = institution
        countries.setdefault(country, Tally()).add(service, language_count)
        if region in regions:
            regions[region].add(service, language_count)
        row = by_institution.get(translation_key)
        if row is None:
            row = by_institution[translation_key] = InstitutionRow(
                catalogue_id, names.get(translation_key, title), country, region
            )
        row.tally.add(service, language_count)
    institution_rows = sorted(by_institution.values(), key=lambda row: (row.country, row.region, row.name.casefold()))
    return Survey(total=total, countries=countries, regions=regions, institutions=institution_rows)
