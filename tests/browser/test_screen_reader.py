"""Screen-reader journeys, read from Chromium's accessibility tree (what assistive technology is
given): landmarks, headings and names of the home page, a service page, the search page with
results and facets, and four forms sent with errors (accessibility feedback, alerts subscription
with a bad e-mail address, network join request and consultation comment with missing fields),
each in bg, ro and en. The result count of a search
is in a live region (role=status); a field in error is invalid and described by its message.

All journeys run in one fixture, which records them for the accessibility statement
(tests/browser/results.py) before the tests assert."""

import re

import pytest
from django.utils import translation

from tests.browser.conftest import open_page
from tests.browser.results import record_journeys
from tests.browser.site_content import LANGUAGES

pytestmark = pytest.mark.browser

HEADING = re.compile(r'heading "(?P<name>[^"]*)" \[level=(?P<level>\d)\]')


def _in(language, text):
    with translation.override(language):
        return translation.gettext(text)


def _landmarks_and_headings(page, language):
    problems = []
    if page.evaluate("document.documentElement.lang") != language:
        problems.append(f"<html lang> is not {language}")
    for role in ("banner", "main", "contentinfo"):
        if page.get_by_role(role).count() != 1:
            problems.append(f"{page.get_by_role(role).count()} {role} landmarks")
    if not page.get_by_role("navigation").count():
        problems.append("no navigation landmark")
    skip = _in(language, "Skip to main content")
    if not page.get_by_role("link", name=skip, exact=True).count():
        problems.append(f"no skip link named {skip!r}")
    levels = [int(match["level"]) for match in HEADING.finditer(page.locator("main").aria_snapshot())]
    if levels[:1] != [1] or levels.count(1) != 1:
        problems.append(f"main's headings do not start with one level-1 heading: {levels}")
    skipped = [(before, after) for before, after in zip(levels, levels[1:], strict=False) if after > before + 1]
    if skipped:
        problems.append(f"heading levels skipped: {skipped}")
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
            .filter(element => element.offsetParent !== null && !element.closest('[aria-hidden="true"]'))
            .filter(element => !(element.labels && element.labels.length) && !(element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || element.innerText.trim() || element.title || element.querySelector('img[alt]:not([alt=""])')))
            .map(element => element.outerHTML.slice(0, 80))"""
    )
    problems += [f"no accessible name: {html}" for html in unnamed]
    return problems


def _home(page, site, language):
    page.goto(site.paths["home"][language])
    problems = _landmarks_and_headings(page, language)
    if not page.get_by_role("search").count() and not page.get_by_role("searchbox").count():
        problems.append("no search landmark or search box")
    return problems


def _service(page, site, language):
    page.goto(site.paths["service-page"][language])
    problems = _landmarks_and_headings(page, language)
    title = page.title().split(" – ")[0]
    if page.get_by_role("heading", level=1).inner_text().strip() != title:
        problems.append("the level-1 heading is not the page's title")
    if not page.get_by_role("navigation", name=re.compile(_in(language, "Breadcrumb"), re.I)).count():
        problems.append("no breadcrumb navigation named in the page's language")
    return problems


def _search(page, site, language):
    page.goto(site.paths["search"][language])
    problems = _landmarks_and_headings(page, language)
    status = page.get_by_role("status")
    if not status.count() or not re.search(r"\d", status.first.inner_text()):
        problems.append("the result count is not in a live region (role=status)")
    facets = page.get_by_role("navigation", name=_in(language, "Narrow your results"))
    if facets.count() != 1 or not facets.get_by_role("link").count():
        problems.append("the facets are not a navigation named in the page's language, with links")
    if not page.locator("main").get_by_role("link").count():
        problems.append("no result links")
    return problems


def _label_and_message(form_class, name, error):
    """The label of a form's field and one of its error messages, in the active language."""
    field = form_class.base_fields[name]
    messages = {**{validator.code: validator.message for validator in field.validators if hasattr(validator, "code")},
                **field.error_messages}
    return str(field.label), str(messages[error])


def _named(label):
    """The accessible name of a field: its label, and a "(required)" or "(optional)" after it."""
    return re.compile(rf"^{re.escape(label)}(\s*\([^)]*\))?$")


def _sent_with_errors(page, language, path, form, fills, expected):
    """Open ``path``, fill ``fills`` (label → text) and send ``form``; then an ``alert`` announces
    the problem and each field of ``expected`` (form class, field name, error key) is invalid,
    found by its label, and described (aria-describedby) by its own message."""
    from tests.browser.conftest import forget_rate_limits
    from tests.browser.test_pages import SUBMIT

    page.goto(path)
    problems = _landmarks_and_headings(page, language)
    for label, text in fills.items():
        page.locator(form).get_by_label(_named(label)).fill(text)
    forget_rate_limits()
    with page.expect_navigation():
        page.locator(form).evaluate(SUBMIT)
    if not page.get_by_role("alert").count():
        problems.append("the error summary is not announced (role=alert)")
    if not page.title().startswith(_in(language, "Error")):
        problems.append(f"the title does not start with the word for error: {page.title()!r}")
    for form_class, name, error in expected:
        label, message = _label_and_message(form_class, name, error)
        field = page.locator(form).get_by_label(_named(label))
        if field.count() != 1:
            problems.append(f"no single field named {label!r}")
            continue
        if field.get_attribute("aria-invalid") != "true":
            problems.append(f"{label!r} is not marked invalid")
        description = field.evaluate(
            "field => (field.getAttribute('aria-describedby') || '').split(' ')"
            ".map(id => document.getElementById(id)?.innerText || '').join(' ')"
        )
        if message not in description:
            problems.append(f"{label!r} is not described by its error {message!r} ({description!r})")
    return problems


def _accessibility_feedback_with_errors(page, site, language):
    from accessibility.forms import FeedbackForm

    with translation.override(language):
        email, _message = _label_and_message(FeedbackForm, "email", "invalid")
        return _sent_with_errors(
            page, language, f"/{language}/accessibility-statement/feedback/", "main form", {email: "not-an-address"},
            [(FeedbackForm, "message", "required"), (FeedbackForm, "email", "invalid")],
        )


def _alerts_subscribe_with_a_bad_address(page, site, language):
    from alerts.forms import SubscribeForm

    with translation.override(language):
        email, _message = _label_and_message(SubscribeForm, "email", "invalid")
        return _sent_with_errors(
            page, language, site.paths["alerts"][language], "main form", {email: "not-an-address"},
            [(SubscribeForm, "email", "invalid")],
        )


def _network_join_with_a_missing_field(page, site, language):
    from network.forms import JoinRequestForm

    with translation.override(language):
        name, _message = _label_and_message(JoinRequestForm, "name", "required")
        return _sent_with_errors(
            page, language, site.paths["network-join"][language], "main form", {name: "Община Тутракан"},
            [(JoinRequestForm, "contact_name", "required"), (JoinRequestForm, "email", "required")],
        )


def _consultation_comment_with_errors(page, site, language):
    from consultations.forms import CommentForm

    with translation.override(language):
        return _sent_with_errors(
            page, language, site.paths["consultation-page"][language], "form.comment-form", {},
            [(CommentForm, "text", "required"), (CommentForm, "author_name", "required")],
        )


JOURNEYS = {
    "home": _home,
    "service": _service,
    "search": _search,
    # Their names are the page types of test_pages.py: the statement gives both one label.
    "accessibility-feedback-errors": _accessibility_feedback_with_errors,
    "alerts-subscribe-errors": _alerts_subscribe_with_a_bad_address,
    "network-join-errors": _network_join_with_a_missing_field,
    "consultation-comment-errors": _consultation_comment_with_errors,
}


@pytest.fixture(scope="module")
def journeys(browser, browser_site, live_server):
    results = {}
    for name, journey in JOURNEYS.items():
        for language in LANGUAGES:
            page = open_page(browser, live_server)
            try:
                results[(name, language)] = journey(page, browser_site, language)
            finally:
                page.context.close()
    record_journeys(
        "screen_reader",
        [{"journey": name, "language": language, "problems": found} for (name, language), found in results.items()],
    )
    return results


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_screen_reader_journey(journeys, journey, language):
    problems = journeys[(journey, language)]

    assert not problems, f"{journey} ({language}):\n" + "\n".join(problems)
