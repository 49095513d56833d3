"""Keyboard only: the skip link, the language switcher and a search from the header box to a
service page, with Tab and Enter and nothing else; and a check that axe-core does find a
violation where there is one (so its silence on the site's pages means something)."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import AXE
from tests.browser.site_content import SEARCH_WORD

pytestmark = pytest.mark.browser

MAX_TABS = 80

FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        className: element.className || "",
        href: element.href || "",
        hreflang: element.getAttribute("hreflang") || "",
        text: (element.innerText || element.value || "").trim().slice(0, 80),
    };
}"""


def tab_until(page, wanted, description):
    """Press Tab until ``wanted(focused element)``; fail after MAX_TABS stops."""
    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
        visited.append(f"{focused['tag']}#{focused['id']}.{focused['className']} {focused['text']!r}")
    pytest.fail(f"{description} not reached in {MAX_TABS} Tab presses; focus went to:\n" + "\n".join(visited))


@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(new_page, browser_site, language):
    page = new_page()
    page.goto(browser_site.paths["service-page"][language])

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "skip-link" in first["className"], f"first Tab stop: {first}"
    assert page.locator(".skip-link").is_visible(), "the skip link shows when it has focus"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab stop is inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_the_language_switcher_is_reached_and_followed_with_enter(new_page, browser_site):
    page = new_page()
    page.goto(browser_site.paths["service-index"]["bg"] + "?country=RO")

    tab_until(page, lambda focused: focused["hreflang"] == "ro", "the Romanian link of the language switcher")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate("document.documentElement.lang") == "ro"
    url = urlsplit(page.url)
    assert url.path == browser_site.paths["service-index"]["ro"]
    assert url.query == "country=RO", "the switcher keeps the filters"


def test_search_from_the_header_box_to_a_service_page(new_page, browser_site):
    page = new_page(width=375)
    page.goto(browser_site.paths["home"]["bg"])

    tab_until(page, lambda focused: focused["id"] == "header-search", "the header search box")
    page.keyboard.type(SEARCH_WORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/" in page.url

    result = tab_until(
        page,
        lambda focused: focused["tag"] == "a" and urlsplit(focused["href"]).path in browser_site.service_paths,
        "a link to a service among the results",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == urlsplit(result["href"]).path
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip() == result["text"]


def test_a_consultation_comment_is_written_and_sent_with_the_keyboard(new_page, browser_site):
    page = new_page()
    page.goto(browser_site.paths["consultation-page"]["bg"])

    tab_until(page, lambda focused: focused["id"] == "id_section", "the comment form's first field")
    page.keyboard.press("ArrowDown")  # the first numbered section
    for field_id, text in (("id_text", "Предлагам по-ниска такса."), ("id_author_name", "Мария"),
                           ("id_email", "maria@example.org")):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == field_id
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_accept_policy"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the honeypot is out of the tab order: next is the button
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text().strip() == "Проверете електронната си поща"



# --- Issue 15: a district of the digitalisation map, reached and followed with the keyboard ---
FOCUSED_LINK_TARGET = "() => document.activeElement.getAttribute('href') || ''"


def test_a_district_of_the_map_is_reached_and_followed_with_enter(new_page, browser_site):
    page = new_page()
    page.goto(browser_site.paths["digitalisation"]["ro"])
    ruse = "/ro/digitalisation/regions/Ruse/"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_LINK_TARGET) == ruse:
            break
    else:
        pytest.fail("Ruse on the map was not reached with Tab")
    assert page.evaluate("document.activeElement.closest('svg') !== null"), "the region on the map itself, not the table's link"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == ruse
    assert page.evaluate("document.documentElement.lang") == "ro"

def test_axe_reports_violations_where_there_are_some(new_page):
    page = new_page()
    page.set_content('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="#"></a></body></html>')
    page.add_script_tag(path=str(AXE))

    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")

    assert {"image-alt", "link-name", "html-has-lang"} <= {violation["id"] for violation in result["violations"]}
