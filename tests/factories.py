"""Factories for every page type, the site image and documents.

Pages are created in the Bulgarian tree, as editors create them. By default a page also
gets its Romanian and English aliases, which is what the admin does through
wagtail-localize's ``after_create_page`` hook (code that creates pages outside the admin
has to ask for them). :func:`translate` turns such an alias into a real translation.

Random values come from one fixed seed, reset before each test by ``conftest.py``.
"""

import datetime
from decimal import Decimal

import factory
import factory.random
import wagtail_factories
from django.utils.text import slugify
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from bgro.framework_internals import create_aliases_for_new_page
from bgro.models import SiteImage, StandardPage
from catalogue.models import (
    Currency,
    DigitalisationLevel,
    InstitutionIndexPage,
    InstitutionPage,
    InstitutionType,
    LifeEvent,
    ServiceIndexPage,
    ServicePage,
)
from catalogue.regions import Country
from home.models import HomePage
from news.models import DeliverableIndexPage, DeliverablePage, DeliverableType, NewsIndexPage, NewsPage

SEED = "bgro-egovernet"
FIRST_NEWS_DATE = datetime.date(2025, 6, 30)


def reseed():
    """Reset the random generator, so each test draws the same values whatever ran before it.

    Sequences are not reset: pages built once for a whole module (``module_db``) keep their
    slugs and catalogue ids, and a test adding pages beside them must not reuse those.
    """
    factory.random.reseed_random(SEED)


# --- Helpers for the language trees -------------------------------------------------------


def sync_aliases(page):
    """Give ``page`` the Romanian and English aliases the admin would have created."""
    create_aliases_for_new_page(page)
    return page


def alias_into(page, locale):
    """Only the alias of ``page`` in ``locale`` (cheaper than :func:`sync_aliases` when one tree is enough)."""
    return page.copy_for_translation(locale, copy_parents=True, alias=True)


def translate(page, locale):
    """Translate ``page`` into ``locale`` as a translator does with wagtail-localize, and publish it.

    The translation keeps the source text (no strings are translated yet) except the title,
    which gets the language code so the tests can tell the versions apart. An alias in
    ``locale`` becomes a real translation. The parent must already exist in ``locale``
    (as an alias or a translation).
    """
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = source.create_or_update_translation(locale, fallback=True)
    translation.title = f"{page.title} [{locale.language_code}]"
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def translated_versions(page, locales):
    """``page`` and its translations into the other locales of ``locales`` (a dict by code)."""
    versions = {page.locale.language_code: page}
    for code, locale in locales.items():
        if code not in versions:
            versions[code] = translate(page, locale)
    return versions


# --- Snippets ------------------------------------------------------------------------------


class LifeEventFactory(factory.django.DjangoModelFactory):
    """A life event in Bulgarian (pass ``locale=`` for another language)."""

    name = factory.Sequence(lambda n: f"Life event {n}")
    slug = factory.Sequence(lambda n: f"life-event-{n}")
    description = "Услугите, които са нужни в този момент."
    icon = "document"
    sort_order = factory.Sequence(lambda n: n)
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="bg"))

    class Meta:
        model = LifeEvent


def translate_snippet(snippet, locale, **values):
    """A translation of ``snippet`` into ``locale`` with ``values`` (e.g. ``name=``), saved."""
    translation = snippet.copy_for_translation(locale)
    for name, value in values.items():
        setattr(translation, name, value)
    translation.save()
    return translation


# --- Streams -------------------------------------------------------------------------------


def body_stream(image=None, document=None):
    """A body as editors write it: heading, paragraph, quote, and an image/document if given."""
    stream = [
        {"type": "heading", "value": "Цели на проекта"},
        {"type": "paragraph", "value": "<p>Областна администрация Русе и Окръг Гюргево <b>работят заедно</b>.</p>"},
        {"type": "quote", "value": {"text": "Услугите стават по-достъпни.", "attribution": "Екипът на проекта"}},
    ]
    if image is not None:
        stream.append(
            {"type": "image", "value": {"image": image.pk, "alt_text": "Дунав мост при Русе", "caption": "Дунав мост"}}
        )
    if document is not None:
        stream.append({"type": "document", "value": {"document": document.pk, "title": ""}})
    return stream


# --- Images and documents ------------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Снимка {n}")

    class Meta:
        model = SiteImage


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Документ {n}")
    file = factory.django.FileField(filename="document.pdf", data=b"%PDF-1.4\n%%EOF\n")


# --- Pages ---------------------------------------------------------------------------------


class BasePageFactory(wagtail_factories.PageFactory):
    """A page under ``parent`` (required), with its aliases unless ``aliases=False``."""

    slug = factory.LazyAttribute(lambda page: slugify(page.title, allow_unicode=True))
    listing_summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def aliases(page, create, extracted, **kwargs):
        if create and extracted is not False and page.locale.language_code == "bg":
            sync_aliases(page)


class HomePageFactory(BasePageFactory):
    """A further home page under the root (the migrations create the Bulgarian one)."""

    title = factory.Sequence(lambda n: f"Начало {n}")
    slug = factory.Sequence(lambda n: f"home-{n}")
    introduction = "Институции, услуги и новини от двата бряга на Дунав."

    class Meta:
        model = HomePage


class StandardPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = factory.Faker("paragraph")
    body = factory.LazyFunction(body_stream)

    class Meta:
        model = StandardPage


class InstitutionIndexPageFactory(BasePageFactory):
    title = "Institutions"
    introduction = "Областни администрации, общини и окръжни съвети от двете страни на Дунав."

    class Meta:
        model = InstitutionIndexPage


class InstitutionPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Institution {n}")
    catalogue_id = factory.Sequence(lambda n: f"institution-{n}")
    institution_type = InstitutionType.MUNICIPALITY
    country = Country.BULGARIA
    region = "Ruse"
    address = "пл. „Свобода“ 6, 7000 Русе"
    phone = "+359 82 826 100"
    email = factory.Sequence(lambda n: f"office{n}@example.bg")
    website = "https://www.ruse-bg.eu/"
    latitude = Decimal("43.848500")
    longitude = Decimal("25.954200")
    opening_hours = "Понеделник–петък: 8:30–17:00\nСъбота и неделя: почивни дни"
    description = "<p>Общинската администрация обслужва гражданите и бизнеса.</p>"

    class Meta:
        model = InstitutionPage


def _institution_for(service_parent):
    """A competent institution in the same language tree as the service index ``service_parent``."""
    home = service_parent.get_parent().specific
    index = InstitutionIndexPage.objects.child_of(home).first()
    if index is None:
        index = InstitutionIndexPageFactory(parent=home)
    return InstitutionPageFactory(parent=index)


class ServiceIndexPageFactory(BasePageFactory):
    title = "Services"
    introduction = "Административни услуги за граждани и бизнес."

    class Meta:
        model = ServiceIndexPage


class ServicePageFactory(BasePageFactory):
    """An online service with a fee; pass ``institution=`` to share one institution between services."""

    title = factory.Sequence(lambda n: f"Service {n}")
    catalogue_id = factory.Sequence(lambda n: f"service-{n}")
    institution = factory.LazyAttribute(lambda service: _institution_for(service.parent))
    summary = "Удостоверение за наличие или липса на задължения към общината."
    description = "<p>Издава се на собственика на имота или на упълномощено лице.</p>"
    audience = factory.LazyFunction(lambda: ["citizens", "businesses"])
    channels = factory.LazyFunction(lambda: ["in-person", "online"])
    online_url = "https://egov.example.bg/services/1"
    fee_amount = Decimal("5.00")
    fee_currency = Currency.EUR
    payment_methods = "В брой или с карта на гише; онлайн с карта."
    processing_days = 7
    required_documents = factory.LazyFunction(
        lambda: [{"type": "document", "value": "Документ за самоличност"}, {"type": "document", "value": "Пълномощно"}]
    )
    output = "Удостоверение"
    legal_basis = "Закон за местните данъци и такси\nНаредба за администриране на местните такси"
    digitalisation_level = DigitalisationLevel.ONLINE_SUBMISSION
    steps = factory.LazyFunction(
        lambda: [
            {"type": "step", "value": {"title": "Подайте заявление", "description": "На гише или онлайн."}},
            {"type": "step", "value": {"title": "Получете удостоверението", "description": ""}},
        ]
    )
    procedure_languages = factory.LazyFunction(lambda: ["bg", "en"])

    class Meta:
        model = ServicePage


class NewsIndexPageFactory(BasePageFactory):
    title = "News"
    introduction = "Новини от институциите в региона."

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(BasePageFactory):
    """A news item; each one a day older than the previous, so the order is known."""

    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.Sequence(lambda n: FIRST_NEWS_DATE - datetime.timedelta(days=n))
    lead = factory.Faker("paragraph")
    body = factory.LazyFunction(body_stream)

    class Meta:
        model = NewsPage


class DeliverableIndexPageFactory(BasePageFactory):
    title = "Deliverables"
    introduction = "Проучвания, стратегии и наръчници на проекта."

    class Meta:
        model = DeliverableIndexPage


class DeliverablePageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Deliverable {n}")
    deliverable_type = DeliverableType.STUDY
    publication_date = factory.Sequence(lambda n: FIRST_NEWS_DATE - datetime.timedelta(days=7 * n))
    summary = "Проучване на нуждите от електронни услуги в трансграничния регион."
    description = "<p>Резултати от анкета сред 400 граждани и 120 фирми.</p>"
    document_bg = factory.SubFactory(DocumentFactory)

    class Meta:
        model = DeliverablePage


# --- Many translatable pages at once --------------------------------------------------------


def many_translatable_pages(homes, count, label="bulk"):
    """``count`` Bulgarian standard pages under ``homes["bg"]`` with their Romanian and English
    versions, written by the catalogue import's bulk path (bgro.translation.create_pages_in_bulk:
    pages, revisions, wagtail-localize's records, aliases, as Wagtail and wagtail-localize
    would write them, in a few statements). For measuring the coverage dashboard and the
    sitemap at scale. Pages cycle through the four coverage states: missing (aliases only),
    up to date, in progress (only the title translated), outdated (the source changed after
    the translations were synchronised).

    ``homes``: the three home pages by language code. Returns the source pages.
    """
    from django.utils import timezone
    from wagtail_localize.models import StringTranslation

    from bgro.indexing import deferred_indexing
    from bgro.translation import NewPage, create_pages_in_bulk
    from translations.models import SourceChange

    locales = {code: home.locale for code, home in homes.items()}
    targets = [code for code in homes if code != "bg"]
    new_pages = []
    for number in range(count):
        title = f"{label} {number}"
        page = StandardPage(
            title=title,
            slug=f"{label}-{number}",
            locale=locales["bg"],
            listing_summary=f"{title}: summary",
            introduction=f"{title}: introduction",
        )
        translations = {}
        if number % 4:
            translations = {
                locales[code]: {
                    "title": f"{title} [{code}]",
                    "listing_summary": f"{title}: summary [{code}]",
                    "introduction": f"{title}: introduction [{code}]",
                }
                for code in targets
            }
        new_pages.append(
            NewPage(page=page, parents={locales[code]: home for code, home in homes.items()}, translations=translations)
        )
    with deferred_indexing():
        leftover = create_pages_in_bulk(new_pages)
    assert leftover == [], "a page was left for the per-page path (slug taken?)"
    translated = [item.page for item in new_pages if item.translations]
    in_progress = [page.translation_key for number, page in enumerate(translated) if number % 3 == 1]
    outdated = [page.translation_key for number, page in enumerate(translated) if number % 3 == 2]
    StringTranslation.objects.filter(context__object_id__in=in_progress).exclude(context__path="title").delete()
    changed_at = timezone.now()
    SourceChange.objects.bulk_create(
        [
            SourceChange(source=source, fingerprint="0" * 64, changed_at=changed_at)
            for source in TranslationSource.objects.filter(object_id__in=outdated)
        ],
        update_conflicts=True,
        unique_fields=["source"],
        update_fields=["changed_at"],
    )
    for home in homes.values():
        home.refresh_from_db(fields=["numchild"])
    return [item.page for item in new_pages]
