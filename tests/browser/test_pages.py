"""Every page type in Bulgarian, Romanian and English, in a real browser (chromium).

One walk loads each page once and records what the tests then check: axe-core's WCAG 2.2
A/AA and best-practice violations (at 1280 px, and at 375 px in Bulgarian), the number of h1
elements, the ``lang`` of the document, console errors, the CSS and JavaScript the page loads
(gzip size) and every request it makes; and the WCAG 2.2 criteria axe-core cannot decide
(tests/browser/wcag22.py): a visible, uncovered focus indicator on every focusable element
(1280 px), no horizontal scrolling at 200 % zoom (640 px) and at 320 px, where the text-spacing
override must clip nothing. With BROWSER_SCREENSHOTS=1, screenshots at 1280 and 375 px go to
``screenshots/`` (git-ignored) for people to look at (off by default, to keep the run short). The results go to a JSON file (tests/browser/results.py)
from which ``publish_accessibility_statement`` builds the accessibility statement.
"""

import gzip
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.browser import wcag22
from tests.browser.conftest import AXE, forget_rate_limits, open_page, screenshot_path
from tests.browser.results import record_page_results
from tests.browser.site_content import LANGUAGES

pytestmark = pytest.mark.browser

PAGE_TYPES = (
    "home",
    "standard-page",
    "institution-index",
    "institution-page",
    "service-index",
    "service-index-filtered",
    "service-page",
    "news-index",
    "news-page",
    "deliverable-index",
    "deliverable-page",
    "consultation-index",
    "consultation-page",
    "consultation-concluded",
    "comment-policy",
    "search",
    "not-found",
    "display",
    "privacy",
    "alerts",
    "accessibility-statement",
    # Issue 15
    "network-directory",
    "network-member",
    "network-join",
    "digitalisation",
    "digitalisation-region",
    "network-agreements",
    # Issue 19: the states of the public forms and the pages their e-mails lead to
    "alerts-subscribe-errors",
    "alerts-check-mailbox",
    "alerts-confirm",
    "alerts-manage",
    "alerts-unsubscribe",
    "link-not-valid",
    "page-feedback-errors",
    "page-feedback-thanks",
    "consultation-comment-errors",
    "consultation-comment-confirm",
    "network-join-errors",
    "network-join-received",
    "accessibility-feedback",
    "accessibility-feedback-errors",
    "search-filtered",
    "search-no-results",
)
AXE_TAGS = wcag22.AXE_TAGS
WIDTHS = (1280, 375)
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS") == "1"
WEIGHT_LIMIT = 100 * 1024  # bytes of CSS and JavaScript per page, gzip-compressed


@dataclass
class Visit:
    url: str
    status: int = 0
    lang: str = ""
    h1_count: int = 0
    violations: list = field(default_factory=list)  # "width: rule (impact): target …"
    console_errors: list = field(default_factory=list)
    assets: dict = field(default_factory=dict)  # URL of each stylesheet and script → gzip bytes
    foreign_requests: list = field(default_factory=list)
    focusable_checked: int = 0
    focus_problems: list = field(default_factory=list)  # 2.4.7, 2.4.11
    reflow_problems: list = field(default_factory=list)  # 1.4.10 at 320 px, 1.4.4 at 640 px
    text_spacing_problems: list = field(default_factory=list)  # 1.4.12


def _axe_violations(page, width):
    # Evaluated through the DevTools protocol: a <script> tag would be inline code, which the
    # pages' Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS
    )
    return [
        f"{width}px: {violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


SUBMIT = """form => {
    form.noValidate = true;
    form.requestSubmit(form.querySelector('button[type=submit], button:not([type])'));
}"""


def _arrive(page, path, action):
    """Open ``path``; then send its form or follow its link as ``action`` says. The response of
    the last navigation."""
    response = page.goto(path, wait_until="load")
    if action is None:
        return response
    # The public forms' rate limits count per address, and every request here comes from one.
    forget_rate_limits()
    with page.expect_navigation(wait_until="load") as navigation:
        if action.follow:
            page.locator(action.follow).first.click()
        else:
            form = page.locator(action.form).first
            for selector, value in action.fields:
                form.locator(selector).fill(value)
            # The server's answer is what is checked: the browser's own validation (a required
            # radio button) is switched off, as old browsers and some assistive tools do. And
            # requestSubmit sends the button's own name and value, as a click does.
            form.evaluate(SUBMIT)
    return navigation.value


def _visit(new_page, origin, page_type, language, path, action=None, expected_status=200):
    page = new_page(WIDTHS[0])
    visit = Visit(url=path)

    def on_console(message):
        if message.type != "error":
            return
        # Chromium reports the 4xx of the page itself as a console error: that is the page's point.
        if expected_status != 200 and str(expected_status) in message.text:
            return
        visit.console_errors.append(message.text)

    def on_response(response):
        request = response.request
        if request.resource_type in ("stylesheet", "script") and response.ok:
            visit.assets[response.url] = len(gzip.compress(response.body(), compresslevel=9))

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and f"{parts.scheme}://{parts.netloc}" != origin:
            visit.foreign_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("request", on_request)
    page.on("response", on_response)

    response = _arrive(page, path, action)
    visit.status = response.status if response else 0
    assert visit.status == expected_status, f"{path} ({page_type}): {visit.status}"
    visit.lang = page.evaluate("document.documentElement.lang")
    visit.h1_count = page.locator("h1").count()
    name = f"{page_type}-{language}"
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 800})
        # The DOM is the same at every width; Bulgarian is checked at both, the others at one (time).
        if width == WIDTHS[0] or language == "bg":
            visit.violations += _axe_violations(page, width)
        if width == WIDTHS[0]:
            focus = wcag22.focus_indicator_problems(page)
            visit.focusable_checked, visit.focus_problems = focus["checked"], focus["problems"]
        if SCREENSHOTS:
            page.screenshot(path=screenshot_path(f"{name}-{width}.png"), full_page=True)
    # 200 % zoom of a 1280 px window lays the page out in 640 CSS px; 400 % in 320.
    page.set_viewport_size({"width": wcag22.ZOOM_200_WIDTH, "height": 450})
    visit.reflow_problems += [f"{wcag22.ZOOM_200_WIDTH}px: {problem}" for problem in wcag22.horizontal_overflow(page)]
    page.set_viewport_size({"width": wcag22.REFLOW_WIDTH, "height": 256})
    visit.reflow_problems += [f"{wcag22.REFLOW_WIDTH}px: {problem}" for problem in wcag22.horizontal_overflow(page)]
    visit.text_spacing_problems = wcag22.text_spacing_clipping(page)
    page.context.close()
    return visit


@pytest.fixture(scope="package")
def visits(browser, browser_site, live_server):
    """Each page type in each language, visited once; the results written for the statement."""
    results = {
        (page_type, language): _visit(
            lambda width: open_page(browser, live_server, width),
            live_server.url,
            page_type,
            language,
            browser_site.paths[page_type][language],
            browser_site.actions.get(page_type),
            browser_site.statuses.get(page_type, 200),
        )
        for page_type in PAGE_TYPES
        for language in LANGUAGES
    }
    record_page_results(results, AXE_TAGS, browser.version)
    return results


CASES = [
    pytest.param(page_type, language, id=f"{page_type}-{language}")
    for page_type in PAGE_TYPES
    for language in LANGUAGES
]


@pytest.mark.parametrize(("page_type", "language"), CASES)
def test_axe_finds_no_wcag_22_aa_or_best_practice_violation(visits, page_type, language):
    visit = visits[(page_type, language)]

    assert not visit.violations, f"{visit.url}:\n" + "\n".join(visit.violations)


@pytest.mark.parametrize(("page_type", "language"), CASES)
def test_every_focusable_element_shows_an_uncovered_focus_indicator(visits, page_type, language):
    visit = visits[(page_type, language)]

    assert visit.focusable_checked > 0, f"{visit.url}: nothing could be focused"
    assert not visit.focus_problems, f"{visit.url}:\n" + "\n".join(visit.focus_problems)


@pytest.mark.parametrize(("page_type", "language"), CASES)
def test_reflows_at_320_px_and_200_percent_zoom_and_text_spacing_clips_nothing(visits, page_type, language):
    visit = visits[(page_type, language)]

    assert not visit.reflow_problems, f"{visit.url}:\n" + "\n".join(visit.reflow_problems)
    assert not visit.text_spacing_problems, f"{visit.url}:\n" + "\n".join(visit.text_spacing_problems)


@pytest.mark.parametrize(("page_type", "language"), CASES)
def test_one_h1_the_right_lang_and_no_console_errors(visits, page_type, language):
    visit = visits[(page_type, language)]

    assert visit.h1_count == 1, f"{visit.url}: {visit.h1_count} h1 elements"
    assert visit.lang == language, f'{visit.url}: <html lang="{visit.lang}">'
    assert not visit.console_errors, f"{visit.url}:\n" + "\n".join(visit.console_errors)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_css_and_javascript_weigh_less_than_100_kb_compressed(visits, page_type):
    for language in LANGUAGES:
        visit = visits[(page_type, language)]
        total = sum(visit.assets.values())
        assert visit.assets, f"{visit.url}: no stylesheet recorded"
        assert total < WEIGHT_LIMIT, f"{visit.url}: {total / 1024:.1f} KB of CSS and JS (gzip): {visit.assets}"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_request_goes_to_another_origin(visits, page_type):
    for language in LANGUAGES:
        visit = visits[(page_type, language)]
        assert not visit.foreign_requests, f"{visit.url}: {visit.foreign_requests}"


def test_news_images_are_avif_or_webp_renditions_with_their_size(new_page, browser_site):
    page = new_page(width=375)
    page.goto(browser_site.news_path_with_image)
    image = page.locator(".image-block picture img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())

    assert image.get_attribute("width") and image.get_attribute("height")
    assert image.get_attribute("sizes")
    assert page.locator(".image-block picture source[type='image/avif']").first.get_attribute("srcset")
    assert page.locator(".image-block picture source[type='image/webp']").first.get_attribute("srcset")
    # The browser chose a modern format (AVIF first, then WebP), and for a 375 px screen not the widest one.
    current = image.evaluate("img => img.currentSrc")
    assert current.endswith((".avif", ".webp")), current
    assert ".width-1280." not in current, current
