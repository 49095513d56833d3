"""The section pages a catalogue import writes into: the institution index and the service index,
each in the Bulgarian, Romanian and English trees.

The importer creates them on a site that lacks them (a fresh site after ``migrate``); the demo
loader builds them from the same values (home/demo/builder.py), under the same translation keys,
so the demo loaded after an import finds them instead of adding a second section.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale, Page, Site

from bgro.translation import apply_field_values, translate_page

from .models import InstitutionIndexPage, ServiceIndexPage

SOURCE_LANGUAGE = "bg"
LANGUAGES = ("bg", "ro", "en")


@dataclass(frozen=True)
class Section:
    key: str
    model: type
    translation_key: uuid.UUID
    title: dict
    slug: dict
    introduction: dict

    def values(self, language):
        return {"title": self.title[language], "slug": self.slug[language], "introduction": self.introduction[language]}


SECTIONS = (
    Section(
        key="institutions",
        model=InstitutionIndexPage,
        # The demo loader's key for this section (uuid5 of its name in home/demo/builder.py).
        translation_key=uuid.UUID("ec20bab9-b9fb-5695-ba0f-55ce06f66e8f"),
        title={"bg": "Институции", "ro": "Instituții", "en": "Institutions"},
        slug={"bg": "institutsii", "ro": "institutii", "en": "institutions"},
        introduction={
            "bg": "Общини, областни администрации, окръжни съвети, префектури и други организации от двете страни на Дунав – с данни за контакт и предоставяните от тях услуги.",
            "ro": "Primării, administrații regionale, consilii județene, prefecturi și alte organizații de pe ambele maluri ale Dunării – cu date de contact și serviciile pe care le oferă.",
            "en": "Municipalities, district administrations, county councils, prefectures and other organisations on both banks of the Danube, with their contact details and the services they provide.",
        },
    ),
    Section(
        key="services",
        model=ServiceIndexPage,
        # The demo loader's key for this section (uuid5 of its name in home/demo/builder.py).
        translation_key=uuid.UUID("eee6377a-aaea-5b5a-8558-af93fb87f3f2"),
        title={"bg": "Услуги", "ro": "Servicii", "en": "Services"},
        slug={"bg": "uslugi", "ro": "servicii", "en": "services"},
        introduction={
            "bg": "Административни услуги за гражданите, бизнеса и неправителствените организации в трансграничния регион: кой ги предоставя, как се заявяват и кои могат да се получат онлайн.",
            "ro": "Servicii administrative pentru cetățeni, firme și organizații neguvernamentale din regiunea transfrontalieră: cine le furnizează, cum se solicită și care pot fi obținute online.",
            "en": "Administrative services for citizens, businesses and NGOs in the cross-border region: who provides them, how to apply and which can be obtained online.",
        },
    ),
)


class NoHomePage(Exception):
    pass


def site_home(language=SOURCE_LANGUAGE):
    """The default site's home page in ``language`` (the root of that language's tree)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise NoHomePage("the site has no default Wagtail site")
    home = Page.objects.filter(translation_key=site.root_page.translation_key, locale__language_code=language).first()
    if home is None:
        raise NoHomePage(f"the site has no home page in language “{language}”")
    return home.specific


@transaction.atomic
def ensure_catalogue_sections():
    """Create the sections the site lacks, published in every language; returns the new
    Bulgarian pages. A section the site has (even one editors made, with other titles) is left
    as it is."""
    created = []
    locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=LANGUAGES)}
    for section in SECTIONS:
        if section.model.objects.filter(locale=locales[SOURCE_LANGUAGE], alias_of__isnull=True).exists():
            continue
        page = section.model(translation_key=section.translation_key, locale=locales[SOURCE_LANGUAGE])
        apply_field_values(page, section.values(SOURCE_LANGUAGE))
        site_home(SOURCE_LANGUAGE).add_child(instance=page)
        page.save_revision().publish()
        for language in LANGUAGES:
            if language != SOURCE_LANGUAGE:
                translate_page(page, locales[language], section.values(language))
        created.append(page)
    return created
