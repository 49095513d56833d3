"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)
against pytest-django's ``live_server``, with axe-core from node_modules injected into pages.

The pages are built once for all the browser tests (``browser_site``), committed so the live
server's thread sees them; afterwards the database is emptied and given back the content the
migrations made, as Django's ``serialized_rollback`` does, so the rest of the suite finds it as
it was. pytest-django's ``_live_server_helper`` would instead flush the database after every
test, throwing those pages away: it is replaced here by one that only applies the live
server's settings.

Playwright's sync API runs an asyncio loop in the test's thread; Django refuses database
queries from a thread with a running loop. The shared pages are built before the browser
starts and removed after it stops; a test or fixture that touches the database while it runs
sets DJANGO_ALLOW_ASYNC_UNSAFE=true, which lifts the check and is safe here because the loop
is Playwright's, not Django's. Such queries go through a second connection of the thread
(Django keeps a thread's connections apart while a loop runs in it), which ``browser``
closes before it stops the loop.

Without chromium or axe-core the tests are skipped with the reason, except when CI=true:
there they fail, so a CI run cannot pass without its browser tests.
"""

import mimetypes
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connections

from tests.browser.site_content import build_site
from tests.committed import committed_then_restored

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"


def _missing_tools():
    problems = []
    if not Path(CHROMIUM).is_file():
        problems.append(f"chromium is not installed ({CHROMIUM}); run bin/setup (apt-get install chromium)")
    if not AXE.is_file():
        problems.append(f"axe-core is not installed ({AXE.relative_to(ROOT)}); run bin/setup (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package is not installed; run bin/setup (pip install -e '.[test]')")
    return problems


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_tools():
    problems = _missing_tools()
    if problems:
        message = "browser tests cannot run: " + "; ".join(problems)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper without its per-test flush (see the module's docstring)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="package")
def browser_site(browser_tools, django_db_setup, django_db_blocker):
    """The pages of every type, committed; removed again after the browser tests."""
    with django_db_blocker.unblock(), committed_then_restored():
        yield build_site()


@pytest.fixture(scope="package")
def browser(browser_site, browser_tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # No sandbox: the suite may run as root in a container, where chromium's sandbox cannot start.
        chromium = playwright.chromium.launch(executable_path=browser_tools, args=["--no-sandbox"])
        yield chromium
        chromium.close()
        # While Playwright's loop counts as running in this thread (between its sync calls),
        # asgiref gives Django's connections a storage of their own: what the tests queried
        # then went through a second connection, reachable only from here. Closed now, or it
        # holds the test database open and dropping it fails ("being accessed by other users").
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # close() is refused in a loop otherwise
            connections.close_all()


def _serve_media(route):
    """Uploads and renditions straight from MEDIA_ROOT: the test settings do not serve media."""
    relative = urlsplit(route.request.url).path.removeprefix(settings.MEDIA_URL)
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.is_file():
        route.fulfill(status=404, body="")
        return
    route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "")


def open_page(browser, live_server, width=1280, height=900):
    """A fresh tab on the live server, in a context of its own (no shared cookies or cache)."""
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    context.route(f"{live_server.url}{settings.MEDIA_URL}**", _serve_media)
    return context.new_page()


@pytest.fixture
def new_page(browser, live_server):
    """A function giving a fresh tab (1280 px wide by default) on the live server."""
    pages = []

    def make(width=1280, height=900):
        pages.append(open_page(browser, live_server, width, height))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()


def sign_in_as_editor(page):
    """Sign in through the admin's login form as the browser site's editor (site_content)."""
    from tests.browser.site_content import EDITOR_PASSWORD, EDITOR_USERNAME

    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(EDITOR_USERNAME)
    page.locator("input[name=password]").fill(EDITOR_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


def forget_rate_limits():
    """The public forms count submissions per address in the cache (locmem in the tests, shared
    with the live server's thread); the browser tests send from one address many times."""
    from django.core.cache import cache

    cache.clear()


def screenshot_path(name):
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / name
