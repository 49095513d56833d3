"""The catalogue as linked data: CPSV-AP 3.2.0 for public-service portals, schema.org for search engines.

CPSV-AP (the EU Core Public Service Vocabulary Application Profile) is what the Single Digital
Gateway and the national service catalogues read. One record is one translation group: every
real translation (never an alias, which only repeats its source) gives its text as literals
tagged with its language. The JSON-LD follows the release's SHACL shapes
(docs/standards/cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl), which check the class of every node a
property points to, so every node states its ``@type``, code-list values included.

schema.org is what search engines read: one page, in the language of its text, embedded in the
page by the ``{% schema_org page %}`` tag.

A document costs a fixed number of queries however large the catalogue: the view restrictions
(one), the services in every language (one), the institutions in every language (one), and the
site's root paths for the page addresses (cached).
"""

import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Subquery
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.models import Page

from pagecache import site_version

from .models import AUDIENCES, CHANNELS, InstitutionPage, ServicePage
from .regions import Country

# --- CPSV-AP ---------------------------------------------------------------------------------------

# Inline, so a reader needs no network: prefixes only, every value says its own type or language.
CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Authority tables of the EU Publications Office, which CPSV-AP recommends for these values.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
COUNTRY_CODES = {Country.BULGARIA: "BGR", Country.ROMANIA: "ROU"}
LANGUAGE_CODES = {
    "bg": "BUL",
    "ro": "RON",
    "en": "ENG",
    "cs": "CES",
    "da": "DAN",
    "de": "DEU",
    "el": "ELL",
    "es": "SPA",
    "et": "EST",
    "fi": "FIN",
    "fr": "FRA",
    "ga": "GLE",
    "hr": "HRV",
    "hu": "HUN",
    "it": "ITA",
    "lt": "LIT",
    "lv": "LAV",
    "mt": "MLT",
    "nl": "NLD",
    "pl": "POL",
    "pt": "POR",
    "sk": "SLK",
    "sl": "SLV",
    "sv": "SWE",
}


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def _literal(text, language):
    return {"@value": text, "@language": language}


def _typed(value, datatype):
    return {"@value": value, "@type": datatype}


def _ref(iri):
    return {"@id": iri}


_BLOCK_END = re.compile(r"<(?:br|/p|/li|/h[1-6]|/ol|/ul)\b[^>]*>", re.IGNORECASE)


def plain_text(rich_text):
    """Rich text as one plain paragraph of text, for literals and descriptions."""
    text = strip_tags(_BLOCK_END.sub(" ", rich_text or ""))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _label_literals(label):
    """A translatable label (region, channel, audience) in every language the site translates it into.

    English is the label's own language; another language appears only when the gettext
    catalogue translates the label, so an English word is never tagged as Bulgarian.
    """
    with translation.override("en"):
        english = str(label)
    literals = []
    for language in site_languages():
        with translation.override(language):
            text = str(label)
        if language == "en" or text != english:
            literals.append(_literal(text, language))
    return literals


def _region_label(region):
    return InstitutionPage.region_label(region)


def _service_description(page):
    """What the service is: its summary, else its description, else its title.

    CPSV-AP requires a description of every public service; a title is the least a record has.
    """
    return page.summary.strip() or plain_text(page.description) or page.title


@dataclass
class TranslationGroup:
    """The live real translations of one record, by language, in the site's language order."""

    translation_key: object
    versions: dict = field(default_factory=dict)

    @property
    def source(self):
        """The version the others were translated from: the first one created."""
        return min(self.versions.values(), key=lambda page: page.pk)

    def literals(self, text_of):
        """``text_of(page)`` in every language that has a real translation, empty texts left out."""
        literals = []
        for language in site_languages():
            page = self.versions.get(language)
            text = text_of(page).strip() if page is not None else ""
            if text:
                literals.append(_literal(text, language))
        return literals


def _group(pages):
    """Real translations grouped by translation key, in the order the pages come."""
    groups = {}
    for page in pages:
        group = groups.setdefault(page.translation_key, TranslationGroup(page.translation_key))
        group.versions[page.locale.language_code] = page
    return groups


class CpsvApDocument:
    """Builds one JSON-LD document; every node is written once, however often it is referenced."""

    def __init__(self, request):
        self.request = request
        self.nodes = {}
        self.catalogue_url = request.build_absolute_uri(reverse("catalogue:cpsv_ap_catalogue"))

    # --- queries ---

    @staticmethod
    def _private_q():
        # One query for the whole document, where ``.public()`` on each queryset would run it twice.
        return Page.objects.all().private_q()

    @staticmethod
    def service_pages(private_q, **filters):
        return (
            ServicePage.objects.live()
            .filter(alias_of__isnull=True, **filters)
            .exclude(private_q)
            .select_related("locale")
            .annotate(institution_key=F("institution__translation_key"))
            .order_by("catalogue_id", "pk")
        )

    @staticmethod
    def institution_pages(private_q, **filters):
        return (
            InstitutionPage.objects.live()
            .filter(alias_of__isnull=True, **filters)
            .exclude(private_q)
            .select_related("locale")
            .order_by("catalogue_id", "pk")
        )

    # --- documents ---

    def build_catalogue(self):
        """Every live service with its competent authority, and every other live institution."""
        private_q = self._private_q()
        services = _group(self.service_pages(private_q))
        institutions = _group(self.institution_pages(private_q))
        self._add_services(services, institutions)
        for group in institutions.values():
            self.add_institution(group)
        return self.as_json()

    def build_service(self, catalogue_id):
        """One service and its competent authority, or None when no live service has the id."""
        private_q = self._private_q()
        services = _group(self.service_pages(private_q, catalogue_id=catalogue_id))
        if not services:
            return None
        keys = {page.institution_key for group in services.values() for page in group.versions.values()}
        institutions = _group(self.institution_pages(private_q, translation_key__in=keys - {None}))
        if not self._add_services(services, institutions):
            return None
        return self.as_json()

    def build_institution(self, catalogue_id):
        """One institution and the live services it is the competent authority for, or None."""
        private_q = self._private_q()
        institutions = _group(self.institution_pages(private_q, catalogue_id=catalogue_id))
        if not institutions:
            return None
        services = _group(self.service_pages(private_q, institution__translation_key__in=list(institutions)))
        self._add_services(services, institutions)
        for group in institutions.values():
            self.add_institution(group)
        return self.as_json()

    def as_json(self):
        # Records first (services, then institutions), then what they reference, each in the order met.
        rank = {"cpsv:PublicService": 0, "cv:PublicOrganisation": 1}

        def order(node):
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            return min(rank.get(name, 2) for name in types)

        return {"@context": CONTEXT, "@graph": sorted(self.nodes.values(), key=order)}

    def _add_services(self, services, institutions):
        added = 0
        for group in services.values():
            # Translations share the institution's translation key, whichever language they point to.
            key = next((page.institution_key for page in group.versions.values() if page.institution_key), None)
            authority = institutions.get(key)
            if authority is None:
                # CPSV-AP requires a competent authority; a service whose institution is deleted or
                # unpublished cannot be described until an editor gives it one.
                continue
            self.add_service(group, authority)
            added += 1
        return added

    # --- nodes ---

    def add(self, node):
        self.nodes.setdefault(node["@id"], node)
        return _ref(node["@id"])

    def _page_urls(self, group):
        urls = []
        for language in site_languages():
            page = group.versions.get(language)
            url = page.get_full_url(self.request) if page is not None else None
            if url:
                urls.append(_ref(url))
        return urls

    def service_document_url(self, catalogue_id):
        return self.request.build_absolute_uri(reverse("catalogue:cpsv_ap_service", args=[catalogue_id]))

    def institution_document_url(self, catalogue_id):
        return self.request.build_absolute_uri(reverse("catalogue:cpsv_ap_institution", args=[catalogue_id]))

    def institution_iri(self, catalogue_id):
        return f"{self.institution_document_url(catalogue_id)}#organisation"

    def add_service(self, group, authority):
        source = group.source
        catalogue_id = source.catalogue_id
        document = self.service_document_url(catalogue_id)
        organisation = self.add_institution(authority)
        node = {
            "@id": f"{document}#service",
            "@type": "cpsv:PublicService",
            "dct:identifier": catalogue_id,
            "dct:title": group.literals(lambda page: page.title),
            "dct:description": group.literals(_service_description),
            "cv:hasCompetentAuthority": organisation,
        }
        contact_point = self._contact_point_ref(authority)
        if contact_point:
            node["cv:contactPoint"] = contact_point
        if source.audience:
            node["dct:audience"] = [self._concept("audience", code, dict(AUDIENCES)) for code in source.audience]
        if source.channels:
            node["cv:hasChannel"] = [
                self._add_channel(document, source, code, organisation) for code in source.channels
            ]
        if source.fee_amount is not None and source.fee_currency:
            node["cv:hasCost"] = [self._add_cost(document, group, organisation)]
        if source.processing_days is not None:
            node["cv:processingTime"] = _typed(f"P{source.processing_days}D", "xsd:duration")
        evidence = self._add_evidence(document, group)
        if evidence:
            node["cpsv:hasInput"] = evidence
        legal_resources = self._add_legal_resources(document, group)
        if legal_resources:
            node["cv:hasLegalResource"] = legal_resources
        output = group.literals(lambda page: page.output)
        if output:
            node["cpsv:produces"] = self.add(
                {
                    "@id": f"{document}#output",
                    "@type": "cv:Output",
                    "dct:identifier": f"{catalogue_id}/output",
                    "dct:title": output,
                }
            )
        if source.procedure_languages:
            node["dct:language"] = [
                self.add({"@id": f"{EU_AUTHORITY}language/{LANGUAGE_CODES[code]}", "@type": "dct:LinguisticSystem"})
                for code in source.procedure_languages
                if code in LANGUAGE_CODES
            ]
        node["foaf:page"] = self._page_urls(group)
        return self.add(node)

    def _concept(self, scheme, code, labels):
        """A value of one of the catalogue's own code lists (channels, audiences) as a SKOS concept."""
        scheme_iri = f"{self.catalogue_url}#{scheme}"
        self.add({"@id": scheme_iri, "@type": "skos:ConceptScheme"})
        return self.add(
            {
                "@id": f"{scheme_iri}-{code}",
                "@type": "skos:Concept",
                "skos:notation": code,
                "skos:prefLabel": _label_literals(labels[code]),
                "skos:inScheme": _ref(scheme_iri),
            }
        )

    def _add_channel(self, document, source, code, organisation):
        node = {
            "@id": f"{document}#channel-{code}",
            "@type": "cv:Channel",
            "dct:identifier": f"{source.catalogue_id}/channel/{code}",
            "dct:type": self._concept("channel", code, dict(CHANNELS)),
            "cv:ownedBy": organisation,
        }
        if code == "online" and source.online_url:
            node["foaf:page"] = _ref(source.online_url)
        return self.add(node)

    def _add_cost(self, document, group, organisation):
        source = group.source
        node = {
            "@id": f"{document}#cost",
            "@type": "cv:Cost",
            "dct:identifier": f"{source.catalogue_id}/cost",
            # The shapes give cv:hasValue the type xsd:double; the lexical form keeps the exact amount.
            "cv:hasValue": _typed(str(source.fee_amount), "xsd:double"),
            "cv:currency": self.add(
                {
                    "@id": f"{EU_AUTHORITY}currency/{source.fee_currency}",
                    "@type": "skos:Concept",
                    "skos:notation": source.fee_currency,
                    "skos:inScheme": _ref(f"{EU_AUTHORITY}currency"),
                }
            ),
            "cv:isDefinedBy": organisation,
        }
        payment = group.literals(lambda page: page.payment_methods)
        if payment:
            node["dct:description"] = payment
        return self.add(node)

    def _add_evidence(self, document, group):
        """One Evidence per required document; translations share the block's id."""
        titles = {}
        for language in site_languages():
            page = group.versions.get(language)
            if page is None:
                continue
            for block in page.required_documents.raw_data:
                text = str(block.get("value") or "").strip()
                if text and block.get("id"):
                    titles.setdefault(block["id"], []).append(_literal(text, language))
        order = [block.get("id") for block in group.source.required_documents.raw_data]
        order += [block_id for block_id in titles if block_id not in order]
        return [
            self.add(
                {
                    "@id": f"{document}#evidence-{block_id}",
                    "@type": "cv:Evidence",
                    "dct:identifier": block_id,
                    "dct:title": titles[block_id],
                }
            )
            for block_id in order
            if block_id in titles
        ]

    def _add_legal_resources(self, document, group):
        """One Legal Resource per line of the legal basis, paired across languages by position.

        A translation with another number of lines cannot be paired line by line, so it is left out.
        """
        source_lines = group.source.legal_basis_lines
        titles = [[] for _line in source_lines]
        for language in site_languages():
            page = group.versions.get(language)
            if page is None:
                continue
            lines = page.legal_basis_lines
            if len(lines) != len(source_lines):
                continue
            for index, line in enumerate(lines):
                titles[index].append(_literal(line.strip(), language))
        return [
            self.add(
                {
                    "@id": f"{document}#legal-resource-{index + 1}",
                    "@type": "eli:LegalResource",
                    "dct:title": literals,
                }
            )
            for index, literals in enumerate(titles)
        ]

    def add_institution(self, group):
        source = group.source
        catalogue_id = source.catalogue_id
        document = self.institution_document_url(catalogue_id)
        region = self._add_region(source.region, source.country)
        country = self._add_country(source.country)
        node = {
            "@id": f"{document}#organisation",
            # org:Organization as well, for the properties whose shapes ask for that class
            # (cv:ownedBy of a channel, cv:isDefinedBy of a cost).
            "@type": ["cv:PublicOrganisation", "org:Organization"],
            "dct:identifier": catalogue_id,
            "skos:prefLabel": group.literals(lambda page: page.title),
            "dct:spatial": [region, country],
        }
        addresses = group.literals(lambda page: page.address)
        if addresses:
            node["locn:address"] = self.add(
                {
                    "@id": f"{document}#address",
                    "@type": "locn:Address",
                    "locn:fullAddress": [
                        _literal(re.sub(r"\s*\n\s*", ", ", item["@value"]), item["@language"]) for item in addresses
                    ],
                    "locn:adminUnitL2": _label_literals(_region_label(source.region)),
                    "locn:adminUnitL1": _label_literals(Country(source.country).label),
                }
            )
        contact_point = self._contact_point_ref(group)
        if contact_point:
            node["cv:contactPoint"] = contact_point
        if source.website:
            node["foaf:homepage"] = _ref(source.website)
        node["foaf:page"] = self._page_urls(group)
        return self.add(node)

    def _contact_point_ref(self, group):
        source = group.source
        hours = group.literals(lambda page: page.opening_hours)
        if not (source.phone or source.email or hours):
            return None
        document = self.institution_document_url(source.catalogue_id)
        node = {"@id": f"{document}#contact-point", "@type": "cv:ContactPoint"}
        if source.phone:
            node["cv:telephone"] = source.phone
        if source.email:
            node["cv:email"] = source.email
        if hours:
            node["cv:openingHours"] = self.add(
                {
                    "@id": f"{document}#opening-hours",
                    "@type": "time:TemporalEntity",
                    "dct:description": hours,
                }
            )
        return self.add(node)

    def _add_country(self, country):
        return self.add(
            {
                "@id": f"{EU_AUTHORITY}country/{COUNTRY_CODES[country]}",
                "@type": "dct:Location",
                "locn:geographicName": _label_literals(Country(country).label),
            }
        )

    def _add_region(self, region, country):
        return self.add(
            {
                "@id": f"{self.catalogue_url}#region-{slugify(region)}",
                "@type": "dct:Location",
                "locn:geographicName": _label_literals(_region_label(region)),
                "dct:isPartOf": self._add_country(country),
            }
        )


def cpsv_ap_catalogue(request):
    """The whole catalogue as a CPSV-AP JSON-LD document."""
    return CpsvApDocument(request).build_catalogue()


def cpsv_ap_service(request, catalogue_id):
    """One service as a CPSV-AP JSON-LD document, or None when no live service has the id."""
    return CpsvApDocument(request).build_service(catalogue_id)


def cpsv_ap_institution(request, catalogue_id):
    """One institution and its services as a CPSV-AP JSON-LD document, or None."""
    return CpsvApDocument(request).build_institution(catalogue_id)


# --- schema.org ------------------------------------------------------------------------------------


def content_language(page):
    """The language of the page's text: its own, or its source's when it is an untranslated alias.

    One query (the page's locale, or its source's).
    """
    if page.alias_of_id is None:
        return page.locale.language_code
    language = Page.objects.filter(pk=page.alias_of_id).values_list("locale__language_code", flat=True).first()
    return language or page.locale.language_code


def _live_localized_institution(page, request=None):
    """The service's competent institution in the page's locale when it is live, else None.

    One query, kept on the page as ``localized_institution`` so the page's template reuses it;
    with a request, kept per catalogue version too (the institution's page changes it, and so
    advances that version), so that a page-cache miss of the service page asks nothing.
    """
    if "localized_institution" in page.__dict__:
        institution = page.__dict__["localized_institution"]
        return institution if institution is not None and institution.live else None
    if page.institution_id is None:
        return None

    def find():
        key = InstitutionPage.objects.filter(pk=page.institution_id).values("translation_key")[:1]
        return InstitutionPage.objects.live().filter(translation_key=Subquery(key), locale_id=page.locale_id).first()

    if request is None or getattr(request, "is_preview", False):
        institution = find()
    else:
        institution = site_version.remember(
            request,
            ("live-localized-institution", page.institution_id, page.locale_id),
            find,
            scope=site_version.CATALOGUE,
        )
    if institution is not None:
        page.__dict__["localized_institution"] = institution
    return institution


def _postal_address(institution):
    address = {
        "@type": "PostalAddress",
        "addressCountry": institution.country,
        "addressRegion": str(_region_label(institution.region)),
    }
    if institution.address.strip():
        address["streetAddress"] = re.sub(r"\s*\n\s*", ", ", institution.address.strip())
    return address


def _area_served(institution):
    return {
        "@type": "AdministrativeArea",
        "name": str(_region_label(institution.region)),
        "containedInPlace": {
            "@type": "Country",
            "name": str(Country(institution.country).label),
            "identifier": institution.country,
        },
    }


def schema_org_for_service(page, request=None):
    """A ServicePage as a schema.org GovernmentService, in the language of its text.

    Two queries: the page's language and its institution in the page's locale.
    """
    language = content_language(page)
    institution = _live_localized_institution(page, request)
    with translation.override(language):
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": page.title,
            "identifier": page.catalogue_id,
            # The catalogue has no topic taxonomy yet: the title is the closest name of the kind of service.
            "serviceType": page.title,
            "inLanguage": language,
        }
        description = page.summary.strip() or plain_text(page.description)
        if description:
            data["description"] = description
        url = page.get_full_url(request)
        if url:
            data["url"] = url
        if page.audience:
            data["audience"] = [{"@type": "Audience", "audienceType": str(label)} for label in page.audience_labels()]
        if institution is not None:
            provider = {"@type": "GovernmentOrganization", "name": institution.title}
            institution_url = institution.get_full_url(request)
            if institution_url:
                provider["url"] = institution_url
            data["provider"] = provider
            data["areaServed"] = _area_served(institution)
        channels = [
            _service_channel(page, code, label, institution)
            for code, label in zip(page.channels, page.channel_labels(), strict=True)
        ]
        if channels:
            data["availableChannel"] = channels
        if page.is_free:
            offer = {"@type": "Offer", "price": "0", "isAccessibleForFree": True}
        else:
            offer = {"@type": "Offer", "price": str(page.fee_amount)}
        if page.fee_currency:
            offer["priceCurrency"] = page.fee_currency
        if page.payment_methods.strip():
            offer["description"] = page.payment_methods.strip()
        data["offers"] = offer
    return data


def _service_channel(page, code, label, institution):
    channel = {"@type": "ServiceChannel", "name": str(label)}
    if code == "online" and page.online_url:
        channel["serviceUrl"] = page.online_url
    elif institution is not None:
        if code == "in-person" and institution.address.strip():
            channel["serviceLocation"] = {
                "@type": "GovernmentOffice",
                "name": institution.title,
                "address": _postal_address(institution),
            }
        elif code == "post" and institution.address.strip():
            channel["servicePostalAddress"] = _postal_address(institution)
        elif code == "phone" and institution.phone:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": institution.phone}
        elif code == "email" and institution.email:
            channel["serviceUrl"] = f"mailto:{institution.email}"
    if page.processing_days is not None:
        channel["processingTime"] = f"P{page.processing_days}D"
    if page.procedure_languages:
        channel["availableLanguage"] = list(page.procedure_languages)
    return channel


def schema_org_for_institution(page, request=None):
    """An InstitutionPage as a schema.org GovernmentOrganization, in the language of its text.

    One query: the page's language.
    """
    language = content_language(page)
    with translation.override(language):
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": page.title,
            "identifier": page.catalogue_id,
        }
        url = page.get_full_url(request)
        if url:
            data["url"] = url
        description = page.listing_summary.strip() or plain_text(page.description)
        if description:
            data["description"] = description
        data["address"] = _postal_address(page)
        if page.phone or page.email:
            contact = {"@type": "ContactPoint"}
            if page.phone:
                contact["telephone"] = page.phone
            if page.email:
                contact["email"] = page.email
            data["contactPoint"] = contact
        if page.latitude is not None and page.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(page.latitude),
                "longitude": float(page.longitude),
            }
        if page.website:
            data["sameAs"] = [page.website]
    return data
