"""The admin views this project adds, for editors: axe-core with the same WCAG 2.2 and
best-practice tags as the public pages (on the view's own content, ``main``: Wagtail's frame
around it is Wagtail's), and a keyboard journey: from the skip link to the view's main control
with Tab alone. Recorded for the accessibility statement before the tests assert."""

from urllib.parse import urlsplit

import pytest

from tests.browser import wcag22
from tests.browser.conftest import AXE, open_page
from tests.browser.results import record_admin_results, record_journeys
from tests.browser.site_content import EDITOR_PASSWORD, EDITOR_USERNAME

pytestmark = pytest.mark.browser

# View → (path, the role and name of the control a keyboard user must reach).
VIEWS = {
    "catalogue import": "/admin/catalogue/import/",
    "translation coverage dashboard": "/admin/translations/coverage/",
    "background jobs report": "/admin/reports/background-jobs/",
    "search report": "/admin/reports/search/",
    "accessibility feedback": "/admin/snippets/accessibility/accessibilityfeedback/",
}


def _axe_in_main(page):
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run({include: [['main']]}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        wcag22.AXE_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def _keyboard_reaches_main(page):
    """Tab stops from the top until one inside main; then every stop inside main until the last
    one, each of them visible: a keyboard user can get into and through the view."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.querySelector('main').contains(document.activeElement)"):
            break
    else:
        return ["no Tab stop inside main within 60 presses"]
    problems = []
    for _ in range(80):
        if not page.evaluate("document.querySelector('main').contains(document.activeElement)"):
            break
        visible = page.evaluate(
            "() => { const box = document.activeElement.getBoundingClientRect(); return box.width > 0 && box.height > 0; }"
        )
        if not visible:
            problems.append(f"invisible Tab stop: {page.evaluate('document.activeElement.outerHTML.slice(0, 80)')}")
        page.keyboard.press("Tab")
    return problems


@pytest.fixture(scope="module")
def admin_results(browser, browser_site, live_server):
    page = open_page(browser, live_server)
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(EDITOR_USERNAME)
    page.locator("input[name=password]").fill(EDITOR_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").first.click()
    results = {}
    for view, path in VIEWS.items():
        response = page.goto(path)
        if urlsplit(page.url).path != path:  # signed out, or the view moved: nothing to check
            response = None
        axe = _axe_in_main(page) if response and response.ok else [f"{path} did not open: {page.url}"]
        focus = wcag22.focus_indicator_problems(page)["problems"] if response else []
        page.goto(path)
        keyboard = _keyboard_reaches_main(page) if response else []
        results[view] = {"url": path, "axe": axe, "focus_visible": focus, "keyboard": keyboard}
    page.context.close()
    record_admin_results(
        [
            {
                "view": view,
                "url": found["url"],
                "problems": {"axe": found["axe"], "focus_visible": found["focus_visible"]},
            }
            for view, found in results.items()
        ]
    )
    record_journeys(
        "admin_keyboard",
        [{"journey": view, "url": found["url"], "problems": found["keyboard"]} for view, found in results.items()],
    )
    return results


@pytest.mark.parametrize("view", VIEWS)
def test_admin_view_passes_axe_and_shows_focus(admin_results, view):
    found = admin_results[view]

    assert not found["axe"], f"{found['url']}:\n" + "\n".join(found["axe"])
    assert not found["focus_visible"], f"{found['url']}:\n" + "\n".join(found["focus_visible"])


@pytest.mark.parametrize("view", VIEWS)
def test_admin_view_keyboard_journey(admin_results, view):
    found = admin_results[view]

    assert not found["keyboard"], f"{found['url']}:\n" + "\n".join(found["keyboard"])
