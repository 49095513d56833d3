"""Builds the demo site from home/demo/editorial.json and home/demo/catalogue.json.

The life events (snippets) come first, from editorial.json: the catalogue's services name them.

Everything goes through the same paths editors and importers use: pages get revisions and
are published, translations are made through wagtail-localize, the catalogue is imported by
the catalogue importer. Running it again changes nothing: records are found by stable keys
and only saved when their content differs.

The project's partners are named in one record, the home page's partners in editorial.json:
a partner with a "key" gives its name, in each language, to the catalogue institution with that
id and to every ``{{partner:<key>}}`` in editorial.json's texts (the About and accessibility
pages). Everything else that shows a partner's name (the footer, the privacy notice) reads the
home page's partners.
"""

import html
import io
import json
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail_localize.models import String, StringTranslation, TranslationContext, TranslationSource
from wagtail_localize.models import Translation as LocalizeTranslation

from bgro.framework_internals import StringSegmentValue, StringValue, extract_segments
from bgro.models import StandardPage
from bgro.translation import apply_field_values, stable_block_id, translate_page
from catalogue.importer import CatalogueImporter, plain_text_to_html
from catalogue.models import InstitutionPage, LifeEvent, ServicePage
from catalogue.sections import SECTIONS
from consultations.models import ConsultationComment, ConsultationIndexPage, ConsultationPage
from home.models import HomePage
from news.models import DeliverableIndexPage, DeliverablePage, NewsIndexPage, NewsPage

from .artwork import illustration_png, summary_pdf

DATA = Path(__file__).resolve().parent
LANGUAGES = ("bg", "ro", "en")
SOURCE = "bg"
KEY_NAMESPACE = uuid.UUID("0b1d3e9a-4c65-4f4e-9a57-0f0e7d6c1a22")
PDF_FOOTER = "BG-RO E-GoverNet · ROBG-168 · Interreg V-A Romania–Bulgaria 2014–2020"
FEATURED_SERVICE_COUNT = 6


def translation_key(key):
    """Demo pages are found again by a translation key derived from their name in the data."""
    return uuid.uuid5(KEY_NAMESPACE, key)


def languages_of(item, field="title"):
    return [language for language in LANGUAGES if language in item.get(field, {})]


PARTNER_NAME = re.compile(r"\{\{partner:([a-z0-9-]+)\}\}")


def partner_names(editorial):
    """{key: {language: name}} of the home page's partners that have a key: the one record."""
    return {partner["key"]: partner["name"] for partner in editorial["home"]["partners"] if "key" in partner}


def with_partner_names(node, names, language=None):
    """``node`` with every ``{{partner:<key>}}`` replaced by the partner's name in the text's language.

    Texts that are markup (rich text) get the name escaped.
    """
    if isinstance(node, dict):
        return {
            key: with_partner_names(value, names, key if key in LANGUAGES else language) for key, value in node.items()
        }
    if isinstance(node, list):
        return [with_partner_names(value, names, language) for value in node]
    if isinstance(node, str) and language and "{{partner:" in node:
        markup = node.lstrip().startswith("<")

        def name(match):
            if match.group(1) not in names:
                raise ValueError(f"editorial.json names an unknown partner: {match.group(0)}")
            text = names[match.group(1)][language]
            return html.escape(text, quote=False) if markup else text

        return PARTNER_NAME.sub(name, node)
    return node


def with_partner_institution_names(catalogue, names):
    """The catalogue with the partners' institutions named as in the partners' record."""
    institutions = [
        {**record, "name": {language: names[record["id"]][language] for language in record["name"]}}
        if record["id"] in names
        else record
        for record in catalogue["institutions"]
    ]
    return {**catalogue, "institutions": institutions}


class DemoSiteBuilder:
    def __init__(self, log=print):
        self.log = log
        editorial = json.loads((DATA / "editorial.json").read_text(encoding="utf-8"))
        catalogue = json.loads((DATA / "catalogue.json").read_text(encoding="utf-8"))
        names = partner_names(editorial)
        self.editorial = with_partner_names(editorial, names)
        self.catalogue = with_partner_institution_names(catalogue, names)
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.changes = 0

    @transaction.atomic
    def build(self):
        home = HomePage.objects.get(locale=self.locales[SOURCE], depth=2)
        editorial = self.editorial
        self._home(home)
        # The catalogue's sections: the same pages the importer creates on a site without them.
        for section in SECTIONS:
            self._page(
                home,
                section.model,
                section.key,
                {
                    "title": section.title,
                    "introduction": section.introduction,
                    "slug": section.slug,
                },
                self._section_values,
            )
        news_index = self._page(
            home,
            NewsIndexPage,
            "news",
            {
                **editorial["news_index"],
                "slug": {"bg": "novini", "ro": "stiri", "en": "news"},
            },
            self._section_values,
        )
        pages = {
            item["key"]: self._page(home, StandardPage, f"page:{item['key']}", item, self._standard_values)
            for item in editorial["pages"]
        }
        deliverables = self._page(
            pages["about"],
            DeliverableIndexPage,
            "deliverables",
            {
                **editorial["deliverables_index"],
                "slug": {"bg": "rezultati", "ro": "rezultate", "en": "deliverables"},
            },
            self._section_values,
        )
        self._life_events()
        report = CatalogueImporter(self.catalogue).run()
        self.log(f"Catalogue: {report.summary()}")
        self.changes += sum(n for (kind, outcome), n in report.counts.items() if outcome != "unchanged")
        for item in editorial["deliverables"]:
            self._page(deliverables, DeliverablePage, f"deliverable:{item['key']}", item, self._deliverable_values)
        for item in editorial["news"]:
            page = self._page(news_index, NewsPage, f"news:{item['key']}", item, self._news_values)
            self._tags(page, item)
        self._featured_services(home)
        self._consultations(home)
        return self.changes

    # --- pages ---

    def _page(self, parent, model, key, item, values_for):
        """Create or update the Bulgarian page for ``item`` and its translations."""
        key_uuid = translation_key(key)
        page = model.objects.filter(translation_key=key_uuid, locale=self.locales[SOURCE]).first()
        values = values_for(item, SOURCE)
        if page is None:
            page = model(translation_key=key_uuid, locale=self.locales[SOURCE])
            apply_field_values(page, values)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.changes += 1
            source_changed = True
        elif apply_field_values(page, values):
            page.save_revision().publish()
            self.changes += 1
            source_changed = True
        else:
            source_changed = False
        for language in languages_of(item):
            if language == SOURCE:
                continue
            translated = translate_page(page, self.locales[language], values_for(item, language), force=source_changed)
            if translated is not None:
                self.changes += 1
        for language in LANGUAGES:
            if not page.get_translations(inclusive=True).filter(locale=self.locales[language]).exists():
                page.copy_for_translation(self.locales[language], copy_parents=True, alias=True)
        return page

    def _home(self, home):
        item = self.editorial["home"]
        values_for = self._home_values
        if apply_field_values(home, values_for(item, SOURCE)):
            home.save_revision().publish()
            self.changes += 1
        for language in languages_of(item):
            if language != SOURCE and translate_page(home, self.locales[language], values_for(item, language)):
                self.changes += 1

    def _home_values(self, item, language):
        return {
            "title": item["title"][language],
            "introduction": item["introduction"][language],
            "partners": [
                {
                    "type": "partner",
                    "id": stable_block_id("home", "partner", index),
                    "value": {
                        "name": partner["name"][language],
                        "role": partner["role"],
                        "country": partner["country"],
                        "logo": None,
                        "url": partner.get("url", ""),
                    },
                }
                for index, partner in enumerate(item["partners"])
            ],
        }

    def _section_values(self, item, language):
        return {
            "title": item["title"][language],
            "slug": item["slug"][language],
            "introduction": item.get("introduction", {}).get(language, ""),
        }

    def _standard_values(self, item, language):
        return {
            **self._section_values(item, language),
            "body": self._body(f"page:{item['key']}", item.get("body", []), language),
        }

    def _body(self, key, blocks, language, first_blocks=()):
        raw = list(first_blocks)
        for index, block in enumerate(blocks):
            value = block["value"]
            if block["type"] == "quote":
                value = {"text": value["text"][language], "attribution": value.get("attribution", {}).get(language, "")}
            else:
                value = value[language]
            raw.append({"type": block["type"], "value": value, "id": stable_block_id(key, "body", index)})
        return raw

    def _news_values(self, item, language):
        key = f"news:{item['key']}"
        image = self._image(item)
        image_block = {
            "type": "image",
            "id": stable_block_id(key, "image"),
            "value": {
                "image": image.pk,
                "alt_text": item["image"]["alt"][language],
                "caption": item["image"].get("caption", {}).get(language, ""),
            },
        }
        related = [
            {
                "type": "institution",
                "value": self._catalogue_page(InstitutionPage, record_id).pk,
                "id": stable_block_id(key, "institution", record_id),
            }
            for record_id in item.get("related_institutions", [])
        ] + [
            {
                "type": "service",
                "value": self._catalogue_page(ServicePage, record_id).pk,
                "id": stable_block_id(key, "service", record_id),
            }
            for record_id in item.get("related_services", [])
        ]
        return {
            "title": item["title"][language],
            "slug": item["slug"][language],
            "date": date.fromisoformat(item["date"]),
            "lead": item["lead"][language],
            "listing_image": image,
            "body": self._body(key, item["body"], language, first_blocks=[image_block]),
            "related_pages": related,
        }

    def _deliverable_values(self, item, language):
        documents = {code: self._pdf(item, code) for code in item["pdf"]}
        return {
            "title": item["title"][language],
            "slug": item["slug"][language],
            "deliverable_type": item["type"],
            "publication_date": date.fromisoformat(item["publication_date"]),
            "summary": item["summary"][language],
            "description": plain_text_to_html(item.get("description", {}).get(language, "")),
            "document_bg": documents.get("bg"),
            "document_ro": documents.get("ro"),
            "document_en": documents.get("en"),
        }

    # --- consultations ---

    def _consultations(self, home):
        """Consultations in every state, on both banks: their dates are days before or after the
        day the demo is first built (so one is open then), and kept as they are on later runs."""
        data = json.loads((DATA / "consultations.json").read_text(encoding="utf-8"))
        index = self._page(home, ConsultationIndexPage, "consultations", data["index"], self._section_values)
        for item in data["consultations"]:
            key = f"consultation:{item['key']}"
            existing = ConsultationPage.objects.filter(
                translation_key=translation_key(key), locale=self.locales[SOURCE]
            ).first()
            item = {**item, "dates": self._consultation_dates(item, existing)}
            page = self._page(index, ConsultationPage, key, item, self._consultation_values)
            self._consultation_comments(page, item)

    @staticmethod
    def _consultation_dates(item, existing):
        fields = {
            "opening": "opening_date",
            "closing": "closing_date",
            "adoption": "adoption_date",
            "outcome": "outcome_published_on",
        }
        if existing is not None:
            return {name: getattr(existing, field) for name, field in fields.items()}
        today = date.today()
        return {name: today + timedelta(days=item["days"][name]) if name in item["days"] else None for name in fields}

    def _consultation_values(self, item, language):
        key = f"consultation:{item['key']}"
        dates = item["dates"]
        return {
            "title": item["title"][language],
            "slug": item["slug"][language],
            "institution": self._catalogue_page(InstitutionPage, item["institution"]),
            "draft_type": item["draft_type"],
            "law_country": item["law_country"],
            "summary": item["summary"][language],
            "opening_date": dates["opening"],
            "closing_date": dates["closing"],
            "adoption_date": dates["adoption"],
            "contact_name": item["contact_name"][language],
            "contact_email": item["contact_email"],
            "sections": [
                {
                    "type": "section",
                    "id": stable_block_id(key, "section", index),
                    "value": {
                        "heading": section["heading"][language],
                        "text": plain_text_to_html(section["text"][language]),
                    },
                }
                for index, section in enumerate(item["sections"])
            ],
            "outcome_published_on": dates["outcome"],
            "outcome_summary": plain_text_to_html(item.get("outcome_summary", {}).get(language, "")),
        }

    def _consultation_comments(self, page, item):
        """The demo proposals, written once; their outcome reason is in the institution's language."""
        language = item["law_country"].lower()
        for comment in item["comments"]:
            number = comment["section"]
            _comment, created = ConsultationComment.objects.get_or_create(
                consultation=page,
                author_name=comment["author"],
                text=comment["text"],
                defaults={
                    "email": "demo@example.org",
                    "language": comment["language"],
                    "section_number": number,
                    "section_id": page.sections[number - 1].id if number else "",
                    "status": comment["status"],
                    "outcome": comment.get("outcome", ""),
                    "outcome_reason": comment.get("outcome_reason", {}).get(language, ""),
                    "confirmed_at": page.first_published_at,
                    "moderated_at": page.first_published_at,
                },
            )
            self.changes += created

    def _catalogue_page(self, model, record_id):
        """The record's Bulgarian page when it has one, else its source page."""
        pages = model.objects.filter(catalogue_id=record_id, alias_of__isnull=True)
        page = pages.filter(locale=self.locales[SOURCE]).first() or pages.order_by("pk").first()
        if page is None:
            raise ValueError(f"The demo news refer to “{record_id}”, which the demo catalogue does not have.")
        return page

    def _tags(self, page, item):
        for language in LANGUAGES:
            names = item.get("tags", {}).get(language)
            if names is None:
                continue
            translated = page.get_translations(inclusive=True).filter(locale=self.locales[language]).first()
            if translated is None or translated.alias_of_id:
                continue
            translated = translated.specific
            if sorted(tag.name for tag in translated.tags.all()) != sorted(names):
                translated.tags.set(names)
                translated.save_revision().publish()
                self.changes += 1

    def _featured_services(self, home):
        # The demo catalogue's own services: the digitalisation demo (issue 15) adds more later.
        candidates = ServicePage.objects.filter(
            locale=self.locales[SOURCE],
            alias_of__isnull=True,
            live=True,
            catalogue_id__in=[service["id"] for service in self.catalogue["services"]],
        )
        featured = sorted(candidates, key=lambda page: (-page.digitalisation_level, page.catalogue_id))
        raw = [
            {"type": "service", "value": page.pk, "id": stable_block_id("home", "featured", page.catalogue_id)}
            for page in featured[:FEATURED_SERVICE_COUNT]
        ]
        home.refresh_from_db()
        changed = apply_field_values(home, {"featured_services": raw})
        if changed:
            home.save_revision().publish()
            self.changes += 1
        for language in LANGUAGES:
            if language != SOURCE and translate_page(
                home, self.locales[language], self._home_values(self.editorial["home"], language), force=changed
            ):
                self.changes += 1

    # --- life events (snippets) ---

    def _life_events(self):
        for position, item in enumerate(self.editorial["life_events"], start=1):
            key = translation_key(f"life-event:{item['slug']}")
            event = LifeEvent.objects.filter(translation_key=key, locale=self.locales[SOURCE]).first()
            if event is None:
                event = LifeEvent(translation_key=key, locale=self.locales[SOURCE])
            values = {
                "name": item["name"][SOURCE],
                "slug": item["slug"],
                "description": item["description"][SOURCE],
                "icon": item["icon"],
                "sort_order": position * 10,
            }
            changed = event.pk is None or any(getattr(event, name) != value for name, value in values.items())
            if changed:
                for name, value in values.items():
                    setattr(event, name, value)
                event.full_clean()
                event.save()
                self.changes += 1
            for language in LANGUAGES:
                if language != SOURCE and language in item["name"]:
                    translated = {"name": item["name"][language], "description": item["description"][language]}
                    self._translate_snippet(event, self.locales[language], translated, force=changed)

    def _translate_snippet(self, source, locale, values, *, force):
        """Translate a snippet through wagtail-localize, as bgro.translation does for pages: its
        strings enter the translation memory and the editor shows the translation in sync."""
        target = source.get_translation_or_none(locale)
        if target is not None and not force and all(getattr(target, name) == value for name, value in values.items()):
            return
        translation_source, _created = TranslationSource.update_or_create_from_instance(source)
        contexts = {
            context.path: context
            for context in TranslationContext.objects.filter(object_id=translation_source.object_id)
        }
        for segment in extract_segments(source):
            if not isinstance(segment, StringSegmentValue):
                continue
            StringTranslation.objects.update_or_create(
                translation_of=String.from_value(translation_source.locale, segment.string),
                locale=locale,
                context=contexts[segment.path],
                defaults={
                    "data": StringValue.from_plaintext(values[segment.path]).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "has_error": False,
                },
            )
        LocalizeTranslation.objects.get_or_create(
            source=translation_source, target_locale=locale, defaults={"enabled": True}
        )
        translation_source.create_or_update_translation(locale, fallback=False)
        self.changes += 1

    # --- media ---

    def _image(self, item):
        image_model = get_image_model()
        title = f"demo-{item['key']}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            png = illustration_png(item["image"]["motif"], item["image"]["palette"])
            alt = item["image"]["alt"]
            image = image_model(
                title=title,
                description=alt.get("en") or alt[SOURCE],
                file=ImageFile(io.BytesIO(png), name=f"{title}.png"),
            )
            image.save()
            self.changes += 1
        return image

    def _pdf(self, item, language):
        document_model = get_document_model()
        title = f"demo-{item['key']}-{language}"
        document = document_model.objects.filter(title=title).first()
        if document is None:
            content = item["pdf"][language]
            pdf = summary_pdf(
                item["title"].get(language, item["title"][SOURCE]),
                content["heading"],
                content["paragraphs"],
                PDF_FOOTER,
                language,
            )
            document = document_model(title=title)
            document.file.save(f"{title}.pdf", ContentFile(pdf), save=False)
            document.save()
            self.changes += 1
        return document
