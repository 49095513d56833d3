"""What each page type contributes to the search index.

A page gives its text in three weights (title, summary, body) and its group's facets (kind,
country, region, institution, audience). Search reads page fields by name and keeps no
import of the other apps, so catalogue and news stay unaware of it.
"""

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamValue
from wagtail.models import get_page_models

from .analysis import LANGUAGES, document_keys, words
from .models import EntryKind

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value):
    """Rich text, stream data or plain text as one line of readable text."""
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return plain_text(list(_stream_strings(value.raw_data)))
    if isinstance(value, list | tuple):
        return " ".join(part for part in (plain_text(item) for item in value) if part)
    if isinstance(value, dict):
        return plain_text(list(value.values()))
    if not isinstance(value, str):
        value = getattr(value, "source", None) or str(value)
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()


def _stream_strings(raw):
    """Every string inside raw stream data, skipping ids, types and references."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, Mapping):
        if "type" in raw and "value" in raw:
            yield from _stream_strings(raw["value"])
        else:
            for key, value in raw.items():
                if key not in ("id", "type", "url", "alt_text", "image", "page", "document", "embed"):
                    yield from _stream_strings(value)
    elif isinstance(raw, Sequence):
        # Sequence, not list: Wagtail 8 hands stream data out as a RawDataView, a sequence view.
        for item in raw:
            yield from _stream_strings(item)
    elif hasattr(raw, "raw_data"):
        yield from _stream_strings(raw.raw_data)


@dataclass
class PageText:
    title: str
    summary: str = ""
    body: str = ""


@dataclass
class GroupFacets:
    kind: str
    identifier: str
    country: str = ""
    region: str = ""
    institution: str = ""
    audience: list = field(default_factory=list)
    online: bool = False
    date: object = None
    # The labels (lazy, translated) of the record's region and country: see place_names.
    places: list = field(default_factory=list)
    # The headings of the contact details the page shows: see contact_headings.
    contact_labels: list = field(default_factory=list)


def page_text(page):
    """The text of one language version of ``page`` (a specific page instance)."""
    label = page._meta.label_lower
    if label == "catalogue.servicepage":
        institution = page.institution.title if page.institution_id and page.institution else ""
        return PageText(
            title=page.title,
            summary=" ".join([page.summary, page.listing_summary, page.output, institution]),
            body=plain_text(
                [
                    page.description,
                    page.required_documents,
                    page.steps,
                    page.legal_basis,
                    page.payment_methods,
                    page.processing_time_note,
                    page.identification_means,
                    page.appeal_procedure,
                    page.no_reply_consequence,
                ]
            ),
        )
    if label == "catalogue.institutionpage":
        return PageText(
            title=page.title,
            summary=" ".join([page.listing_summary, page.address]),
            body=plain_text([page.description, page.opening_hours]),
        )
    if label == "news.newspage":
        return PageText(title=page.title, summary=page.lead, body=plain_text(page.body))
    if label == "news.deliverablepage":
        return PageText(title=page.title, summary=page.summary, body=plain_text(page.description))
    if label == "consultations.consultationpage":  # issue 14: the draft's summary and sections
        return PageText(title=page.title, summary=page.summary, body=plain_text(page.sections))
    return PageText(
        title=page.title,
        summary=" ".join(filter(None, [getattr(page, "introduction", ""), getattr(page, "listing_summary", "")])),
        body=plain_text(getattr(page, "body", None)),
    )


def group_facets(page):
    """Facets of the translation group of ``page`` (the source version)."""
    label = page._meta.label_lower
    if label == "catalogue.servicepage":
        institution = page.institution if page.institution_id else None
        return GroupFacets(
            kind=EntryKind.SERVICE,
            identifier=page.catalogue_id,
            country=getattr(institution, "country", ""),
            region=getattr(institution, "region", ""),
            institution=getattr(institution, "catalogue_id", ""),
            audience=list(page.audience),
            online="online" in page.channels,
            places=_place_labels(institution) if institution else [],
        )
    if label == "catalogue.institutionpage":
        return GroupFacets(
            kind=EntryKind.INSTITUTION,
            identifier=page.catalogue_id,
            country=page.country,
            region=page.region,
            institution=page.catalogue_id,
            places=_place_labels(page),
            contact_labels=_contact_labels(page),
        )
    if label == "news.newspage":
        return GroupFacets(kind=EntryKind.NEWS, identifier=str(page.translation_key), date=page.date)
    if label == "news.deliverablepage":
        return GroupFacets(kind=EntryKind.DELIVERABLE, identifier=str(page.translation_key), date=page.publication_date)
    return GroupFacets(kind=EntryKind.PAGE, identifier=str(page.translation_key))


# Pages that are listings or the home page: their words are their children's, so they would
# only crowd the results.
NOT_INDEXED = {
    "wagtailcore.page",
    "home.homepage",
    "catalogue.institutionindexpage",
    "catalogue.serviceindexpage",
    "news.newsindexpage",
    "news.deliverableindexpage",
    "consultations.consultationindexpage",
}


def is_indexed_type(model):
    return model._meta.label_lower not in NOT_INDEXED


PLACE_FIELDS = ("region", "country")


def _place_labels(institution):
    """The labels of an institution's region and country choices, still to be translated."""
    labels = []
    for name in PLACE_FIELDS:
        choices = dict(institution._meta.get_field(name).flatchoices)
        value = getattr(institution, name, "")
        if value in choices:
            labels.append(choices[value])
    return labels


@lru_cache(maxsize=1)
def place_name_keys():
    """The index keys of the regions and countries a page model offers, in each of the site's
    languages: the words that name a place, not a thing wanted (found once per process). Only
    names of one word: a longer one holds words of every day ("Satu Mare", "Sofia City",
    "Стара Загора", "Софийска област": sat, city, стара, област)."""
    labels = set()
    for model in get_page_models():
        for name in PLACE_FIELDS:
            try:
                choices = model._meta.get_field(name).flatchoices
            except FieldDoesNotExist:
                continue
            labels.update(label for _value, label in choices)
    keys = set()
    for language in LANGUAGES:
        with translation.override(language):
            for label in labels:
                if len(words(str(label))) == 1:
                    keys.update(document_keys(str(label), language))
    return frozenset(keys)


# The headings of the institution page's "Details and contact" list (the same msgids as
# catalogue/institution_page.html), each shown only when the field is filled. Not "Address":
# visitors who write the word mostly want to register one ("смяна на адреса").
CONTACT_HEADINGS = (
    ("phone", _("Phone")),
    ("email", _("E-mail")),
    ("website", _("Website")),
    ("opening_hours", _("Opening hours")),
)


def _contact_labels(institution):
    """The headings an institution page shows over its contact details, still to be translated."""
    shown = [label for name, label in CONTACT_HEADINGS if getattr(institution, name, "")]
    return [_("Details and contact"), *shown] if shown else []


def place_names(facets, languages):
    """[(language, text)]: the record's region and country as each of ``languages`` names them,
    indexed with its words so that a visitor naming the place ("данък кола Телеорман", "driving
    test in Romania") meets records that never write it."""
    return _in_languages(facets.places, languages)


def contact_headings(facets, languages):
    """[(language, text)]: the headings of an institution's contact details as each of
    ``languages`` names them, so that "бюро по труда Добрич работно време" or "pension office
    phone" find the institution itself before its services."""
    return _in_languages(facets.contact_labels, languages)


def _in_languages(labels, languages):
    found = []
    for language in languages:
        with translation.override(language):
            text = " ".join(str(label) for label in labels)
        if text:
            found.append((language, text))
    return found
