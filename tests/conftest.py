"""Shared fixtures: the three locales, the three home pages and the site.

The test database is built by the migrations, as in production: Wagtail's create the root
page, ``home.0002`` creates the locales, the Bulgarian home page and the site, and the
``post_migrate`` handler of ``home.signals`` gives the Romanian and English trees their
aliases of the Bulgarian home page.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from wagtail.models import Locale, Page, Site

from tests import factories
from tests.factories import translated_versions
from tests.rendering import LANGUAGES


def _database_problem():
    """Why the configured database cannot be used, or ``None`` when it answers.

    The check connects to the server, not to the test database (which the session has yet
    to create), so it uses the same maintenance database Django uses to create it.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg

    host = database.get("HOST") or "localhost"
    port = database.get("PORT") or 5432
    try:
        psycopg.connect(
            dbname="postgres",
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=host,
            port=port,
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"PostgreSQL is not reachable at {host}:{port} (user {database.get('USER') or '-'}): {reason}; "
            "start it or set DATABASE_URL (the smoke part runs on SQLite: "
            "DATABASE_URL=sqlite:////tmp/bgro-smoke.sqlite3 pytest -m smoke)"
        )
    return None


def pytest_collection_finish(session):
    """Stop before the first test, with one readable line, when the database is down."""
    if not session.items or session.config.option.collectonly:
        return
    needs_database = any(
        item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ()) for item in session.items
    )
    if not needs_database:
        return
    problem = _database_problem()
    if problem:
        pytest.exit(problem, returncode=pytest.ExitCode.INTERNAL_ERROR)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads and renditions go to a temporary folder, never to the checkout's media/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _isolated_environment():
    """Each test starts with an empty cache and the same random seed and sequences."""
    cache.clear()
    factories.reseed()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fail_on_print(capsys):
    """Tests print nothing: output on stdout hides real warnings in the test log."""
    yield
    out = capsys.readouterr().out
    if out:
        pytest.fail(f"The test wrote to stdout:\n{out[:500]}", pytrace=False)


@pytest.fixture
def empty_cache():
    """An empty cache before and after the test: the public forms' rate limits count in it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Database access for module-scoped fixtures: pages that take seconds to build are built
    once for all the tests of a module, and everything is rolled back after its last test.

    Each test still runs in its own savepoint (the ``db`` fixture), so what one test writes
    is not seen by the next. Never combine with ``transactional_db``, which would flush it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        factories.reseed()
        yield
        transaction.set_rollback(True)


def get_locales():
    return {locale.language_code: locale for locale in Locale.objects.all()}


def get_home_pages(locales):
    from home.models import HomePage

    bulgarian = HomePage.objects.get(locale=locales["bg"], depth=2)
    pages = {"bg": bulgarian}
    for code in ("ro", "en"):
        pages[code] = HomePage.objects.get(locale=locales[code], translation_key=bulgarian.translation_key)
    return pages


@pytest.fixture
def locales(db):
    """The three locales the migrations create, by language code."""
    by_code = get_locales()
    assert sorted(by_code) == sorted(LANGUAGES)
    return by_code


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def home_pages(locales):
    """The Bulgarian home page and its Romanian and English aliases, by language code."""
    return get_home_pages(locales)


@pytest.fixture
def home_page(home_pages):
    """The Bulgarian home page: every page is created in the Bulgarian tree first."""
    return home_pages["bg"]


@pytest.fixture
def translated_home_pages(home_pages, locales):
    """The three home pages after translators have translated the Romanian and English aliases."""
    return translated_versions(home_pages["bg"], locales)


@pytest.fixture
def site(home_page):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home_page.id
    return site
