"""Demo content for the digitalisation map: the district administrations and county councils
of the programme area that the demo catalogue (home/demo/catalogue.json) leaves out, with three
services each, imported through the catalogue importer as any catalogue file; then which demo
services accept an electronic identity and can be used from the other country, and the
snapshots that show a change.

The first snapshot is recorded before the regional services are imported (dated 90 days back)
and the second after: the history shows what the survey added to the catalogue.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from catalogue.importer import CatalogueImporter
from catalogue.models import DigitalisationLevel, ServicePage

from .models import IndicatorSnapshot
from .snapshots import record_snapshot

# key, country, name in bg / ro / en, and the level of each of its three services.
REGIONS = (
    ("Montana", "BG", "Монтана", "Montana", "Montana", (3, 1, 5)),
    ("Vratsa", "BG", "Враца", "Vrața", "Vratsa", (2, 4, 4)),
    ("Pleven", "BG", "Плевен", "Pleven", "Pleven", (4, 3, 5)),
    ("Veliko Tarnovo", "BG", "Велико Търново", "Veliko Tărnovo", "Veliko Tarnovo", (5, 4, 5)),
    ("Dobrich", "BG", "Добрич", "Dobrici", "Dobrich", (1, 2, 3)),
    ("Mehedinti", "RO", "Мехединци", "Mehedinți", "Mehedinți", (2, 1, 3)),
    ("Olt", "RO", "Олт", "Olt", "Olt", (3, 2, 4)),
    ("Teleorman", "RO", "Телеорман", "Teleorman", "Teleorman", (1, 1, 3)),
    ("Constanta", "RO", "Констанца", "Constanța", "Constanța", (4, 3, 5)),
)

BG_SERVICES = (
    ("state-property", {
        "bg": "Удостоверение за наличие или липса на актуван държавен имот",
        "ro": "Certificat privind existența unui act de proprietate de stat",
        "en": "Certificate of whether a property is recorded as state property",
    }),
    ("public-information", {
        "bg": "Достъп до обществена информация",
        "ro": "Acces la informații de interes public",
        "en": "Access to public information",
    }),
    ("proposals", {
        "bg": "Подаване на предложение или сигнал",
        "ro": "Depunerea unei propuneri sau sesizări",
        "en": "Submitting a proposal or complaint",
    }),
)
RO_SERVICES = (
    ("urban-planning-certificate", {
        "bg": "Издаване на удостоверение за градоустройство",
        "ro": "Eliberarea certificatului de urbanism",
        "en": "Urban planning certificate",
    }),
    ("building-permit", {
        "bg": "Издаване на разрешение за строеж",
        "ro": "Eliberarea autorizației de construire",
        "en": "Building permit",
    }),
    ("public-information", {
        "bg": "Достъп до обществена информация",
        "ro": "Acces la informații de interes public",
        "en": "Access to public information",
    }),
)


def _institution(key, country, bg, ro, en):
    slug = key.lower().replace(" ", "-")
    if country == "BG":
        return {
            "id": f"{slug}-regional-administration", "type": "district-administration", "country": "BG",
            "region": key, "source_language": "bg", "email": f"office@{slug}.example.bg",
            "name": {"bg": f"Областна администрация {bg}", "ro": f"Administrația regională {ro}",
                     "en": f"{en} Regional Administration"},
        }
    return {
        "id": f"{slug}-county-council", "type": "county-council", "country": "RO", "region": key,
        "source_language": "ro", "email": f"office@cj{slug}.example.ro",
        "name": {"bg": f"Окръжен съвет {bg}", "ro": f"Consiliul Județean {ro}", "en": f"{en} County Council"},
    }


LIFE_EVENTS = {
    "state-property": "building-a-home", "urban-planning-certificate": "building-a-home",
    "building-permit": "building-a-home", "public-information": "taking-part", "proposals": "taking-part",
}


def _service(institution, code, titles, level):
    online = level >= DigitalisationLevel.ONLINE_SUBMISSION
    record = {
        "id": f"{institution['id']}-{code}", "institution": institution["id"],
        "source_language": institution["source_language"], "audience": ["citizens", "businesses"],
        "channels": ["in-person", "online"] if online else ["in-person", "post"],
        "digitalisation_level": level, "processing_days": 14, "life_events": [LIFE_EVENTS[code]],
        # The exchange format's extension for the map (the same rule as for the rest of the demo below).
        "electronic_identity": level >= DigitalisationLevel.ONLINE_PROCESSING,
        "cross_border": level == DigitalisationLevel.FULLY_ONLINE,
        "title": titles,
        "summary": {
            "bg": f"{titles['bg']} ({institution['name']['bg']}).",
            "ro": f"{titles['ro']} ({institution['name']['ro']}).",
            "en": f"{titles['en']} ({institution['name']['en']}).",
        },
    }
    if online:
        record["online_url"] = f"https://e-services.example.eu/{institution['id']}/{code}"
    return record


def regional_catalogue():
    institutions, services = [], []
    for key, country, bg, ro, en, levels in REGIONS:
        institution = _institution(key, country, bg, ro, en)
        institutions.append(institution)
        for (code, titles), level in zip(BG_SERVICES if country == "BG" else RO_SERVICES, levels, strict=True):
            services.append(_service(institution, code, titles, level))
    return {"format": "bgro-catalogue/1", "institutions": institutions, "services": services}


@transaction.atomic
def build(log=print):
    """Returns the number of changes made (0 when the demo is already complete)."""
    changes = 0
    if not IndicatorSnapshot.objects.exists():
        changes += record_snapshot(timezone.localdate() - timedelta(days=90))
    report = CatalogueImporter(regional_catalogue()).run()
    log(f"Regional catalogue: {report.summary()}")
    changes += sum(count for (_kind, outcome), count in report.counts.items() if outcome != "unchanged")
    # The regional file above carries both flags; the rest of the demo catalogue (imported by
    # the catalogue's demo without them) gets them here, on every language version as the field
    # is synchronised: level 4 and up ask for an electronic identity; services of level 5 can be
    # used from the other country.
    for name, rule in (
        ("electronic_identity", {"digitalisation_level__gte": DigitalisationLevel.ONLINE_PROCESSING}),
        ("cross_border", {"digitalisation_level": DigitalisationLevel.FULLY_ONLINE}),
    ):
        for page in ServicePage.objects.filter(alias_of__isnull=True, **rule).exclude(**{name: True}):
            setattr(page, name, True)
            page.save_revision().publish()  # a revision, so the next edit starts from it
            changes += 1
    if not IndicatorSnapshot.objects.filter(taken_on=timezone.localdate()).exists():
        changes += record_snapshot()
    return changes
