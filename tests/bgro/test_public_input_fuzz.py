"""No input makes a public endpoint answer 5xx or raise (issue 16): a property-based fuzz test.

Every public endpoint with the parameters it reads — pages of every type in every language (the
service finder's filters, the news index's tag, ``page``), their feeds, the search page, the
search and suggest APIs, the headless API's lists, details and ``find`` (pages, images,
documents), the CPSV-AP JSON-LD documents, the display screen and its slides, the sitemap,
documents, ``/health/`` — gets hostile values: numbers at and past every bound (the database's
integer ranges, int()'s 4,300 digits, the endpoints' own maxima), other digits than ASCII, text
with control characters, quotes and SQL, and the real values of the demo site (ids, slugs, codes)
so that the valid paths are walked too.

On PostgreSQL over the demo site (``load_demo``, built once and rolled back after), through
Django's test client, which raises what a view raises: at least ``FUZZ_REQUESTS`` (10,000)
requests a run. The examples are derandomized from a seed: ``FUZZ_SEED`` when set, otherwise the
commit (``git rev-parse HEAD``), so each commit tries new input and a failure replays with the
seed printed in the test's output (README, "Bad input").
"""

import json
import os
import subprocess
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from catalogue.models import InstitutionPage, LifeEvent, ServicePage
from search.models import EntryKind

ROOT = Path(__file__).resolve().parents[2]
FUZZ_REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "10000"))
LANGUAGES = ("bg", "ro", "en")


def fuzz_seed():
    """``FUZZ_SEED``, else the first 60 bits of the commit, else 0; and where it came from."""
    if os.environ.get("FUZZ_SEED"):
        return int(os.environ["FUZZ_SEED"]), "FUZZ_SEED"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        return int(commit[:15], 16), f"commit {commit[:12]}"
    except (OSError, subprocess.SubprocessError, ValueError):
        return 0, "no commit and no FUZZ_SEED"


SEED, SEED_SOURCE = fuzz_seed()
REPLAY = f"FUZZ_SEED={SEED} pytest {Path(__file__).relative_to(ROOT)}"


# --- Hostile values ------------------------------------------------------------------------------

BOUNDARY_NUMBERS = [
    "0", "1", "-1", "2", "10", "20", "21", "50", "51", "100", "1000000", "1000001", "20000", "20001",
    "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "18446744073709551616", "9" * 4300, "9" * 4301, "1" + "0" * 5000,
    "0" * 5000 + "1", "1e3", "1.5", "1,5", "0x10", "+5", " 5", "5 ", "-0", "NaN", "inf", "٣", "²", "１", "߁",
]  # fmt: skip
SYNTAX = [
    "", " ", '"', "'", "\\", "%", "_", "*", "?", "<script>", "&amp;", "\x00", "\x1b[31m", "\u202e", "\ufeff",
    "'; DROP TABLE wagtailcore_page; --", " OR 1=1", "title:*", "../../etc/passwd", "%00", "%2e%2e/",
    "true", "false", "null", "[]", "{}", "None",
]  # fmt: skip

digits = st.tuples(st.sampled_from("0123456789٣"), st.integers(1, 6000)).map(lambda pair: pair[0] * pair[1])
numbers = st.one_of(
    st.sampled_from(BOUNDARY_NUMBERS),
    st.integers(-(2**70), 2**70).map(str),
    st.integers(0, 200).map(str),
    digits,
)
texts = st.one_of(st.sampled_from(SYNTAX), st.text(max_size=30), st.text(alphabet="абвгșțăîâ-_ 0129", max_size=12))


@pytest.fixture(scope="module")
def demo_site(module_db):
    """The demo site (load_demo: every page type in three languages, images, documents, the
    search index of its pages)."""
    call_command("load_demo", stdout=StringIO())
    return site_inventory()


def site_inventory():
    """Each public page type's URL in each language, and the real values parameters take."""
    page_urls = []
    seen_types = set()
    for page in Page.objects.live().public().filter(depth__gte=2).specific().order_by("path"):
        key = (type(page).__name__, page.locale.language_code)
        if key in seen_types:
            continue
        seen_types.add(key)
        page_urls.append(page.get_url())
        if type(page).__name__ == "NewsIndexPage":
            page_urls += [page.get_url() + "rss/", page.get_url() + "atom/"]
    catalogue_ids = sorted(set(InstitutionPage.objects.values_list("catalogue_id", flat=True)))
    service_ids = sorted(set(ServicePage.objects.values_list("catalogue_id", flat=True)))
    page_ids = list(Page.objects.order_by("pk").values_list("pk", flat=True)[:40])
    known = {
        "page_id": [str(pk) for pk in page_ids],
        "image_id": [str(pk) for pk in get_image_model().objects.values_list("pk", flat=True)[:20]],
        "document_id": [str(pk) for pk in get_document_model().objects.values_list("pk", flat=True)[:20]],
        "institution_id": catalogue_ids,
        "service_id": service_ids,
        "tag": list(Tag.objects.values_list("slug", flat=True)[:20]),
        "life_event": sorted(set(LifeEvent.objects.values_list("slug", flat=True))),
    }
    assert len({type_name for type_name, _language in seen_types}) >= 10, seen_types
    return {"page_urls": page_urls, "known": known}


def endpoints(site):
    """(name, path strategy, {parameter: strategy of real values}) for every public endpoint."""
    known = site["known"]

    def real(*values):
        return st.sampled_from([value for value in values if value is not None] or [""])

    def segment(name):
        """A path segment: a real id, a hostile number or text (quoted for the URL)."""
        return st.one_of(real(*known[name]), numbers, texts).map(lambda value: quote(value, safe="") or "0")

    language = st.sampled_from(LANGUAGES)
    filters = {
        "country": real("BG", "RO", "bg", "DE"),
        "region": real("Ruse", "Giurgiu", "Vidin", "Dolj"),
        "institution": real(*known["institution_id"]),
        "audience": real("citizens", "businesses", "ngos"),
        "type": real(*EntryKind.values),
    }
    search = {"q": real("паспорт", "pasaport", "passport", "brak", "Русе", "naștere"), "lang": language, "page": real("1", "2"),
              "page_size": real("5", "50"), **filters}  # fmt: skip
    api_common = {"offset": real("0", "20"), "limit": real("1", "20"), "fields": real("*", "title", "-title", "_,id"),
                  "order": real("id", "-id", "title", "random"), "search": real("паспорт", "Ruse"),
                  "search_operator": real("and", "or")}  # fmt: skip
    pages_api = {
        **api_common,
        "type": real("catalogue.ServicePage", "catalogue.InstitutionPage", "news.NewsPage", "home.HomePage"),
        "locale": language,
        "child_of": real(*known["page_id"]),
        "descendant_of": real(*known["page_id"]),
        "ancestor_of": real(*known["page_id"]),
        "translation_of": real(*known["page_id"]),
        "id": real(*known["page_id"]),
        "catalogue_id": real(*known["service_id"]),
        "processing_days": real("0", "30"),
        "date": real("2025-06-30"),
        "rich_text_format": real("html"),
        "site": real("localhost"),
        "html_path": real("/bg/", "/ro/"),
    }
    page_params = {
        "page": real("1", "2"),
        "tag": real(*known["tag"]),
        "life_event": real(*known["life_event"]),
        "online": real("yes", "1", "true"),
        **filters,
    }
    return [
        ("page", st.sampled_from(site["page_urls"]), page_params),
        ("search page", language.map(lambda code: f"/{code}/search/"), search),
        ("search API", st.just("/api/search/"), search),
        ("suggest API", st.just("/api/search/suggest/"), {"q": search["q"], "lang": language}),
        ("pages API", st.just("/api/v2/pages/"), pages_api),
        ("page detail API", segment("page_id").map(lambda pk: f"/api/v2/pages/{pk}/"), pages_api),
        ("page find API", st.just("/api/v2/pages/find/"), pages_api),
        ("images API", st.just("/api/v2/images/"), {**api_common, "id": real(*known["image_id"])}),
        ("image detail API", segment("image_id").map(lambda pk: f"/api/v2/images/{pk}/"), api_common),
        ("documents API", st.just("/api/v2/documents/"), {**api_common, "id": real(*known["document_id"])}),
        ("document detail API", segment("document_id").map(lambda pk: f"/api/v2/documents/{pk}/"), api_common),
        ("document", segment("document_id").map(lambda pk: f"/documents/{pk}/file.pdf"), {}),
        ("CPSV-AP catalogue", st.just("/api/catalogue/cpsv-ap.jsonld"), {}),
        ("CPSV-AP service",
         segment("service_id").map(lambda value: f"/api/catalogue/services/{value}/cpsv-ap.jsonld"), {}),
        ("CPSV-AP institution",
         segment("institution_id").map(lambda value: f"/api/catalogue/institutions/{value}/cpsv-ap.jsonld"), {}),
        ("display", language.map(lambda code: f"/{code}/display/"), {}),
        ("display slides", language.map(lambda code: f"/{code}/display/slides.json"), {}),
        ("sitemap", st.just("/sitemap.xml"), {"p": real("1", "2")}),
        ("health", st.just("/health/"), {}),
    ]  # fmt: skip


def request_for(data, endpoint):
    """Draw a path and query parameters for ``endpoint``: known parameters with real or hostile
    values (sometimes repeated), now and then one it does not know."""
    name, paths, parameters = endpoint
    path = data.draw(paths, label="path")
    names = sorted(parameters) + ["unknown"]
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=5, unique=True), label="parameters")
    # The search endpoints answer 400 without a query and a language: give most requests real
    # ones, so the hostile values of the other parameters reach the engine.
    searching = "lang" in parameters and data.draw(st.integers(0, 3), label="with a query") > 0
    if searching:
        chosen = ["q", "lang", *(parameter for parameter in chosen if parameter not in ("q", "lang"))]
    params = {}
    for parameter in chosen:
        real_values = parameters.get(parameter, st.nothing())
        value = st.one_of(real_values, numbers, texts)
        if searching and parameter in ("q", "lang"):
            value = st.one_of(real_values, real_values, real_values, value)
        params[parameter] = data.draw(st.one_of(value, st.lists(value, min_size=2, max_size=3)), label=parameter)
    return name, path, params


def check_answer(name, path, params, response):
    assert response.status_code < 500, (
        f"{name}: GET {path} {params!r} answered {response.status_code}; replay: {REPLAY}"
    )
    content_type = response.get("Content-Type", "")
    if response.status_code == 400 and content_type.startswith("application/json"):
        body = json.loads(response.content)
        message = body.get("message") or body.get("error")
        assert isinstance(message, str) and message.strip(), f"{name}: a 400 without a reason: {body!r}"


@pytest.fixture(scope="module", autouse=True)
def _announce_seed(request):
    """The seed in the run's output (tests print nothing on stdout; the terminal reporter does)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past pytest's capture, to the terminal
            reporter.write_line(f"\npublic input fuzz: seed {SEED} ({SEED_SOURCE}); replay: {REPLAY}")


@pytest.mark.django_db
def test_no_input_makes_a_public_endpoint_fail(demo_site):
    client = Client(raise_request_exception=True)
    all_endpoints = endpoints(demo_site)
    sent = {}

    @seed(SEED)
    @settings(
        max_examples=FUZZ_REQUESTS,
        deadline=None,
        database=None,  # no .hypothesis/ folder; the seed replays a run
        derandomize=False,  # the seed does: a new one with each commit
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_request(data):
        endpoint = data.draw(st.sampled_from(all_endpoints), label="endpoint")
        name, path, params = request_for(data, endpoint)
        note(f"replay: {REPLAY}")
        response = client.get(path, params, HTTP_ACCEPT_LANGUAGE="ro")
        check_answer(name, path, params, response)
        sent[name] = sent.get(name, 0) + 1

    one_request()

    assert sum(sent.values()) >= FUZZ_REQUESTS, sent
    assert set(sent) == {name for name, _paths, _parameters in all_endpoints}, sent
