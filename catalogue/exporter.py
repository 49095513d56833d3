"""Write the site's catalogue in the exchange format: the inverse of catalogue.importer.

Importing a file and exporting it again gives the same records (tested on a file with every
optional field). One query per model, whatever the size of the catalogue.
"""

import html
import re
from collections import defaultdict

from wagtail_localize.models import TranslationSource

from .exchange_format import FORMAT, LANGUAGES, SERVICE_FLAGS
from .models import InstitutionPage, LifeEvent, ServicePage

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p>\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_plain_text(value):
    """Paragraphs become blocks separated by a blank line; other markup is dropped."""
    if not value:
        return ""
    text = _BREAK.sub("\n", value)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    return "\n\n".join(paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip())


def _groups(model, fields):
    """Real (non-alias) pages of ``model`` grouped by translation key, with their languages."""
    pages = (
        model.objects.filter(alias_of__isnull=True)
        .select_related("locale")
        .only("translation_key", "locale__language_code", "pk", *fields)
        .order_by("pk")
    )
    groups = defaultdict(dict)
    for page in pages:
        groups[page.translation_key][page.locale.language_code] = page
    return groups


def _source_languages(translation_keys):
    return dict(
        TranslationSource.objects.filter(object_id__in=translation_keys).values_list("object_id", "locale__language_code")
    )


def _language_map(pages, read):
    values = {language: read(page) for language, page in pages.items()}
    return {language: values[language] for language in LANGUAGES if values.get(language)}


class CatalogueExporter:
    INSTITUTION_FIELDS = (
        "catalogue_id", "title", "institution_type", "country", "region", "address", "phone", "email",
        "website", "latitude", "longitude", "opening_hours", "description",
    )
    SERVICE_FIELDS = (
        "catalogue_id", "title", "institution_id", "summary", "description", "audience", "channels", "online_url",
        "fee_amount", "fee_currency", "payment_methods", "processing_days", "processing_time_note",
        "required_documents", "output", "legal_basis", "digitalisation_level", "steps", "identification_means",
        "appeal_procedure", "no_reply_consequence", "procedure_languages", *SERVICE_FLAGS,
    )

    def export(self):
        institution_groups = _groups(InstitutionPage, self.INSTITUTION_FIELDS)
        service_groups = _groups(ServicePage, self.SERVICE_FIELDS)
        sources = _source_languages([*institution_groups, *service_groups])
        institution_ids = dict(InstitutionPage.objects.values_list("pk", "catalogue_id"))
        life_events = self._life_events()
        institutions = [self._institution(pages, sources.get(key)) for key, pages in institution_groups.items()]
        services = [
            self._service(pages, sources.get(key), institution_ids, life_events)
            for key, pages in service_groups.items()
        ]
        return {
            "format": FORMAT,
            "institutions": sorted(institutions, key=lambda record: record["id"]),
            "services": sorted(services, key=lambda record: record["id"]),
        }

    @staticmethod
    def _life_events():
        """Service page id → the slugs of its life events, in the life events' order (one query)."""
        through = LifeEvent.services.through
        slugs = defaultdict(list)
        rows = through.objects.order_by("lifeevent__sort_order", "lifeevent__slug").values_list(
            "servicepage_id", "lifeevent__slug"
        )
        for page_id, slug in rows:
            if slug not in slugs[page_id]:
                slugs[page_id].append(slug)
        return slugs

    @staticmethod
    def _source(pages, source_language):
        if source_language not in pages:
            source_language = next(iter(pages))  # the oldest page of the group
        return source_language, pages[source_language]

    def _institution(self, pages, source_language):
        source_language, source = self._source(pages, source_language)
        record = {
            "id": source.catalogue_id,
            "type": source.institution_type,
            "country": source.country,
            "region": source.region,
            "source_language": source_language,
            "name": _language_map(pages, lambda page: page.title),
        }
        for key, read in (
            ("description", lambda page: html_to_plain_text(page.description)),
            ("address", lambda page: page.address),
            ("opening_hours", lambda page: page.opening_hours),
        ):
            value = _language_map(pages, read)
            if value:
                record[key] = value
        for key in ("website", "email", "phone"):
            if getattr(source, key):
                record[key] = getattr(source, key)
        if source.latitude is not None and source.longitude is not None:
            record["location"] = {"lat": float(source.latitude), "lon": float(source.longitude)}
        return record

    def _service(self, pages, source_language, institution_ids, life_events):
        source_language, source = self._source(pages, source_language)
        record = {
            "id": source.catalogue_id,
            "institution": institution_ids.get(source.institution_id),
            "source_language": source_language,
            "audience": list(source.audience),
            "channels": list(source.channels),
        }
        if source.online_url:
            record["online_url"] = source.online_url
        if source.fee_amount is not None:
            record["fee"] = {"amount": f"{source.fee_amount:.2f}", "currency": source.fee_currency}
        if source.processing_days is not None:
            record["processing_days"] = source.processing_days
        record["digitalisation_level"] = source.digitalisation_level
        for flag in SERVICE_FLAGS:  # always written: false says as much as true (an absent flag changes nothing)
            record[flag] = getattr(source, flag)
        if source.procedure_languages:
            record["procedure_languages"] = list(source.procedure_languages)
        if life_events.get(source.pk):
            record["life_events"] = life_events[source.pk]
        record["title"] = _language_map(pages, lambda page: page.title)
        text_fields = (
            ("summary", lambda page: page.summary),
            ("description", lambda page: html_to_plain_text(page.description)),
            ("documents", lambda page: [block.value for block in page.required_documents]),
            ("legal_basis", lambda page: page.legal_basis),
            ("payment_methods", lambda page: page.payment_methods),
            ("processing_time_note", lambda page: page.processing_time_note),
            ("output", lambda page: page.output),
            ("steps", lambda page: [
                {"title": block.value["title"], "description": block.value["description"]} for block in page.steps
            ]),
            ("identification_means", lambda page: page.identification_means),
            ("appeal_procedure", lambda page: page.appeal_procedure),
            ("no_reply_consequence", lambda page: page.no_reply_consequence),
        )
        for key, read in text_fields:
            value = _language_map(pages, read)
            if value:
                record[key] = value
        return record
