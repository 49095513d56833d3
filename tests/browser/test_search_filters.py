"""The search page on a phone (375 px, issue 18): the filters are a disclosure button before the
results, closed until opened, keyboard-operable, and working without JavaScript; on a wide
screen they are open beside the results."""

import pytest

from tests.browser.site_content import SEARCH_WORD

pytestmark = pytest.mark.browser

PATH = f"/bg/search/?q={SEARCH_WORD}"


def _phone(browser, live_server, javascript=True):
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, base_url=live_server.url, java_script_enabled=javascript
    )
    return context.new_page()


def _top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_filters_come_before_the_results_as_a_disclosure_on_a_phone(browser, browser_site, live_server, javascript):
    page = _phone(browser, live_server, javascript)
    try:
        page.goto(PATH)
        toggle = page.locator("summary.search-facets__toggle")
        assert toggle.is_visible()
        assert _top(page, "summary.search-facets__toggle") < _top(page, ".result-list")
        facet_link = page.locator(".search-facets__link").first
        assert not facet_link.is_visible()  # closed: the results are one screen down, not six

        toggle.focus()
        page.keyboard.press("Enter")  # a <summary> is a button to assistive technology and keyboards
        assert facet_link.is_visible()
        assert page.locator("details.search-facets").get_attribute("open") is not None

        with page.expect_navigation():
            facet_link.click()
        # A filter chosen: the disclosure comes back open, showing the filter that can be removed.
        assert page.locator(".search-facets__link[aria-current]").first.is_visible()
    finally:
        page.context.close()


def test_filters_are_open_beside_the_results_on_a_wide_screen(new_page, browser_site):
    page = new_page(1280)
    page.goto(PATH)

    assert not page.locator("summary.search-facets__toggle").is_visible()
    assert page.locator(".search-facets__link").first.is_visible()
    facets, results = page.locator(".search-facets").bounding_box(), page.locator(".result-list").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
