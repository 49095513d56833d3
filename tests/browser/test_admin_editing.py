"""Editing in the admin with Wagtail's autosave on (issue 18): an "add" form whose draft the
autosave has already created is saved onto that draft, never refused with "slug already in
use"; and the admin asks nothing of another origin (avatars are off)."""

import time
import uuid

import pytest

from tests.browser.conftest import open_page, sign_in_as_editor

pytestmark = pytest.mark.browser


def _database(monkeypatch):
    """Queries from this thread while Playwright's loop runs (tests/browser/conftest.py)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def news_index_id(browser_site, monkeypatch):
    from news.models import NewsIndexPage

    _database(monkeypatch)
    return NewsIndexPage.objects.get(slug="novini", locale__language_code="bg").pk


def test_submit_while_the_autosave_is_answered_saves_onto_the_autosaved_draft(
    browser, live_server, news_index_id, monkeypatch
):
    """The race the issue met: the autosave has created the draft on the server, its answer
    (which turns the form into the draft's edit form) has not reached the browser, and the
    editor presses Save draft. Playwright holds the autosave's answer back to make it certain."""
    page = open_page(browser, live_server)
    foreign = []
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith((live_server.url, "data:")) else None)
    sign_in_as_editor(page)
    add_url = f"/admin/pages/add/news/newspage/{news_index_id}/"
    held = []

    def hold_autosave_answer(route):
        if route.request.method == "POST" and "application/json" in (route.request.headers.get("accept") or ""):
            held.append((route, route.fetch()))  # the server has created the draft
        else:
            route.continue_()

    page.route(f"{live_server.url}{add_url}", hold_autosave_answer)
    page.goto(add_url)
    time.sleep(2.5)  # Wagtail's unsaved-changes watcher takes the form's first state after 2 s
    title = f"Autosave {uuid.uuid4().hex[:8]}"
    page.locator("#id_title").fill(title)
    page.locator("#id_lead").fill("A news item written while the autosave runs.")
    page.locator("#id_lead").press("Tab")
    deadline = time.monotonic() + 15
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert held, "the autosave did not run"

    with page.expect_navigation():
        page.locator("#page-edit-form button.action-save, footer button.action-save").first.click()
    errors = page.locator(".help-critical, .error-message").all_inner_texts()
    landed = page.url
    page.unroute_all(behavior="ignoreErrors")  # the held answer's page is gone: drop it
    page.context.close()

    from news.models import NewsPage

    _database(monkeypatch)
    created = NewsPage.objects.filter(title=title, alias_of__isnull=True)  # not its aliases in ro, en
    assert not [error for error in errors if error.strip()], errors
    assert created.count() == 1
    assert landed.endswith(f"/admin/pages/{created.get().pk}/edit/")
    assert created.get().lead == "A news item written while the autosave runs."
    assert not foreign, foreign


def test_dashboard_panels_pass_axe_and_ask_nothing_of_another_origin(browser, browser_site, live_server):
    from tests.browser import wcag22
    from tests.browser.conftest import AXE

    page = open_page(browser, live_server)
    foreign = []
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith((live_server.url, "data:")) else None)
    try:
        sign_in_as_editor(page)
        page.goto("/admin/")
        panels = page.locator("section.counts-panel")
        assert panels.count() >= 3  # review, translation, imports, searches (by permission)
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "tags => axe.run({include: [['section.counts-panel']]}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            wcag22.AXE_TAGS,
        )
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()

    assert not result["violations"], [violation["id"] for violation in result["violations"]]
    assert not foreign, foreign
