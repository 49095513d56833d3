"""Write a validated catalogue file to the site: pages, revisions and translations.

Used by ``manage.py import_catalogue``, the demo loader and the tests. The source language
of each record becomes the source page; every other language becomes its translation
through wagtail-localize (see bgro.translation). Languages a record lacks stay aliases of
the source page, as the synchronised locale trees make them.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale

from bgro.indexing import deferred_indexing
from bgro.translation import NewPage, apply_field_values, create_pages_in_bulk, stable_block_id, translate_page

from .exchange_format import SERVICE_FLAGS, CatalogueFileError, CatalogueValidator, record_languages, region_key
from .models import InstitutionIndexPage, InstitutionPage, LifeEvent, ServiceIndexPage, ServicePage
from .sections import NoHomePage, ensure_catalogue_sections

LANGUAGES = ("bg", "ro", "en")
# New records per bulk write: large enough to amortise each statement, small enough to keep
# memory flat on a 10,000-record file.
BULK_BATCH = 250


def create_catalogue_sections(home):
    """The institution and service index pages an import writes into, under the Bulgarian
    ``home`` and translated into Romanian and English: for sites built by code (tests,
    benchmarks); the demo loader and editors make their own, with real titles. Returns the
    Bulgarian index pages by slug."""
    sections = {}
    for model, slug in ((InstitutionIndexPage, "institutions"), (ServiceIndexPage, "services")):
        index = model(title=slug, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
        for language in ("ro", "en"):
            values = {"title": f"{slug} {language}", "slug": slug, "introduction": ""}
            translate_page(index, Locale.objects.get(language_code=language), values)
        sections[slug] = index
    return sections


def plain_text_to_html(text):
    """Paragraphs separated by a blank line become <p> elements."""
    paragraphs = [paragraph.strip() for paragraph in text.replace("\r\n", "\n").split("\n\n") if paragraph.strip()]
    return "".join(f"<p>{escape(paragraph).replace(chr(10), '<br/>')}</p>" for paragraph in paragraphs)


def _text(record, key, language):
    return (record.get(key) or {}).get(language, "")


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, kind, outcome):
        self.counts[(kind, outcome)] += 1

    def lines(self):
        lines = []
        for kind in ("institution", "service", "translation"):
            parts = [f"{self.counts[(kind, outcome)]} {outcome}" for outcome in ("new", "updated", "unchanged")]
            lines.append(f"{kind}s: {', '.join(parts)}")
        return lines

    def summary(self):
        return "; ".join(self.lines())

    def _counts(self, kind):
        return [self.counts[(kind, outcome)] for outcome in ("new", "updated", "unchanged")]

    @property
    def institution_counts(self):
        return self._counts("institution")

    @property
    def service_counts(self):
        return self._counts("service")

    @property
    def translation_counts(self):
        return self._counts("translation")


class CatalogueImporter:
    """Imports one decoded catalogue file. Validation happens first; nothing is written on error."""

    def __init__(self, data, *, publish=True, user=None, progress=None):
        self.data = data
        self.publish = publish
        self.user = user
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()
        self._locales = {}
        self._index_pages = {}
        self._institutions = {}  # institutions are written before services, so this never goes stale

    def validate(self):
        known = set(InstitutionPage.objects.values_list("catalogue_id", flat=True).distinct())
        return CatalogueValidator(self.data, known_institution_ids=known).validate()

    def run(self, dry_run=False):
        problems = self.validate()
        if problems:
            raise CatalogueFileError(problems)
        # Indexes are brought up to date once, in bulk, at the end (still inside the transaction).
        with transaction.atomic(), deferred_indexing() as indexing:
            self._write()
            if dry_run:
                indexing.discard()
                transaction.set_rollback(True)
        return self.report

    # --- writing ---

    def _write(self):
        institutions = self.data.get("institutions", [])
        services = self.data.get("services", [])
        self._total, self._done = len(institutions) + len(services), 0
        if institutions or services:
            # A fresh site (only `migrate`) has no sections yet: they are created, in every language.
            try:
                ensure_catalogue_sections()
            except NoHomePage as error:
                raise CatalogueFileError([f"$: {error}; run `manage.py migrate` first"]) from None
        # Institutions first: services refer to them.
        self._import_records(
            institutions, InstitutionPage, InstitutionIndexPage, "institution", "name", self._institution_values
        )
        self._import_records(services, ServicePage, ServiceIndexPage, "service", "title", self._service_values)

    def _advance(self, count):
        self._done += count
        self.progress(self._done, self._total)

    def _import_records(self, records, model, index_model, kind, title_field, values_for):
        """Records the site already holds go page by page (they may need a new revision); new
        ones are written in bulk batches (see bgro.translation.create_pages_in_bulk)."""
        ids = [record["id"] for record in records]
        existing = set()
        for start in range(0, len(ids), BULK_BATCH):
            chunk = ids[start : start + BULK_BATCH]
            existing.update(model.objects.filter(catalogue_id__in=chunk).values_list("catalogue_id", flat=True))
        new = [record for record in records if record["id"] not in existing]
        held = [record for record in records if record["id"] in existing]
        for start in range(0, len(held), BULK_BATCH):
            batch = held[start : start + BULK_BATCH]
            known = self._known_pages(model, [record["id"] for record in batch])
            for record in batch:
                self._import_record(record, model, index_model, kind, title_field, values_for, known=known)
            self._advance(len(batch))
        for start in range(0, len(new), BULK_BATCH):
            batch = new[start : start + BULK_BATCH]
            self._create_records(batch, model, index_model, kind, title_field, values_for)
            self._advance(len(batch))

    def _create_records(self, records, model, index_model, kind, title_field, values_for):
        items, by_item, single = [], {}, []
        for record in records:
            languages = record_languages(record, title_field)
            source_locale = self._locale(languages[0])
            parents = self._parents(index_model, languages[0])
            if parents is None:
                single.append(record)
                continue
            page = model(live=False)
            apply_field_values(page, values_for(record, languages[0]))
            page.locale = source_locale
            translations = {
                self._locale(language): values_for(record, language, translatable_only=True)
                for language in languages[1:]
            }
            item = NewPage(page=page, parents=parents, translations=translations)
            items.append(item)
            by_item[id(item)] = record
        for item in create_pages_in_bulk(items, publish=self.publish, user=self.user):
            single.append(by_item.pop(id(item)))
        for item in items:
            if id(item) in by_item:
                self.report.add(kind, "new")
                for _locale in item.translations:
                    self.report.add("translation", "new")
        for record in single:
            self._import_record(record, model, index_model, kind, title_field, values_for)

    def _parents(self, index_model, source_language):
        """Locale → the index page each language version of a new record goes under, or None
        when a language tree lacks that index (the per-page path then copies it)."""
        key = (index_model, "parents", source_language)
        if key not in self._index_pages:
            source_index = self._index_page(index_model, source_language)
            parents = {self._locale(source_language): source_index}
            for language in LANGUAGES:
                locale = self._locale(language)
                if locale not in parents:
                    parents[locale] = index_model.objects.filter(
                        translation_key=source_index.translation_key, locale=locale
                    ).first()
            self._index_pages[key] = None if None in parents.values() else parents
        return self._index_pages[key]

    def _locale(self, language):
        if language not in self._locales:
            self._locales[language] = Locale.objects.get(language_code=language)
        return self._locales[language]

    def _index_page(self, index_model, language):
        key = (index_model, language)
        if key not in self._index_pages:
            index = index_model.objects.filter(locale=self._locale(language), alias_of__isnull=True).first()
            if index is None:
                raise CatalogueFileError(
                    [
                        f"$: the site has no {index_model._meta.verbose_name} in language “{language}”; create or translate it first"
                    ]
                )
            self._index_pages[key] = index
        return self._index_pages[key]

    def _known_pages(self, model, ids):
        """Every language version of these records, read at once: catalogue id → translation
        key → locale id → page (one query per batch; read one by one they dominated re-imports)."""
        many_to_many = [model_field.name for model_field in model._meta.many_to_many]
        keys = model.objects.filter(catalogue_id__in=ids, alias_of__isnull=True).values("translation_key")
        known = {}
        for page in model.objects.filter(translation_key__in=keys).prefetch_related(*many_to_many):
            known.setdefault(page.catalogue_id, {})[page.locale_id] = page
        return known

    def _import_record(self, record, model, index_model, kind, title_field, values_for, known=None):
        languages = record_languages(record, title_field)
        source_language = languages[0]
        source_locale = self._locale(source_language)
        if known is None:
            known = self._known_pages(model, [record["id"]])
        versions = known.get(record["id"], {})
        originals = [version for version in versions.values() if version.alias_of_id is None]
        page = versions.get(source_locale.pk)
        page = page if page is not None and page.alias_of_id is None else None
        values = values_for(record, source_language)
        if page is None and originals:
            raise CatalogueFileError(
                [f"{kind}s[id={record['id']}].source_language: the site holds this record in another source language"]
            )
        if page is None:
            page = model(live=False)
            apply_field_values(page, values)
            self._index_page(index_model, source_language).add_child(instance=page)
            self._save(page)
            self.report.add(kind, "new")
            source_changed = True
        elif apply_field_values(page, values):
            self._save(page)
            self.report.add(kind, "updated")
            source_changed = True
        else:
            self.report.add(kind, "unchanged")
            source_changed = False

        if source_changed or not versions:
            versions = {
                version.locale_id: version for version in model.objects.filter(translation_key=page.translation_key)
            }
        for language in languages[1:]:
            locale = self._locale(language)
            values = values_for(record, language, translatable_only=True)
            current = versions.get(locale.pk)
            had_translation = current is not None and current.alias_of_id is None
            if had_translation and not source_changed and (current.live or not self.publish):
                # Nothing to do when the translation already reads as the file says: this keeps
                # re-imports cheap. (apply_field_values only changes this in-memory copy.)
                if not apply_field_values(current, values):
                    self.report.add("translation", "unchanged")
                    continue
            translated = translate_page(
                page, locale, values, publish=self.publish, user=self.user, force=source_changed
            )
            versions.setdefault(locale.pk, translated)
            outcome = "unchanged" if translated is None else ("updated" if had_translation else "new")
            self.report.add("translation", outcome)
        self._ensure_aliases(page, set(versions))

    def _save(self, page):
        revision = page.save_revision(user=self.user, log_action=True)
        if self.publish:
            revision.publish(user=self.user)
            # publish() saves a fresh copy; aliases made from this instance must see it live.
            page.refresh_from_db()

    def _ensure_aliases(self, page, locale_ids):
        """Every language tree shows every record: untranslated ones as aliases of their source."""
        for language in LANGUAGES:
            locale = self._locale(language)
            if locale.pk not in locale_ids:
                page.copy_for_translation(locale, copy_parents=True, alias=True)

    # --- record → field values ---

    def _institution_values(self, record, language, translatable_only=False):
        values = {
            "title": _text(record, "name", language),
            "slug": record["id"],
            "address": _text(record, "address", language),
            "opening_hours": _text(record, "opening_hours", language),
            "description": plain_text_to_html(_text(record, "description", language)),
        }
        if translatable_only:
            return values
        location = record.get("location") or {}
        values.update(
            catalogue_id=record["id"],
            institution_type=record["type"],
            country=record["country"],
            region=region_key(record["region"]),
            phone=record.get("phone", ""),
            email=record.get("email", ""),
            website=record.get("website", ""),
            latitude=Decimal(str(location["lat"])).quantize(Decimal("0.000001")) if location else None,
            longitude=Decimal(str(location["lon"])).quantize(Decimal("0.000001")) if location else None,
        )
        return values

    def _service_values(self, record, language, translatable_only=False):
        record_id = record["id"]
        documents = (record.get("documents") or {}).get(language, [])
        steps = (record.get("steps") or {}).get(language, [])
        values = {
            "title": _text(record, "title", language),
            "slug": record_id,
            "summary": _text(record, "summary", language),
            "description": plain_text_to_html(_text(record, "description", language)),
            "legal_basis": _text(record, "legal_basis", language),
            "payment_methods": _text(record, "payment_methods", language),
            "processing_time_note": _text(record, "processing_time_note", language),
            "output": _text(record, "output", language),
            "identification_means": _text(record, "identification_means", language),
            "appeal_procedure": _text(record, "appeal_procedure", language),
            "no_reply_consequence": _text(record, "no_reply_consequence", language),
            "required_documents": [
                {"type": "document", "value": text, "id": stable_block_id(record_id, "documents", index)}
                for index, text in enumerate(documents)
            ],
            "steps": [
                {
                    "type": "step",
                    "value": {"title": step["title"], "description": step.get("description", "")},
                    "id": stable_block_id(record_id, "steps", index),
                }
                for index, step in enumerate(steps)
            ],
        }
        if translatable_only:
            return values
        fee = record.get("fee")
        values.update(
            catalogue_id=record_id,
            institution=self._institution_for(record),
            audience=record["audience"],
            channels=record["channels"],
            online_url=record.get("online_url", ""),
            fee_amount=Decimal(fee["amount"]) if fee else None,
            fee_currency=fee["currency"] if fee else "",
            processing_days=record.get("processing_days") or None,  # 0: on the spot (older files)
            digitalisation_level=record.get("digitalisation_level", 1),
            procedure_languages=record.get("procedure_languages", []),
            life_events=LifeEvent.for_catalogue(record.get("life_events", []), record["source_language"]),
        )
        # The digitalisation map's flags: a file that leaves them out (written before they existed)
        # leaves them as the site has them; a new page starts with False.
        values.update({flag: record[flag] for flag in SERVICE_FLAGS if flag in record})
        return values

    def _institution_for(self, record):
        """The institution's page in the service's source language, else its oldest real page."""
        key = (record["institution"], record["source_language"])
        if key not in self._institutions:
            candidates = InstitutionPage.objects.filter(catalogue_id=record["institution"], alias_of__isnull=True)
            same_locale = candidates.filter(locale=self._locale(record["source_language"])).first()
            self._institutions[key] = same_locale or candidates.order_by("pk").first()
        return self._institutions[key]
