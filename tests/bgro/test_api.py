"""The headless API at /api/v2/: every page type's fields, languages, privacy, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from bgro.api import SitePagesAPIViewSet
from bgro.models import StandardPage
from catalogue.models import InstitutionIndexPage, InstitutionPage, ServiceIndexPage, ServicePage
from home.models import HomePage
from news.models import DeliverableIndexPage, DeliverablePage, NewsIndexPage, NewsPage
from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    DeliverableIndexPageFactory,
    DeliverablePageFactory,
    DocumentFactory,
    ImageFactory,
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    body_stream,
    translate,
    translated_versions,
)

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
# A warm default list: the count and the page of results. The public pages (view restrictions,
# the site, the aliases of private pages: four queries) are built once per site version.
LIST_QUERIES = 2


@pytest.fixture(scope="module")
def content(module_db):
    """One page of every type in the Bulgarian tree with its aliases; the home page, the news
    index and the news item are translated into Romanian and English, the service only into
    Romanian (its English version stays an alias)."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    institution_index = InstitutionIndexPageFactory(parent=home)
    institution = InstitutionPageFactory(
        parent=institution_index, title="Община Русе", catalogue_id="ruse-municipality"
    )
    service_index = ServiceIndexPageFactory(parent=home)
    service = ServicePageFactory(parent=service_index, institution=institution, catalogue_id="ruse-tax-certificate")
    news_index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(
        parent=news_index,
        listing_image=ImageFactory(),
        body=body_stream(image=ImageFactory(), document=DocumentFactory()),
        related_pages=[{"type": "service", "value": service.pk}, {"type": "institution", "value": institution.pk}],
    )
    news.tags.add("cooperation", "e-services")
    news.save_revision().publish()
    about = StandardPageFactory(parent=home, title="About")
    deliverable_index = DeliverableIndexPageFactory(parent=about)
    deliverable = DeliverablePageFactory(
        parent=deliverable_index, document_ro=DocumentFactory(), document_en=DocumentFactory()
    )
    pages = {
        "home": home,
        "institution_index": institution_index,
        "institution": institution,
        "service_index": service_index,
        "service": service,
        "news_index": news_index,
        "news": news,
        "about": about,
        "deliverable_index": deliverable_index,
        "deliverable": deliverable,
    }
    translated_versions(news_index, locales)
    pages["news_versions"] = translated_versions(news, locales)
    translated_versions(service_index, locales)
    translated_versions(institution_index, locales)
    pages["institution_ro"] = translate(institution, locales["ro"])
    pages["service_ro"] = translate(service, locales["ro"])
    pages["service_en_alias"] = service.get_translation(locales["en"])
    return pages


def _get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, f"GET {url} {params}: {response.status_code} {response.content[:300]!r}"
    return response.json()


# --- Every page type's fields -------------------------------------------------------------------

PAGE_TYPES = [
    pytest.param("home", HomePage, id="HomePage"),
    pytest.param("about", StandardPage, id="StandardPage"),
    pytest.param("institution_index", InstitutionIndexPage, id="InstitutionIndexPage"),
    pytest.param("institution", InstitutionPage, id="InstitutionPage"),
    pytest.param("service_index", ServiceIndexPage, id="ServiceIndexPage"),
    pytest.param("service", ServicePage, id="ServicePage"),
    pytest.param("news_index", NewsIndexPage, id="NewsIndexPage"),
    pytest.param("news", NewsPage, id="NewsPage"),
    pytest.param("deliverable_index", DeliverableIndexPage, id="DeliverableIndexPage"),
    pytest.param("deliverable", DeliverablePage, id="DeliverablePage"),
]


@pytest.mark.parametrize(("key", "model"), PAGE_TYPES)
def test_detail_has_every_api_field_of_the_page_type(client, content, key, model):
    page = content[key]

    data = _get(client, f"{PAGES}{page.pk}/")

    assert data["meta"]["type"] == model._meta.label
    assert data["meta"]["locale"] == "bg"
    missing = [field.name for field in model.api_fields if field.name not in data]
    assert not missing, f"{model.__name__}: api_fields missing from the detail: {missing}"


def test_every_page_type_is_covered():
    from wagtail.models import get_page_models

    tested = {param.values[1] for param in PAGE_TYPES}
    site_models = {
        model for model in get_page_models() if model._meta.app_label in {"bgro", "home", "catalogue", "news"}
    }
    assert site_models <= tested, f"page types without an API test: {sorted(m.__name__ for m in site_models - tested)}"


@pytest.mark.smoke
def test_service_detail_serialises_lists_references_and_streams(client, content):
    data = _get(client, f"{PAGES}{content['service'].pk}/")

    assert data["audience"] == ["citizens", "businesses"]
    assert data["channels"] == ["in-person", "online"]
    assert data["procedure_languages"] == ["bg", "en"]
    institution = data["institution"]
    assert institution["id"] == content["institution"].pk
    assert institution["title"] == "Община Русе"
    assert institution["catalogue_id"] == "ruse-municipality"
    assert institution["meta"]["type"] == "catalogue.InstitutionPage"
    assert institution["meta"]["detail_url"] == f"http://localhost{PAGES}{content['institution'].pk}/"
    assert institution["meta"]["html_url"].startswith("http")
    assert [block["value"] for block in data["required_documents"]] == ["Документ за самоличност", "Пълномощно"]
    assert data["steps"][0]["value"] == {"title": "Подайте заявление", "description": "На гише или онлайн."}
    assert data["fee_amount"] == "5.00"
    assert data["digitalisation_level"] == 3
    assert data["catalogue_id"] == "ruse-tax-certificate"


def test_a_chosen_page_is_given_in_the_language_of_the_page(client, content, locales):
    """A translation keeps the Bulgarian institution its source chose: the API gives the
    institution's version in the service's language (a translation, or else the alias)."""
    romanian = _get(client, f"{PAGES}{content['service_ro'].pk}/")["institution"]
    english = _get(client, f"{PAGES}{content['service_en_alias'].pk}/")["institution"]

    assert romanian["id"] == content["institution_ro"].pk
    assert romanian["title"] == content["institution_ro"].title
    assert "/ro/" in romanian["meta"]["html_url"]
    assert english["id"] == content["institution"].get_translation(locales["en"]).pk
    assert english["catalogue_id"] == romanian["catalogue_id"] == "ruse-municipality"


def test_chosen_pages_in_a_list_cost_the_same_queries_for_2_items_as_for_8(client, content):
    for _ in range(3):
        ServicePageFactory(parent=content["service_index"], institution=content["institution"])
    params = {"type": "catalogue.ServicePage", "fields": "institution,audience"}

    def listing_queries(limit):
        client.get(PAGES, {**params, "limit": limit})
        with CaptureQueriesContext(connection) as context:
            data = _get(client, PAGES, {**params, "limit": limit})
        assert len(data["items"]) == limit
        assert all(item["institution"]["catalogue_id"] == "ruse-municipality" for item in data["items"])
        return len(context.captured_queries)

    assert listing_queries(8) == listing_queries(2)


def test_news_detail_serialises_body_tags_image_and_related_pages(client, content):
    data = _get(client, f"{PAGES}{content['news'].pk}/")

    assert [block["type"] for block in data["body"]] == ["heading", "paragraph", "quote", "image", "document"]
    assert data["body"][3]["value"]["alt_text"] == "Дунав мост при Русе"
    assert data["tags"] == ["cooperation", "e-services"]
    assert [block["value"] for block in data["related_pages"]] == [content["service"].pk, content["institution"].pk]
    image = data["listing_image"]
    assert image["id"] == content["news"].listing_image_id
    assert image["meta"]["download_url"].startswith("http://localhost/")
    assert data["date"] == content["news"].date.isoformat()


def test_deliverable_detail_gives_its_documents(client, content):
    data = _get(client, f"{PAGES}{content['deliverable'].pk}/")

    for field in ("document_bg", "document_ro", "document_en"):
        assert data[field]["meta"]["download_url"].startswith("http://localhost/documents/")
    assert data["deliverable_type"] == "study"


def test_rich_text_can_be_asked_for_as_html(client, content):
    data = _get(client, f"{PAGES}{content['institution'].pk}/", {"rich_text_format": "html"})

    assert data["description"] == "<p>Общинската администрация обслужва гражданите и бизнеса.</p>"


# --- Languages ------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_locale_filter_lists_one_language_tree(client, content):
    data = _get(client, PAGES, {"locale": "ro", "type": "news.NewsPage"})

    assert [item["id"] for item in data["items"]] == [content["news_versions"]["ro"].pk]
    assert {item["meta"]["locale"] for item in _get(client, PAGES, {"locale": "en"})["items"]} == {"en"}


def test_aliases_are_listed_in_their_tree_and_say_what_they_show(client, content):
    alias = content["service_en_alias"]

    data = _get(client, PAGES, {"locale": "en", "type": "catalogue.ServicePage", "fields": "alias_of,catalogue_id"})

    [item] = data["items"]
    assert item["id"] == alias.pk
    assert item["meta"]["alias_of"]["id"] == content["service"].pk
    assert item["catalogue_id"] == "ruse-tax-certificate"


def test_translation_of_gives_the_other_language_versions(client, content):
    versions = content["news_versions"]

    data = _get(client, PAGES, {"translation_of": versions["bg"].pk})

    assert {item["meta"]["locale"]: item["id"] for item in data["items"]} == {
        "ro": versions["ro"].pk,
        "en": versions["en"].pk,
    }
    only_english = _get(client, PAGES, {"translation_of": versions["bg"].pk, "locale": "en"})
    assert [item["id"] for item in only_english["items"]] == [versions["en"].pk]


def test_a_record_is_found_by_catalogue_id_in_each_language(client, content):
    data = _get(client, PAGES, {"type": "catalogue.ServicePage", "catalogue_id": "ruse-tax-certificate"})

    assert {item["meta"]["locale"] for item in data["items"]} == {"bg", "ro", "en"}
    romanian = _get(
        client, PAGES, {"type": "catalogue.ServicePage", "catalogue_id": "ruse-tax-certificate", "locale": "ro"}
    )
    assert [item["id"] for item in romanian["items"]] == [content["service_ro"].pk]


# --- Privacy --------------------------------------------------------------------------------------


def test_private_pages_and_their_aliases_are_not_in_the_api(client, content, locales):
    private = NewsPageFactory(parent=content["news_index"], title="Internal meeting notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    alias = private.get_translation(locales["ro"])
    assert alias.alias_of_id == private.pk

    listed = {item["id"] for item in _get(client, PAGES, {"type": "news.NewsPage"})["items"]}

    assert private.pk not in listed
    assert alias.pk not in listed
    assert content["news"].pk in listed
    _get(client, f"{PAGES}{private.pk}/", status=404)
    _get(client, f"{PAGES}{alias.pk}/", status=404)


def test_search_finds_pages_but_not_private_pages_or_their_aliases(client, content, locales):
    private = NewsPageFactory(parent=content["news_index"], title="Zorbulak internal notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = NewsPageFactory(parent=content["news_index"], title="Zorbulak public notice")

    found = {item["id"] for item in _get(client, PAGES, {"search": "Zorbulak"})["items"]}

    assert public.pk in found
    assert private.pk not in found
    assert private.get_translation(locales["ro"]).pk not in found


@pytest.mark.parametrize(
    "query",
    ["\x00", "a\x00b", "\"';--", 'ra"zh', "OR AND NOT", "NEAR(a b)", "title:*", "x" * 10_000],
    ids=["nul", "nul-inside", "quotes-sql", "unbalanced-quote", "operators", "fts-function", "lucene", "very-long"],
)
def test_search_syntax_characters_are_words_not_errors(client, content, query):
    _get(client, PAGES, {"search": query})


@pytest.mark.parametrize("endpoint", ["/api/v2/images/", "/api/v2/documents/"])
@pytest.mark.parametrize("query", ["\x00", '"'], ids=["nul", "quote"])
def test_image_and_document_search_takes_words_only(client, content, endpoint, query):
    _get(client, endpoint, {"search": query})


def test_a_locale_with_control_characters_is_a_bad_request(client, content):
    _get(client, PAGES, {"locale": "r\x00o"}, status=400)


def test_unknown_search_operator_is_a_bad_request(client, content):
    assert "search_operator" in _get(client, PAGES, {"search": "Русе", "search_operator": "xor"}, status=400)["message"]


def test_drafts_are_not_in_the_api(client, content):
    draft = NewsPageFactory(parent=content["news_index"], title="Draft", live=False)

    _get(client, f"{PAGES}{draft.pk}/", status=404)


# --- Images and documents -------------------------------------------------------------------------


@pytest.mark.smoke
def test_images_and_documents_endpoints(client, content):
    image_id = content["news"].listing_image_id

    images = _get(client, "/api/v2/images/")
    image = _get(client, f"/api/v2/images/{image_id}/")
    documents = _get(client, "/api/v2/documents/")

    assert image_id in [item["id"] for item in images["items"]]
    assert image["meta"]["download_url"].startswith("http://localhost/media/original_images/")
    assert image["width"] > 0
    assert documents["meta"]["total_count"] >= 4
    assert all(item["meta"]["download_url"].startswith("http://localhost/documents/") for item in documents["items"])


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (PAGES, {"type": "news.NoSuchPage"}, 400),
        (PAGES, {"type": "nonsense"}, 400),
        (PAGES, {"type": "auth.User"}, 400),
        (PAGES, {"limit": "ten"}, 400),
        (PAGES, {"limit": "-1"}, 400),
        (PAGES, {"limit": "100000"}, 400),
        (PAGES, {"offset": "x"}, 400),
        # Past the database's bigint OFFSET (a 500 once), and int()'s 4,300 digits.
        (PAGES, {"offset": "9223372036854775808"}, 400),
        (PAGES, {"offset": "1000001"}, 400),
        (PAGES, {"offset": "9" * 5000}, 400),
        ("/api/v2/images/", {"offset": "9223372036854775808"}, 400),
        ("/api/v2/documents/", {"offset": "9223372036854775808"}, 400),
        (PAGES, {"child_of": "9" * 5000}, 400),
        # PostgreSQL refuses NUL in text: Wagtail's site lookup raised (found by the fuzz test).
        (PAGES, {"site": "\x00"}, 400),
        (f"{PAGES}find/", {"html_path": "/bg/\x00"}, 400),
        (f"{PAGES}find/", {"id": ""}, 400),
        (f"{PAGES}find/", {"id": "abc"}, 400),
        (f"{PAGES}find/", {"id": "9" * 5000}, 400),
        (f"{PAGES}find/", {"id": "9223372036854775808"}, 404),
        (f"{PAGES}find/", {"id": "1", "type": "home.HomePage"}, 404),
        ("/api/v2/images/find/", {"id": ""}, 400),
        ("/api/v2/documents/find/", {"id": "-1"}, 400),
        ("/api/v2/images/", {"title": "\x00"}, 400),
        (f"{PAGES}{'9' * 5000}/", {}, 404),
        (PAGES, {"locale": "de"}, 400),
        (PAGES, {"locale": ""}, 400),
        (PAGES, {"translation_of": "first"}, 400),
        (PAGES, {"translation_of": "999999"}, 400),
        (PAGES, {"child_of": "x"}, 400),
        (PAGES, {"descendant_of": "-3"}, 400),
        (PAGES, {"order": "nonsense"}, 400),
        (PAGES, {"fields": "nonsense"}, 400),
        (PAGES, {"fields": "title("}, 400),
        (PAGES, {"colour": "blue"}, 400),
        (PAGES, {"id": "abc"}, 400),
        (PAGES, {"id": "9" * 30}, 400),
        (PAGES, {"type": "news.NewsPage", "date": "yesterday"}, 400),
        (PAGES, {"type": "catalogue.ServicePage", "fee_amount": "free"}, 400),
        (PAGES, {"type": "catalogue.ServicePage", "processing_days": "9" * 30}, 400),
        (PAGES, {"type": "catalogue.InstitutionPage", "latitude": "north"}, 400),
        (PAGES, {"rich_text_format": "rtf"}, 400),
        (PAGES, {"site": "nowhere.example:port"}, 400),
        (PAGES, {"site": "nowhere.example"}, 404),
        (f"{PAGES}999999/", {}, 404),
        (f"{PAGES}find/", {"id": "999999"}, 404),
        (f"{PAGES}find/", {"html_path": "/no/such/page/"}, 404),
        ("/api/v2/images/", {"limit": "many"}, 400),
        ("/api/v2/images/999999/", {}, 404),
        ("/api/v2/documents/", {"order": "nonsense"}, 400),
        ("/api/v2/nothing/", {}, 404),
        ("/api/v2/", {}, 404),
    ],
)
def test_bad_input_is_a_client_error_with_a_message(client, content, url, params, status):
    response = client.get(url, params)

    assert response.status_code == status, f"GET {url} {params}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"]


def test_an_offset_within_the_bound_is_an_empty_list(client, content):
    data = _get(client, PAGES, {"offset": "1000000"})

    assert data["items"] == []
    assert data["meta"]["total_count"] > 0


@pytest.mark.parametrize("document_id", ["9223372036854775808", "9" * 5000])
def test_a_document_id_past_any_row_is_a_404(client, document_id):
    assert client.get(f"/documents/{document_id}/report.pdf").status_code == 404


@pytest.mark.parametrize("url", [PAGES, "/api/v2/images/", "/api/v2/documents/", f"{PAGES}999999/"])
def test_partner_sites_may_read_the_api_from_their_pages(client, content, url):
    assert client.get(url, HTTP_ORIGIN="https://partner.example")["Access-Control-Allow-Origin"] == "*"


def test_unknown_locale_names_the_languages(client, content):
    data = _get(client, PAGES, {"locale": "de"}, status=400)

    assert "bg, ro, en" in data["message"]


def test_date_filter_with_a_real_date_works(client, content):
    news = content["news"]

    data = _get(client, PAGES, {"type": "news.NewsPage", "date": news.date.isoformat(), "locale": "bg"})

    assert [item["id"] for item in data["items"]] == [news.pk]


def test_services_list_their_life_events_by_slug_at_the_same_cost_for_2_as_for_8(client, content):
    from catalogue.models import LifeEvent

    child = LifeEvent.objects.create(
        name="Раждане на дете", slug="having-a-child", locale=content["service_index"].locale
    )
    home = LifeEvent.objects.create(
        name="Строеж на дом", slug="building-a-home", locale=content["service_index"].locale
    )
    for _ in range(8):
        service = ServicePageFactory(parent=content["service_index"], institution=content["institution"])
        service.life_events.set([home, child])
        service.save()

    def listing_queries(limit):
        client.get(PAGES, {"type": "catalogue.ServicePage", "fields": "life_event_slugs", "limit": limit})
        with CaptureQueriesContext(connection) as context:
            data = _get(client, PAGES, {"type": "catalogue.ServicePage", "fields": "life_event_slugs", "limit": limit})
        assert len(data["items"]) == limit
        return len(context.captured_queries), data["items"]

    few, _items = listing_queries(2)
    many, items = listing_queries(8)
    assert few == many
    assert ["building-a-home", "having-a-child"] in [item["life_event_slugs"] for item in items]


# --- Queries --------------------------------------------------------------------------------------


def test_listing_queries_do_not_grow_with_the_pages_listed(client, content):
    """The default list (id, type, URLs, title, slug, first published, locale) costs the same for
    5 pages as for 20: the locale is joined, the type and URLs need no query."""

    def listing_queries(limit):
        client.get(PAGES, {"limit": limit})  # warm Wagtail's cache of site root paths
        with CaptureQueriesContext(connection) as context:
            data = _get(client, PAGES, {"limit": limit})
        assert len(data["items"]) == limit
        return len(context.captured_queries)

    assert listing_queries(20) == listing_queries(5)


def test_a_list_builds_the_public_pages_once_per_site_version(client, content):
    """Wagtail asks for the base queryset up to three times a request (the list, the serialisers'
    context, ``?child_of=``); each built it anew with queries of its own (view restrictions, the
    site, the aliases of private pages): the view restrictions were read six times a list. Now
    the public pages' SQL is built once per site version (``_kept_public_pages``)."""
    client.get(PAGES, {"limit": 5})
    with CaptureQueriesContext(connection) as context:
        _get(client, PAGES, {"limit": 5})
    restrictions = [query for query in context.captured_queries if "pageviewrestriction" in query["sql"].lower()]

    assert restrictions == []
    assert len(context.captured_queries) == LIST_QUERIES, [query["sql"][:80] for query in context.captured_queries]


def test_a_page_made_private_leaves_the_kept_list_on_the_next_request(client, content):
    # Only the restriction is written: no page is saved or published.
    news = content["news"]
    assert news.pk in [item["id"] for item in _get(client, PAGES, {"type": "news.NewsPage", "limit": 20})["items"]]

    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)

    assert news.pk not in [item["id"] for item in _get(client, PAGES, {"type": "news.NewsPage", "limit": 20})["items"]]
    _get(client, f"{PAGES}{news.pk}/", status=404)


def test_the_api_serialiser_overrides_are_found_by_field_type():
    overrides = SitePagesAPIViewSet.get_field_serializer_overrides(ServicePage)

    assert {"audience", "channels", "procedure_languages", "institution"} <= set(overrides)
    assert "listing_image" not in overrides  # images nest through the images endpoint
