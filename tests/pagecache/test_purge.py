"""Purged on publish: a visitor sees the change on the next request, in every language, on the
page and on the pages that show it; unrelated pages stay cached. The front cache (a real HTTP
server standing in for nginx) receives a PURGE for each affected URL."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from wagtail.models import Site

from bgro.models import SiteInformation
from catalogue.importer import CatalogueImporter
from catalogue.models import ServicePage
from pagecache import site_version
from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    translate,
    translated_versions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pages(module_db):
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    news_index = NewsIndexPageFactory(parent=home)
    translated_versions(news_index, locales)
    news = NewsPageFactory(parent=news_index, title="Open day in Ruse")
    other_news = NewsPageFactory(parent=news_index, title="Kick-off meeting")
    about = StandardPageFactory(parent=home, title="About")
    team = StandardPageFactory(parent=about, title="Team")
    partners = StandardPageFactory(parent=about, title="Partners")
    return {
        "locales": locales,
        "home": home,
        "news_index": news_index,
        "news": news,
        "other_news": other_news,
        "about": about,
        "team": team,
        "partners": partners,
    }


def _fresh(page):
    """A copy from the database: the module's objects must not carry one test's changes into the next."""
    return type(page).objects.get(pk=page.pk)


def _warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def _cached(client, url):
    return client.get(url).get("X-Page-Cache") == "hit"


def _publish(page, django_capture_on_commit_callbacks, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_publishing_purges_the_page_its_listings_and_home_in_every_language(
    client, pages, page_cache, django_capture_on_commit_callbacks
):
    news = _fresh(pages["news"])
    aliases = [news.get_translation(pages["locales"][code]) for code in ("ro", "en")]
    unrelated = [pages["about"].url, pages["other_news"].url, pages["team"].url]
    _warm(client, news.url, *(alias.url for alias in aliases), pages["news_index"].url, "/bg/", "/ro/", *unrelated)
    _warm(client, pages["news_index"].url + "rss/", "/sitemap.xml", f"/api/v2/pages/{news.pk}/")

    _publish(news, django_capture_on_commit_callbacks, title="Open day in Ruse, moved to Friday")

    assert "moved to Friday" in client.get(news.url).content.decode()
    for alias in aliases:  # the Romanian and English trees show the Bulgarian text until translated
        assert "moved to Friday" in client.get(alias.url).content.decode()
    assert "moved to Friday" in client.get(pages["news_index"].url).content.decode()
    assert "moved to Friday" in client.get(pages["news_index"].url + "rss/").content.decode()
    assert "moved to Friday" in client.get(f"/api/v2/pages/{news.pk}/").content.decode()
    assert not _cached(client, "/sitemap.xml")
    assert not _cached(client, "/ro/")
    for url in unrelated:
        assert _cached(client, url), url


def test_translating_purges_the_new_translation_and_the_source(
    client, pages, page_cache, django_capture_on_commit_callbacks
):
    news = _fresh(pages["news"])
    romanian_alias = news.get_translation(pages["locales"]["ro"])
    _warm(client, news.url, romanian_alias.url, pages["about"].url)
    with django_capture_on_commit_callbacks(execute=True):
        romanian = translate(news, pages["locales"]["ro"])
    assert "[ro]" in client.get(romanian.url).content.decode()
    # The Bulgarian page now announces its Romanian translation (hreflang).
    assert re.search(f'hreflang="ro" href="[^"]*{romanian.url}"', client.get(news.url).content.decode())
    assert _cached(client, pages["about"].url)


def test_unpublishing_and_deleting_take_the_page_off_its_listing(
    client, pages, page_cache, django_capture_on_commit_callbacks
):
    news, other = _fresh(pages["news"]), _fresh(pages["other_news"])
    _warm(client, news.url, other.url, pages["news_index"].url, pages["team"].url)
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    assert client.get(news.url).status_code == 404
    assert news.title not in client.get(pages["news_index"].url).content.decode()
    assert _cached(client, pages["team"].url)

    _warm(client, other.url, pages["news_index"].url)
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert client.get(other.url).status_code == 404
    assert other.title not in client.get(pages["news_index"].url).content.decode()
    assert _cached(client, pages["team"].url)


def test_moving_purges_the_old_and_the_new_place(client, pages, page_cache, django_capture_on_commit_callbacks):
    team, partners = _fresh(pages["team"]), _fresh(pages["partners"])
    old_url = team.url
    _warm(client, old_url, partners.url, pages["about"].url, pages["news"].url)
    with django_capture_on_commit_callbacks(execute=True):
        team.move(partners, pos="last-child")
    team.refresh_from_db()
    assert client.get(old_url).status_code == 301  # Wagtail's redirect from the old place
    assert client.get(team.url).status_code == 200
    assert not _cached(client, partners.url)
    assert _cached(client, pages["news"].url)


def test_a_catalogue_import_purges_what_it_changed(client, pages, page_cache, django_capture_on_commit_callbacks):
    def catalogue(title):
        return {
            "format": "bgro-catalogue/1",
            "institutions": [
                {
                    "id": "cache-test-municipality",
                    "type": "municipality",
                    "country": "BG",
                    "region": "Ruse",
                    "source_language": "bg",
                    "name": {"bg": "Община Тест", "ro": "Primăria Test"},
                }
            ],
            "services": [
                {
                    "id": "cache-test-service",
                    "institution": "cache-test-municipality",
                    "source_language": "bg",
                    "audience": ["citizens"],
                    "channels": ["in-person"],
                    "title": {"bg": title, "ro": "Certificat de test"},
                    "summary": {"bg": "Кратко описание.", "ro": "Descriere scurtă."},
                }
            ],
        }

    with django_capture_on_commit_callbacks(execute=True):
        CatalogueImporter(catalogue("Удостоверение за тест")).run()
    services = {s.locale.language_code: s for s in ServicePage.objects.filter(catalogue_id="cache-test-service")}
    index_url = services["bg"].get_parent().url
    _warm(client, services["bg"].url, services["ro"].url, index_url, pages["about"].url)
    _warm(client, "/api/catalogue/services/cache-test-service/cpsv-ap.jsonld")

    with django_capture_on_commit_callbacks(execute=True):
        CatalogueImporter(catalogue("Удостоверение за проверка")).run()
    assert "Удостоверение за проверка" in client.get(services["bg"].url).content.decode()
    assert "Удостоверение за проверка" in client.get(index_url).content.decode()
    assert not _cached(client, services["ro"].url)
    assert not _cached(client, "/api/catalogue/services/cache-test-service/cpsv-ap.jsonld")
    assert _cached(client, pages["about"].url)


def test_site_settings_purge_every_page(client, pages, page_cache, django_capture_on_commit_callbacks):
    _warm(client, pages["about"].url, pages["news"].url)
    with django_capture_on_commit_callbacks(execute=True):
        SiteInformation.for_site(Site.objects.get(is_default_site=True)).save()
    assert not _cached(client, pages["about"].url)
    assert not _cached(client, pages["news"].url)


class _RecordingFrontCache(BaseHTTPRequestHandler):
    """Stands in for nginx's purge server: answers 200 and records what it was asked to purge."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingFrontCache)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_address[1]}"
    backend = {"nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": location}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        yield server.purged
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_front_cache_is_sent_a_purge_for_each_affected_url(
    pages, page_cache, front_cache, django_capture_on_commit_callbacks
):
    news = _fresh(pages["news"])
    _publish(news, django_capture_on_commit_callbacks, title="Open day, with a purge")
    purged = set(front_cache)
    root = "http://localhost"  # the default site's root URL in the test database
    for code in ("bg", "ro", "en"):
        version = news.get_translation(pages["locales"][code])
        assert root + version.url in purged
        assert root + version.get_parent().url in purged  # the news index of that language
        assert f"{root}/{code}/" in purged
    assert root + pages["news_index"].url + "rss/" in purged
    assert root + "/sitemap.xml" in purged
    assert root + pages["about"].url not in purged


def test_an_edited_image_purges_every_page_and_a_new_one_nothing(
    client, pages, page_cache, django_capture_on_commit_callbacks
):
    _warm(client, pages["about"].url, pages["news"].url)
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(title="Danube bridge")
    assert _cached(client, pages["about"].url)  # a new image is on no page yet

    version = site_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Danube bridge at Ruse"  # what an edit in the admin (alt text, a new file) saves
        image.save()
    assert site_version.current() != version
    assert not _cached(client, pages["about"].url)
    assert not _cached(client, pages["news"].url)


def test_an_image_file_hash_filled_in_by_wagtail_purges_nothing(
    client, pages, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(title="Port of Giurgiu")
    _warm(client, pages["about"].url)
    with django_capture_on_commit_callbacks(execute=True):
        image.file_hash = "0" * 40
        image.save(update_fields=["file_hash"])
    assert _cached(client, pages["about"].url)


def test_a_deleted_image_purges_every_page(client, pages, page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(title="Old photo")
    _warm(client, pages["about"].url)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not _cached(client, pages["about"].url)
