"""Issue 18 in the real browser: what a new visitor, translator and developer tripped on, one
section per item of the issue, each asserting what the browser shows so that it stays fixed.

Covered elsewhere (not repeated here):
- item 6, add forms with autosave on, no request to another origin from the admin, the
  dashboard's panels: test_admin_editing.py;
- item 8, the search filters before the results on a phone: test_search_filters.py.

The few records these tests need beyond the shared browser site (a translation published in
part, a page with an old Cyrillic slug, a news item of 2 December, a tax service with its English
translation) are made by ``papercuts`` for this module and deleted after it.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import closing
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.conftest import forget_rate_limits, open_page, screenshot_path, sign_in_as_editor

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OLD_SLUG = "стара-страница"
UNTRANSLATED_TAG = "цифровизация"
NOTICE = "Unele părți ale acestei pagini nu sunt încă traduse în limba română; ele sunt afișate în limba bulgară."


@pytest.fixture(scope="module")
def papercuts(browser_site, django_db_blocker):
    """The module's own records (committed, as the shared site is), deleted afterwards."""
    from io import StringIO

    from wagtail.models import Locale, Page

    from bgro.slugs import latin_slug
    from catalogue.models import ServiceIndexPage
    from home.models import HomePage
    from news.models import NewsIndexPage
    from search.engine import index_changed
    from search.models import LexiconEntry
    from tests.factories import NewsPageFactory, ServicePageFactory, StandardPageFactory, translate
    from tests.translations.test_partial_translations import publish_in_part

    def news_index_of(locale):
        return NewsIndexPage.objects.get(locale=locale, slug="novini")

    # Playwright's loop runs in this thread once a browser test has started (conftest.py).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with django_db_blocker.unblock():
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        home = HomePage.objects.get(locale=locales["bg"], depth=2)

        # Item 1: a Romanian translation published with its title translated, its
        # introduction and body left in Bulgarian.
        partial = StandardPageFactory(
            parent=home, title="Частично преведена", slug="chastichno", introduction="Въведение."
        )
        romanian = publish_in_part(partial, locales["ro"], lambda path: path in ("title", "slug"), _on_commit)

        # Item 2: a tag seen only on a news item that has no Romanian or English translation.
        untranslated_news = news_index_of(locales["bg"]).get_children().get(slug="novina-1").specific
        untranslated_news.tags.add(UNTRANSLATED_TAG)
        untranslated_news.save_revision().publish()

        # Item 3: a page made before slugs were Latin, renamed by latinise_slugs.
        old = StandardPageFactory(parent=home, title="Стара страница", slug="stara")
        old.slug = OLD_SLUG
        old.save(clean=False)
        old.save_revision().publish()
        call_command("latinise_slugs", stdout=StringIO())

        # Item 5: a day below ten, which Bulgarian once wrote with a leading zero.
        news_index = news_index_of(locales["bg"])
        dated = NewsPageFactory(parent=news_index, title="Ден на отворените врати", slug="den", date=date(2026, 12, 2))
        translate(dated, locales["ro"])

        # Item 8: a tax service whose English text has the words the issue saw highlighted.
        service_index = ServiceIndexPage.objects.get(locale=locales["bg"], slug="uslugi")
        tax = ServicePageFactory(
            parent=service_index,
            title="Местен данък върху имотите",
            slug="mesten-danak",
            summary="Данъкът се плаща с карта; квитанцията се изпраща по пощата.",
        )
        english_tax = translate(tax, locales["en"])
        english_tax.title = "Local tax on property"
        english_tax.summary = "Paying the tax: payment by card; the fee and the proof of payment are sent by post."
        english_tax.save_revision().publish()
        # The translation memory once aligned "tax" with "payment": the engine may use it, the marks must not.
        alignment = LexiconEntry.objects.create(source_key="tax", target_key="payment", score=0.9)
        index_changed()
        forget_rate_limits()  # the site's version and cached chrome start afresh
        content = {
            "partial": {"bg": partial.url, "ro": romanian.url},
            "old_url": "/bg/" + quote(OLD_SLUG) + "/",
            "new_url": f"/bg/{latin_slug(OLD_SLUG)}/",
            "dated": {"bg": dated.url, "ro": dated.get_translation(locales["ro"]).url},
        }
    try:
        yield content
    finally:
        with django_db_blocker.unblock():
            alignment.delete()
            untranslated_news.tags.remove(UNTRANSLATED_TAG)
            untranslated_news.save_revision().publish()
            for page in (partial, old, dated, tax):
                for version in Page.objects.filter(translation_key=page.translation_key).order_by("-depth"):
                    version.specific.delete()
            index_changed()
            forget_rate_limits()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class _on_commit:
    """publish_in_part's ``on_commit``: in autocommit the callbacks run at once anyway."""

    def __init__(self, execute=True):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _lang_of(page, selector):
    return page.locator(selector).first.get_attribute("lang")


# --- Item 1: every text carries its language; a page published in part says so ---


def test_a_translation_published_in_part_says_so_and_marks_its_bulgarian_parts(new_page, papercuts):
    page = new_page()
    page.goto(papercuts["partial"]["ro"])

    assert page.locator("html").get_attribute("lang") == "ro"
    notice = page.locator("main .notice, .notice").first
    assert " ".join(notice.inner_text().split()) == NOTICE
    assert _lang_of(page, "main h1") is None  # the translated title is Romanian
    lead = page.locator("main p.lead").first
    assert lead.inner_text() == "Въведение." and lead.get_attribute("lang") == "bg"
    # The body's blocks (all left untranslated) are each marked too. (The test content's
    # "translated" title is the source's with a prefix: Cyrillic, not a part to mark.)
    body_blocks = page.evaluate(
        """() => [...document.querySelectorAll('main h2, main p, main blockquote')]
            .filter(el => !el.closest('.notice') && !el.matches('p.lead') && el.textContent.trim())
            .map(el => el.closest('[lang]').getAttribute('lang'))"""
    )
    assert body_blocks and set(body_blocks) == {"bg"}, body_blocks


def test_the_source_page_has_no_notice(new_page, papercuts):
    page = new_page()
    page.goto(papercuts["partial"]["bg"])
    assert page.locator(".notice").count() == 0


# --- Item 2: everything visible in a language is in it or marked ---


UNTRANSLATED_SERVICE = "Разрешение за търговия на открито"  # an alias in ro and en (site_content.py)


@pytest.mark.parametrize("language", ["ro", "en"])
def test_service_list_marks_an_untranslated_service_with_lang_and_a_badge(new_page, browser_site, language):
    page = new_page()
    page.goto(browser_site.paths["service-index"][language])

    title = page.locator(".result__title a", has_text=UNTRANSLATED_SERVICE)
    assert title.get_attribute("lang") == "bg"
    badge = title.locator("xpath=ancestor::li[1]").locator(".language-badge")
    assert badge.count() == 1
    assert badge.get_attribute("lang") is None  # the badge itself is in the page's language


@pytest.mark.parametrize("language", ["ro", "en"])
def test_a_tag_of_an_untranslated_news_item_is_marked_bulgarian(new_page, browser_site, papercuts, language):
    page = new_page()
    page.goto(browser_site.paths["news-index"][language])

    tag = page.locator(".tag-list .tag-link", has_text=UNTRANSLATED_TAG)
    assert tag.count() == 1
    assert tag.get_attribute("lang") == "bg"


# --- Item 3: Latin slugs; the old Cyrillic addresses redirect ---


def test_an_old_cyrillic_address_redirects_to_the_latin_one(new_page, papercuts):
    page = new_page()
    response = page.goto(papercuts["old_url"])

    assert response.ok
    assert page.url.endswith(papercuts["new_url"]), page.url
    assert page.locator("main h1").inner_text() == "Стара страница"


def _slug_of_news_added_in_the_admin(browser, live_server):
    """Add a news item titled in Cyrillic in the admin's form: the slug the script made, and
    the one it was saved with."""
    from news.models import NewsIndexPage

    news_index_id = NewsIndexPage.objects.get(slug="novini", locale__language_code="bg").pk
    page = open_page(browser, live_server)
    try:
        sign_in_as_editor(page)
        page.goto(f"/admin/pages/add/news/newspage/{news_index_id}/")
        page.locator("#id_title").fill("Щастливи граждани в Русе")
        page.locator("#id_lead").fill("Новина, написана на кирилица.")
        page.locator("#id_title").press("End")  # a key typed: the slug widget's script syncs the slug
        deadline = time.monotonic() + 10  # (the admin's CSP refuses wait_for_function's eval)
        while not page.locator("#id_slug").input_value() and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        typed_slug = page.locator("#id_slug").input_value()
        if os.environ.get("BROWSER_SCREENSHOTS") == "1":
            panel = page.evaluate("document.querySelector('#id_slug').closest('[role=tabpanel]')?.id || ''")
            if panel:
                page.locator(f'[aria-controls="{panel}"]').first.click()
            page.locator("#id_slug").scroll_into_view_if_needed()
            page.screenshot(path=screenshot_path("admin-news-slug-before-saving.png"))
        with page.expect_navigation():
            page.locator("#page-edit-form button.action-save, footer button.action-save").first.click()
        slug = page.locator("#id_slug").input_value()
        created_path = page.url
    finally:
        page.context.close()

    _delete_page(int(created_path.rstrip("/").split("/")[-2]))
    assert "/edit/" in created_path
    return typed_slug, slug


def test_news_titled_in_cyrillic_gets_a_latin_slug_in_the_admin(browser, live_server, papercuts):
    typed_slug, slug = _slug_of_news_added_in_the_admin(browser, live_server)
    # The script keeps the title's letters; saving gives the official system's (щ → sht), not
    # the Russian-based table of Wagtail's script (щ → shh).
    assert typed_slug == "щастливи-граждани-в-русе"
    assert slug == "shtastlivi-grazhdani-v-ruse"


def _delete_page(pk):
    from wagtail.models import Page

    for version in Page.objects.filter(translation_key=Page.objects.get(pk=pk).translation_key).order_by("-depth"):
        version.specific.delete()


# --- Item 4: absolute links at the served address; robots.txt, icons, security.txt ---


@pytest.fixture
def site_at_live_server(live_server, browser_site, monkeypatch):
    """The Site record pointed at the live server, as bin/run does for the development server."""
    from wagtail.models import Site

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    site = Site.objects.get(is_default_site=True)
    before = (site.hostname, site.port)
    call_command("set_site_address", live_server.url, verbosity=0)
    forget_rate_limits()
    yield live_server.url
    site.refresh_from_db()
    site.hostname, site.port = before
    site.save(update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()
    forget_rate_limits()


def test_canonical_and_hreflang_links_use_the_served_address(new_page, browser_site, site_at_live_server):
    page = new_page()
    page.goto(browser_site.paths["news-page"]["ro"])

    links = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=canonical], link[rel=alternate][hreflang]')].map(l => l.href)"
    )
    assert len(links) >= 4  # canonical, bg, ro, en (and x-default)
    assert all(link.startswith(site_at_live_server + "/") for link in links), links


def test_robots_txt_points_at_the_sitemap_at_the_served_address(new_page, site_at_live_server):
    page = new_page()
    response = page.goto("/robots.txt")

    assert response.status == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert f"Sitemap: {site_at_live_server}/sitemap.xml" in response.text()
    assert "Disallow: /admin/" in response.text()


@pytest.mark.parametrize("path", ["/favicon.ico", "/apple-touch-icon.png", "/.well-known/security.txt"])
def test_the_root_files_browsers_and_researchers_ask_for_are_served(new_page, browser_site, path):
    page = new_page()
    response = page.request.get(path)  # a navigation to an icon is a download to chromium

    assert response.status == 200, path
    if path.endswith("security.txt"):
        assert "Contact:" in response.text() and "Expires:" in response.text()
    else:
        assert response.headers["content-type"].startswith("image/"), response.headers["content-type"]


# --- Item 5: dates in each language's form ---


@pytest.mark.parametrize(("language", "expected"), [("bg", "2 декември 2026 г."), ("ro", "2 decembrie 2026")])
def test_dates_have_lower_case_months_and_no_leading_zero(new_page, papercuts, language, expected):
    page = new_page()
    page.goto(papercuts["dated"][language])

    shown = page.locator("main time[datetime='2026-12-02']").first.inner_text()
    assert shown.replace("\u202f", " ") == expected  # CLDR puts a narrow no-break space before „г.“


# --- Item 7: make run shows the site's own 404 ---


def _free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_command_of_bin_run():
    """The line of bin/run that starts the development server (its DEBUG default included)."""
    lines = [line for line in (ROOT / "bin" / "run").read_text().splitlines() if "manage.py runserver" in line]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def dev_server(browser_site, live_server):
    """The development server started by bin/run's own command line, with the development
    settings, on the browser tests' database. (``live_server`` is not visited: asking for it
    is what makes pytest-django create the test database when this test runs alone.)"""
    address = f"127.0.0.1:{_free_port()}"
    database = settings.DATABASES["default"]
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(
        VENV_PYTHON=shutil.which("python", path=str(Path(os.sys.executable).parent)) or os.sys.executable,
        address=address,
        DJANGO_SETTINGS_MODULE="bgro.settings.dev",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    )
    if database["ENGINE"].endswith("postgresql"):
        environment["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        )
    else:
        pytest.skip("the development server needs the PostgreSQL test database to share the pages")
    server = subprocess.Popen(
        ["bash", "-c", _run_command_of_bin_run()],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://{address}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/robots.txt", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            pytest.fail("the development server did not start")
        yield url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_make_run_shows_the_sites_own_404(browser, dev_server):
    context = browser.new_context(base_url=dev_server)
    page = context.new_page()
    try:
        response = page.goto("/ro/no-such-page/")
        status = response.status
        text = page.locator("body").inner_text()
        lang = page.locator("html").get_attribute("lang")
        header = page.locator("header").count()
        stylesheets_ok = page.evaluate("() => [...document.styleSheets].length")
    finally:
        context.close()

    assert status == 404
    assert "URLconf" not in text and "DEBUG = True" not in text  # not Django's debug page
    assert lang == "ro" and header >= 1  # the site's page, in the visitor's language
    assert stylesheets_ok >= 1  # --insecure serves the static files without DEBUG


# --- Item 8: highlighting marks the query's words; partners from one record ---


def test_highlighting_marks_tax_not_payment_fee_or_proof(new_page, papercuts):
    page = new_page()
    page.goto("/en/search/?q=tax")

    marks = {text.casefold() for text in page.locator("main mark").all_inner_texts()}
    assert "tax" in marks
    assert not marks & {"paying", "payment", "fee", "proof"}, marks


def test_the_lead_partner_has_one_name_on_the_home_page_footer_and_privacy_notice(new_page, browser_site):
    page = new_page()
    names = set()
    for path in (browser_site.paths["home"]["bg"], browser_site.paths["privacy"]["bg"]):
        page.goto(path)
        names |= set(page.locator("footer strong").all_inner_texts())
        if path == browser_site.paths["home"]["bg"]:
            home_names = page.locator(".partner-list").inner_text()
    assert names == {"Областна администрация Русе"}
    assert "Областна администрация Русе" in home_names


# --- Item 9: the glossary holds the fixed forms and the forms to avoid ---


def test_translators_see_a_terms_forms_to_avoid_in_the_glossary(browser, live_server, browser_site, monkeypatch):
    from search.models import GlossaryTerm

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    term = GlossaryTerm.objects.get(term_ro="Primăria Municipiului Giurgiu")
    page = open_page(browser, live_server)
    try:
        sign_in_as_editor(page)
        page.goto(f"/admin/snippets/search/glossaryterm/edit/{term.pk}/")
        bulgarian = page.locator("#id_term_bg").input_value()
        avoid = page.locator("#id_avoid_bg").input_value()
    finally:
        page.context.close()

    assert bulgarian == "Община Гюргево"
    assert "Кметство на град Гюргево" in avoid.splitlines()
