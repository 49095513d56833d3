"""The search API: its answer's shape, its filters, its errors, and its cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.models import SearchQueryLog
from tests.search.conftest import make_institution, make_service

# Every test runs on the database engine and again on the real search node.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine_under_test")]


@pytest.fixture
def services(catalogue):
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-municipality", country="RO", region="Giurgiu")
    return {
        "tax": make_service(
            catalogue,
            "Плащане на данък сгради",
            translations={"en": {"title": "Paying building tax", "summary": ""}},
            audience=["citizens"],
        ),
        "tax-giurgiu": make_service(
            catalogue, "Данък върху сгради в Гюргево", institution=giurgiu, audience=["businesses"]
        ),
    }


@pytest.mark.smoke
def test_answer_has_the_documented_shape(client, services):
    # Browsers send Origin with every cross-origin request; django-cors-headers answers it.
    response = client.get("/api/search/", {"q": "данък сгради", "lang": "en"}, HTTP_ORIGIN="https://partner.example")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert {"query", "lang", "total", "page", "results", "facets"} <= set(data)
    assert (data["query"], data["lang"], data["total"], data["page"]) == ("данък сгради", "en", 2, 1)
    first = data["results"][0]
    assert set(first) == {"id", "type", "title", "url", "locale", "available_locales", "snippet"}
    by_id = {result["id"]: result for result in data["results"]}
    assert by_id[services["tax"].catalogue_id]["locale"] == "en"
    assert by_id[services["tax"].catalogue_id]["available_locales"] == ["bg", "en"]
    assert by_id[services["tax-giurgiu"].catalogue_id]["locale"] == "bg"
    assert by_id[services["tax-giurgiu"].catalogue_id]["url"].startswith("/en/")
    assert set(data["facets"]) == {"type", "country", "region", "institution", "audience"}
    assert {item["value"]: item["count"] for item in data["facets"]["country"]} == {"BG": 1, "RO": 1}


@pytest.mark.smoke
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"country": "RO"}, ["tax-giurgiu"]),
        ({"region": "Giurgiu"}, ["tax-giurgiu"]),
        ({"institution": "giurgiu-municipality"}, ["tax-giurgiu"]),
        ({"audience": "citizens"}, ["tax"]),
        ({"type": "institution"}, []),
        ({"type": "service", "country": "BG"}, ["tax"]),
    ],
)
def test_filters(client, services, params, expected):
    data = client.get("/api/search/", {"q": "данък", "lang": "bg", **params}).json()

    assert sorted(result["id"] for result in data["results"]) == sorted(
        services[name].catalogue_id for name in expected
    )


def test_pages_and_page_size(client, catalogue):
    for number in range(7):
        make_service(catalogue, f"Такса номер {number}")

    first = client.get("/api/search/", {"q": "такса", "lang": "bg", "page_size": 5}).json()
    second = client.get("/api/search/", {"q": "такса", "lang": "bg", "page_size": 5, "page": 2}).json()
    beyond = client.get("/api/search/", {"q": "такса", "lang": "bg", "page_size": 5, "page": 9}).json()

    assert (first["total"], len(first["results"]), len(second["results"]), beyond["results"]) == (7, 5, 2, [])
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.smoke
@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"lang": "bg"}, "q"),
        ({"q": "   ", "lang": "bg"}, "q"),
        ({"q": "x" * 10_000, "lang": "bg"}, "200"),
        ({"q": "данък", "lang": "de"}, "lang"),
        ({"q": "данък"}, "lang"),
        ({"q": "данък", "lang": "bg", "page": "two"}, "page"),
        ({"q": "данък", "lang": "bg", "page": "0"}, "page"),
        ({"q": "данък", "lang": "bg", "page_size": "51"}, "50"),
        ({"q": "данък", "lang": "bg", "type": "person"}, "type"),
        ({"q": "данък", "lang": "bg", "country": "DE"}, "country"),
        ({"q": "данък", "lang": "bg", "audience": "aliens"}, "audience"),
        ({"q": "данък", "lang": "bg", "institution": "Ruse Municipality!"}, "institution"),
    ],
)
def test_bad_requests_answer_400_with_a_reason(client, services, params, fragment):
    response = client.get("/api/search/", params)

    assert response.status_code == 400
    assert fragment in response.json()["error"]


def test_error_messages_follow_the_requested_language(client, services):
    response = client.get("/api/search/", {"q": "данък", "lang": "ro", "page": "x"})

    assert response.status_code == 400
    assert "număr" in response.json()["error"]


@pytest.mark.smoke
@pytest.mark.parametrize("query", ["\x00", "\"';--", "title:* OR 1=1", "a AND (b", "\u202e\u200b", "%_\\"])
def test_syntax_and_control_characters_never_break_it(client, services, query):
    response = client.get("/api/search/", {"q": query, "lang": "bg"})

    assert response.status_code in (200, 400)
    assert ("results" in response.json()) or ("error" in response.json())


def test_only_get(client):
    assert client.post("/api/search/", {"q": "данък", "lang": "bg"}).status_code == 405


@pytest.mark.smoke
def test_suggest(client, services):
    response = client.get("/api/search/suggest/", {"q": "paying bu", "lang": "en"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["suggestions"]] == ["Paying building tax"]
    assert client.get("/api/search/suggest/", {"q": "", "lang": "en"}).json()["suggestions"] == []
    assert client.get("/api/search/suggest/", {"q": "pa", "lang": "xx"}).status_code == 400


@pytest.mark.smoke
def test_did_you_mean(client, services):
    # Two typos in seven letters: too far to search for (one typo within a word of 5–7 letters is
    # searched for, "дънаак" finds "данък"), near enough to suggest.
    data = client.get("/api/search/", {"q": "дънаакк", "lang": "bg"}).json()

    assert data["total"] == 0
    assert data["did_you_mean"] == "данък"
    assert client.get("/api/search/", {"q": data["did_you_mean"], "lang": "bg"}).json()["total"] > 0


def test_each_search_is_logged_without_who_searched(client, services):
    client.get("/api/search/", {"q": "Данък", "lang": "bg"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test/1.0")
    client.get("/api/search/", {"q": "нищонесъществуващо", "lang": "bg"})

    logged = list(SearchQueryLog.objects.order_by("pk").values("query", "language", "result_count", "hour"))
    assert [(row["query"], row["language"], row["result_count"] > 0) for row in logged] == [
        ("данък", "bg", True),
        ("нищонесъществуващо", "bg", False),
    ]
    assert all(row["hour"].minute == 0 and row["hour"].second == 0 for row in logged)
    field_names = {field.name for field in SearchQueryLog._meta.get_fields()}
    assert not field_names & {"ip", "address", "user", "session", "user_agent"}


def _queries_for(client, query):
    client.get("/api/search/", {"q": query, "lang": "ro"})  # warms the snapshot
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/search/", {"q": query, "lang": "ro"}).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_results(client, catalogue):
    for number in range(5):
        make_service(catalogue, f"Удостоверение номер {number}")
    few = _queries_for(client, "удостоверение")
    for number in range(5, 40):
        make_service(catalogue, f"Удостоверение номер {number}")
    many = _queries_for(client, "удостоверение")

    # The lexicon lookup, the postings, the page of versions and the log insert; with few
    # matches (≤ 30) also the feedback's two: the best matches' title keys and their ranking.
    assert many <= 5
    assert few <= many + 2
