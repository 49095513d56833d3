"""The display mode's script: one slide at a time, a Pause button, no rotation for visitors who
ask for reduced motion, and new slides from slides.json every five minutes (Playwright's clock
stands in for the waiting)."""

import pytest

pytestmark = pytest.mark.browser

ACTIVE = "[...document.querySelectorAll('.slide')].findIndex(slide => slide.classList.contains('is-active'))"


def open_display(new_page, browser_site, **options):
    page = new_page(**options)
    page.clock.install()
    page.goto(browser_site.paths["display"]["en"])
    return page


def test_one_slide_at_a_time_rotating_until_paused(new_page, browser_site):
    page = open_display(new_page, browser_site)

    assert page.locator(".slide").count() > 1
    assert page.locator(".slide:visible").count() == 1
    assert page.evaluate(ACTIVE) == 0
    page.clock.run_for(12_000)
    assert page.evaluate(ACTIVE) == 1

    pause = page.get_by_role("button", name="Pause")
    pause.click()
    assert page.get_by_role("button", name="Play").get_attribute("aria-pressed") == "true"
    page.clock.run_for(60_000)
    assert page.evaluate(ACTIVE) == 1


def test_reduced_motion_starts_paused(new_page, browser_site):
    page = new_page()
    page.emulate_media(reduced_motion="reduce")
    page.clock.install()
    page.goto(browser_site.paths["display"]["en"])

    assert page.get_by_role("button", name="Play").get_attribute("aria-pressed") == "true"
    page.clock.run_for(60_000)
    assert page.evaluate(ACTIVE) == 0


def test_the_screen_fetches_new_slides_every_five_minutes(new_page, browser_site):
    page = open_display(new_page, browser_site)
    page.evaluate("document.querySelector('.slide--news .slide__title').textContent = 'stale'")

    with page.expect_response("**/en/display/slides.json") as response:
        page.clock.run_for(300_000)

    assert response.value.ok
    page.wait_for_function("!document.body.textContent.includes('stale')")
    assert page.locator(".slide").count() == 7  # the three news items and four facts
    # Rebuilt from JSON with the words of the page's own language.
    assert page.locator(".slide").nth(2).get_attribute("aria-label") == "Slide 3 of 7"
    assert page.locator(".slide--news .slide__kicker").first.text_content().startswith("News · ")
