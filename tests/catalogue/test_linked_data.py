"""The catalogue as linked data: the CPSV-AP 3.2.0 export conforms to the release's SHACL shapes,
and service and institution pages carry schema.org JSON-LD."""

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import translation
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from wagtail.models import PageViewRestriction

from bgro import urls as project_urls
from catalogue.importer import CatalogueImporter
from catalogue.models import InstitutionPage, ServiceIndexPage, ServicePage

SHAPES = Path(__file__).resolve().parents[2] / "docs" / "standards" / "cpsv-ap-3.2.0" / "cpsv-ap-SHACL.ttl"

# The project's URLs with the catalogue API, until site/bgro/urls.py includes it.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "catalogue" for pattern in urlpatterns):
    urlpatterns.insert(0, path("api/catalogue/", include("catalogue.urls")))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(__name__),
    # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

# Open namespaces: rdflib's closed ones warn when pytest looks at the module's attributes.
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

CATALOGUE_URL = "/api/catalogue/cpsv-ap.jsonld"
JSON_LD = "application/ld+json; charset=utf-8"

CATALOGUE = {
    "format": "bgro-catalogue/1",
    "institutions": [
        {
            "id": "ruse-municipality",
            "type": "municipality",
            "country": "BG",
            "region": "Ruse",
            "source_language": "bg",
            "name": {"bg": "Община Русе", "ro": "Primăria Ruse", "en": "Ruse Municipality"},
            "address": {"bg": "пл. „Свобода“ 6\nРусе", "ro": "Piața Libertății 6\nRuse", "en": "6 Svoboda Sq.\nRuse"},
            "opening_hours": {"bg": "пн–пт 8–17", "ro": "lun–vin 8–17", "en": "Mon–Fri 8–17"},
            "website": "https://www.ruse-bg.eu",
            "email": "info@ruse-bg.eu",
            "phone": "+359 82 881 802",
            "location": {"lat": 43.8487, "lon": 25.9534},
        },
        {
            "id": "giurgiu-city-hall",
            "type": "municipality",
            "country": "RO",
            "region": "Giurgiu",
            "source_language": "ro",
            "name": {"ro": "Primăria Municipiului Giurgiu", "bg": "Община Гюргево"},
        },
        {
            "id": "silistra-chamber",
            "type": "chamber",
            "country": "BG",
            "region": "Silistra",
            "source_language": "bg",
            "name": {"bg": "Търговска камара Силистра"},
        },
    ],
    "services": [
        {
            "id": "ruse-birth-certificate",
            "institution": "ruse-municipality",
            "source_language": "bg",
            "audience": ["citizens"],
            "channels": ["in-person", "online"],
            "online_url": "https://egov.bg/",
            "fee": {"amount": "5.00", "currency": "EUR"},
            "processing_days": 7,
            "digitalisation_level": 3,
            "procedure_languages": ["bg", "en"],
            "title": {"bg": "Удостоверение за раждане", "ro": "Certificat de naștere"},
            "summary": {"bg": "Издаване на дубликат.", "ro": "Eliberarea unui duplicat."},
            "documents": {"bg": ["Лична карта", "Заявление"], "ro": ["Carte de identitate", "Cerere"]},
            "legal_basis": {
                "bg": "Закон за гражданската регистрация\nНаредба № 1",
                "ro": "Legea înregistrării civile\nOrdinul nr. 1",
            },
            "payment_methods": {"bg": "В брой или с карта.", "ro": "Numerar sau card."},
            "output": {"bg": "Удостоверение.", "ro": "Certificat."},
        },
        {
            "id": "giurgiu-building-permit",
            "institution": "giurgiu-city-hall",
            "source_language": "ro",
            "audience": ["citizens", "businesses"],
            "channels": ["in-person", "phone"],
            "fee": {"amount": "120", "currency": "RON"},
            "title": {"ro": "Autorizație de construire"},
            "description": {"ro": "Pentru clădiri noi.\n\nȘi extinderi."},
        },
    ],
}



@pytest.fixture
def catalogue(sections):
    CatalogueImporter(copy.deepcopy(CATALOGUE)).run()


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(SHAPES, format="turtle")


def get_json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == JSON_LD
    return response.content.decode("utf-8")


def parse(text):
    return Graph().parse(data=text, format="json-ld")


def assert_conforms(graph, shapes):
    conforms, results, report = validate(graph, shacl_graph=shapes, inference="none")
    violations = list(results.subjects(SH.resultSeverity, SH.Violation))
    assert conforms and not violations, report


def service_iri(catalogue_id):
    return URIRef(f"http://testserver/api/catalogue/services/{catalogue_id}/cpsv-ap.jsonld#service")


def institution_iri(catalogue_id):
    return URIRef(f"http://testserver/api/catalogue/institutions/{catalogue_id}/cpsv-ap.jsonld#organisation")


def language_tags(graph, subject, predicate):
    return {literal.language: str(literal) for literal in graph.objects(subject, predicate)}


# --- CPSV-AP ---------------------------------------------------------------------------------------


def test_catalogue_conforms_to_the_cpsv_ap_shapes(client, catalogue, shapes):
    text = get_json_ld(client, CATALOGUE_URL)
    document = json.loads(text)
    assert isinstance(document["@context"], dict), "the context is inline, never a remote URL"

    graph = parse(text)
    assert_conforms(graph, shapes)
    assert set(graph.subjects(RDF.type, CPSV.PublicService)) == {
        service_iri("ruse-birth-certificate"),
        service_iri("giurgiu-building-permit"),
    }
    # An institution without services is in the catalogue as well.
    assert institution_iri("silistra-chamber") in set(graph.subjects(RDF.type, CV.PublicOrganisation))


def test_the_shapes_catch_an_untyped_code_list_value(client, catalogue, shapes):
    """The validation is real: without the types of referenced nodes, the shapes reject the export."""
    graph = parse(get_json_ld(client, CATALOGUE_URL))
    graph.remove((None, RDF.type, SKOS.Concept))

    conforms, _results, report = validate(graph, shacl_graph=shapes, inference="none")

    assert not conforms
    assert "http://data.europa.eu/m8g/currency" in report


def test_texts_are_tagged_with_the_language_of_each_real_translation(client, catalogue):
    graph = parse(get_json_ld(client, CATALOGUE_URL))
    service = service_iri("ruse-birth-certificate")

    assert language_tags(graph, service, DCTERMS.title) == {
        "bg": "Удостоверение за раждане",
        "ro": "Certificat de naștere",
    }
    # English is only an alias of the Bulgarian page: no English text, and no Bulgarian text tagged English.
    assert "en" not in language_tags(graph, service, DCTERMS.description)
    assert language_tags(graph, service, DCTERMS.description) == {
        "bg": "Издаване на дубликат.",
        "ro": "Eliberarea unui duplicat.",
    }
    assert (service, DCTERMS.identifier, Literal("ruse-birth-certificate")) in graph
    # Without a summary, the description is the plain text of the rich-text description.
    assert language_tags(graph, service_iri("giurgiu-building-permit"), DCTERMS.description) == {
        "ro": "Pentru clădiri noi. Și extinderi."
    }

    authority = graph.value(service, CV.hasCompetentAuthority)
    assert authority == institution_iri("ruse-municipality")
    assert language_tags(graph, authority, SKOS.prefLabel) == {
        "bg": "Община Русе",
        "ro": "Primăria Ruse",
        "en": "Ruse Municipality",
    }
    giurgiu = graph.value(service_iri("giurgiu-building-permit"), CV.hasCompetentAuthority)
    assert language_tags(graph, giurgiu, SKOS.prefLabel) == {
        "ro": "Primăria Municipiului Giurgiu",
        "bg": "Община Гюргево",
    }
    spatial = set(graph.objects(authority, DCTERMS.spatial))
    assert URIRef("http://publications.europa.eu/resource/authority/country/BGR") in spatial
    assert all((place, RDF.type, DCTERMS.Location) in graph for place in spatial)


def test_cost_has_its_amount_and_an_eu_currency(client, catalogue):
    graph = parse(get_json_ld(client, CATALOGUE_URL))

    cost = graph.value(service_iri("ruse-birth-certificate"), CV.hasCost)
    assert (cost, RDF.type, CV.Cost) in graph
    value = graph.value(cost, CV.hasValue)
    assert value.datatype == XSD.double and Decimal(str(value)) == Decimal("5.00")
    currency = graph.value(cost, CV.currency)
    assert currency == URIRef("http://publications.europa.eu/resource/authority/currency/EUR")
    assert (currency, RDF.type, SKOS.Concept) in graph
    assert language_tags(graph, cost, DCTERMS.description) == {"bg": "В брой или с карта.", "ro": "Numerar sau card."}

    romanian_cost = graph.value(service_iri("giurgiu-building-permit"), CV.hasCost)
    assert graph.value(romanian_cost, CV.currency) == URIRef(
        "http://publications.europa.eu/resource/authority/currency/RON"
    )


def test_documents_channels_legal_basis_and_processing_time(client, catalogue):
    graph = parse(get_json_ld(client, CATALOGUE_URL))
    service = service_iri("ruse-birth-certificate")

    evidence = {
        frozenset(language_tags(graph, node, DCTERMS.title).items()) for node in graph.objects(service, CPSV.hasInput)
    }
    # Paired across languages by the block id the translations share.
    assert evidence == {
        frozenset({"bg": "Лична карта", "ro": "Carte de identitate"}.items()),
        frozenset({"bg": "Заявление", "ro": "Cerere"}.items()),
    }
    legal = [language_tags(graph, node, DCTERMS.title) for node in graph.objects(service, CV.hasLegalResource)]
    assert {"bg": "Наредба № 1", "ro": "Ordinul nr. 1"} in legal and len(legal) == 2
    assert all((node, RDF.type, ELI.LegalResource) in graph for node in graph.objects(service, CV.hasLegalResource))

    channel_types = {
        graph.value(graph.value(channel, DCTERMS.type), SKOS.notation).toPython()
        for channel in graph.objects(service, CV.hasChannel)
    }
    assert channel_types == {"in-person", "online"}
    processing_time = graph.value(service, CV.processingTime)
    assert processing_time.datatype == XSD.duration and str(processing_time) == "P7D"


def test_one_service_and_an_unknown_one(client, catalogue, shapes):
    text = get_json_ld(client, "/api/catalogue/services/giurgiu-building-permit/cpsv-ap.jsonld")
    graph = parse(text)
    assert_conforms(graph, shapes)
    assert set(graph.subjects(RDF.type, CPSV.PublicService)) == {service_iri("giurgiu-building-permit")}

    response = client.get("/api/catalogue/services/no-such-service/cpsv-ap.jsonld")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "no-such-service" in response.json()["error"]


def test_one_institution_with_its_services(client, catalogue, shapes):
    graph = parse(get_json_ld(client, "/api/catalogue/institutions/ruse-municipality/cpsv-ap.jsonld"))
    assert_conforms(graph, shapes)
    assert set(graph.subjects(RDF.type, CPSV.PublicService)) == {service_iri("ruse-birth-certificate")}
    assert client.get("/api/catalogue/institutions/nobody/cpsv-ap.jsonld").status_code == 404


def test_drafts_are_not_exported(client, catalogue):
    ServicePage.objects.filter(catalogue_id="giurgiu-building-permit").update(live=False)

    graph = parse(get_json_ld(client, CATALOGUE_URL))

    assert service_iri("giurgiu-building-permit") not in set(graph.subjects(RDF.type, CPSV.PublicService))
    assert client.get("/api/catalogue/services/giurgiu-building-permit/cpsv-ap.jsonld").status_code == 404


def test_private_sections_are_not_exported(client, catalogue):
    romanian_services = ServiceIndexPage.objects.get(locale__language_code="ro")
    PageViewRestriction.objects.create(page=romanian_services, restriction_type=PageViewRestriction.LOGIN)

    graph = parse(get_json_ld(client, CATALOGUE_URL))

    assert language_tags(graph, service_iri("ruse-birth-certificate"), DCTERMS.title) == {
        "bg": "Удостоверение за раждане"
    }
    # The Romanian source of this record is private: nothing of it is left to publish.
    assert service_iri("giurgiu-building-permit") not in set(graph.subjects(RDF.type, CPSV.PublicService))


def _generated_services(first, count):
    return [
        {
            "id": f"generated-service-{number}",
            "institution": "ruse-municipality" if number % 2 else "giurgiu-city-hall",
            "source_language": "bg",
            "audience": ["citizens"],
            "channels": ["in-person", "online"],
            "online_url": "https://egov.bg/",
            "fee": {"amount": "2.50", "currency": "BGN"},
            "processing_days": number,
            "title": {"bg": f"Услуга {number}", "ro": f"Serviciul {number}"},
            "documents": {"bg": ["Заявление"], "ro": ["Cerere"]},
            "legal_basis": {"bg": "Закон", "ro": "Lege"},
        }
        for number in range(first, first + count)
    ]


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        get_json_ld(client, url)
    return len(queries)


def test_query_count_does_not_grow_with_the_catalogue(client, sections):
    CatalogueImporter({**copy.deepcopy(CATALOGUE), "services": _generated_services(0, 5)}).run()
    client.get(CATALOGUE_URL)  # the site's root paths are now in the cache, as on a warm server
    five = _queries_for(client, CATALOGUE_URL)
    CatalogueImporter({"format": "bgro-catalogue/1", "services": _generated_services(5, 25)}).run()
    client.get(CATALOGUE_URL)
    thirty = _queries_for(client, CATALOGUE_URL)

    graph = json.loads(get_json_ld(client, CATALOGUE_URL))["@graph"]
    assert sum(node["@type"] == "cpsv:PublicService" for node in graph) == 30
    assert thirty == five
    # The pages' view restrictions, the services and the institutions, each in every language.
    assert thirty <= 3
    assert _queries_for(client, "/api/catalogue/services/generated-service-29/cpsv-ap.jsonld") <= 3


# --- schema.org ------------------------------------------------------------------------------------


def region_label(region, language):
    with translation.override(language):
        return str(InstitutionPage.region_label(region))


def render_schema_org(page):
    request = RequestFactory().get("/")
    html = Template("{% load catalogue_tags %}{% schema_org page %}").render(
        Context({"page": page, "request": request})
    )
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.DOTALL)
    assert match, html
    return json.loads(match.group(1))


def test_service_as_a_schema_org_government_service(catalogue, django_assert_max_num_queries):
    page = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="ro")
    page.get_url()  # the site's root paths are cached, as base.html has done before the head

    # The page's language and its institution in that language.
    with django_assert_max_num_queries(2):
        data = render_schema_org(page)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Certificat de naștere"
    assert data["inLanguage"] == "ro"
    assert data["description"] == "Eliberarea unui duplicat."
    assert data["url"].endswith("/ro/services/ruse-birth-certificate/")
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Primăria Ruse"
    assert data["provider"]["url"].endswith("/ro/institutions/ruse-municipality/")
    assert data["areaServed"]["@type"] == "AdministrativeArea"
    assert data["areaServed"]["name"] == region_label("Ruse", "ro")
    assert data["areaServed"]["containedInPlace"]["identifier"] == "BG"
    assert data["serviceType"]
    assert data["offers"] == {
        "@type": "Offer",
        "price": "5.00",
        "priceCurrency": "EUR",
        "description": "Numerar sau card.",
    }
    online = [channel for channel in data["availableChannel"] if channel.get("serviceUrl")]
    assert online and online[0]["serviceUrl"] == "https://egov.bg/"
    assert {channel["@type"] for channel in data["availableChannel"]} == {"ServiceChannel"}
    # The template reuses the institution the tag found.
    with django_assert_max_num_queries(0):
        assert page.localized_institution.title == "Primăria Ruse"


def test_free_service_and_untranslated_alias(catalogue):
    ServicePage.objects.filter(catalogue_id="giurgiu-building-permit").update(fee_amount=None, fee_currency="")
    alias = ServicePage.objects.get(catalogue_id="giurgiu-building-permit", locale__language_code="en")
    assert alias.alias_of_id is not None

    data = render_schema_org(alias)

    assert data["offers"] == {"@type": "Offer", "price": "0", "isAccessibleForFree": True}
    # An untranslated alias shows its Romanian source: the text's language, not the tree's.
    assert data["inLanguage"] == "ro"
    assert data["name"] == "Autorizație de construire"


def test_institution_as_a_schema_org_government_organization(catalogue, django_assert_max_num_queries):
    page = InstitutionPage.objects.get(catalogue_id="ruse-municipality", locale__language_code="bg")
    page.get_url()

    with django_assert_max_num_queries(1):
        data = render_schema_org(page)

    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Община Русе"
    assert data["url"].endswith("/bg/institutions/ruse-municipality/")
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "BG",
        "addressRegion": region_label("Ruse", "bg"),
        "streetAddress": "пл. „Свобода“ 6, Русе",
    }
    assert data["contactPoint"] == {"@type": "ContactPoint", "telephone": "+359 82 881 802", "email": "info@ruse-bg.eu"}
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 43.8487, "longitude": 25.9534}
    assert data["sameAs"] == ["https://www.ruse-bg.eu"]


def test_text_cannot_leave_the_script_element(catalogue):
    page = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="bg")
    page.title = "</script><script>alert(1)</script> & <!--"

    request = RequestFactory().get("/")
    html = Template("{% load catalogue_tags %}{% schema_org page %}").render(
        Context({"page": page, "request": request})
    )

    assert html.count("<") == 2 and html.count(">") == 2, html
    assert "&" not in html
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["name"] == page.title


def test_nothing_for_other_pages(sections):
    index = ServiceIndexPage.objects.get(locale__language_code="bg")
    html = Template("{% load catalogue_tags %}{% schema_org page %}|{% schema_org None %}").render(
        Context({"page": index})
    )
    assert html == "|"


def test_the_tag_in_the_head_of_a_service_page(client, catalogue, monkeypatch):
    """Where the tag goes: ``{% block extra_head %}`` of the service template.

    The tag's two queries (the page's language, its institution) are within its budget; the
    institution is then the one the template shows, so the page costs today what it did without.
    """
    page = ServicePage.objects.get(catalogue_id="ruse-birth-certificate", locale__language_code="ro")
    url = page.get_url()
    client.get(url)  # caches warm, as on a running server
    with CaptureQueriesContext(connection) as without_tag:
        assert client.get(url).status_code == 200

    template = engines["django"].from_string(
        '{% extends "catalogue/service_page.html" %}{% load catalogue_tags %}'
        "{% block extra_head %}{% schema_org page %}{% endblock %}"
    )
    monkeypatch.setattr(ServicePage, "get_template", lambda self, request, *args, **kwargs: template)
    with CaptureQueriesContext(connection) as with_tag:
        response = client.get(url)

    html = response.content.decode()
    head = html[: html.index("</head>")]
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL)
    assert match and json.loads(match.group(1))["name"] == "Certificat de naștere"
    assert len(with_tag) <= len(without_tag) + 2
