"""From the browser tests' results (tests/browser/results.py writes them) to what the statement
says: which checks ran on which pages, what failed (the known gaps) and the tools used.

``validate`` refuses a file in another shape with a message naming what is wrong; ``summarise``
turns a validated result into the statement's sections, with labels in the active language."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

FORMAT = 1

PAGE_TYPES = {
    "home": _("Home page"),
    "standard-page": _("Content page"),
    "institution-index": _("List of institutions"),
    "institution-page": _("Institution"),
    "service-index": _("List of services"),
    "service-index-filtered": _("List of services, filtered"),
    "service-page": _("Service"),
    "news-index": _("List of news"),
    "news-page": _("News item"),
    "deliverable-index": _("List of project results"),
    "deliverable-page": _("Project result with its documents"),
    "search": _("Search results with facets"),
    "not-found": _("Page not found"),
    "display": _("Display screen"),
    "privacy": _("Privacy notice"),
    "alerts": _("E-mail alerts: subscription form"),
    "accessibility-statement": _("Accessibility statement"),
    "consultation-index": _("List of public consultations"),
    "consultation-page": _("Open public consultation with its comment form"),
    "consultation-concluded": _("Concluded consultation with its outcome report"),
    "comment-policy": _("Comment policy of the consultations"),
    "network-directory": _("Network directory, searched and filtered"),
    "network-member": _("Network member"),
    "network-join": _("Form to join the network"),
    "network-agreements": _("Cooperation agreements of the network"),
    "digitalisation": _("Digitalisation map and indicators"),
    "digitalisation-region": _("Digitalisation of one district or county"),
    "alerts-subscribe-errors": _("E-mail alerts: form sent with a wrong e-mail address"),
    "alerts-check-mailbox": _("E-mail alerts: check your mailbox"),
    "alerts-confirm": _("E-mail alerts: confirmation page"),
    "alerts-manage": _("E-mail alerts: managing a subscription"),
    "alerts-unsubscribe": _("E-mail alerts: unsubscribing"),
    "link-not-valid": _("A link that is not valid or has expired"),
    "page-feedback-errors": _("“Was this page useful?” sent without an answer"),
    "page-feedback-thanks": _("“Was this page useful?”: the thanks"),
    "consultation-comment-errors": _("Consultation comment sent with missing fields"),
    "consultation-comment-confirm": _("Consultation comment: confirmation page"),
    "network-join-errors": _("Form to join the network sent with missing fields"),
    "network-join-received": _("Request to join the network received"),
    "accessibility-feedback": _("Accessibility feedback form"),
    "accessibility-feedback-errors": _("Accessibility feedback form sent with errors"),
    "search-filtered": _("Search results with a facet chosen"),
    "search-no-results": _("Search without results"),
    # The screen-reader journeys that are not page types of their own
    "service": _("Service"),
}

# The editors' views (tests/browser/test_admin.py names them so).
ADMIN_VIEWS = {
    "catalogue import": _("Catalogue import"),
    "translation coverage dashboard": _("Translation coverage dashboard"),
    "background jobs report": _("Report: background jobs"),
    "search report": _("Report: search log"),
    "accessibility feedback": _("Accessibility feedback received"),
    "page feedback report": _("Report: page feedback"),
    "consultation comment moderation queue": _("Moderation queue of consultation comments"),
    "consultation comment moderation form": _("Moderating one consultation comment"),
    "network join requests": _("Requests to join the network"),
    "network join request": _("Reviewing one request to join the network"),
    "page editor: service page": _("Wagtail's page editor: a service page"),
    "page editor: news page": _("Wagtail's page editor: a news item"),
}

# Problems found in the admin that are not checks of the public pages.
ADMIN_CHECKS = {
    "wagtail_core": _(
        "Automated rules (axe-core) in Wagtail's own editing interface: markup that the Wagtail project "
        "maintains and this project does not change"
    ),
}

# Each check: its label and the WCAG 2.2 success criteria it stands for.
CHECKS = {
    "axe": (_("Automated rules (axe-core): WCAG 2.2 A and AA and best practices, target size 2.5.8 included"), "—"),
    "focus_visible": (_("Every focusable element shows a focus indicator that nothing covers"), "2.4.7, 2.4.11"),
    "reflow": (_("No horizontal scrolling at 320 CSS pixels and at 200 % zoom"), "1.4.10, 1.4.4"),
    "text_spacing": (_("Increased text spacing cuts off no text"), "1.4.12"),
    "lang": (_("The page states its language"), "3.1.1"),
    "headings": (_("Exactly one main heading"), "1.3.1, 2.4.6"),
    "console": (_("No script or security-policy errors"), "4.1.2"),
}

JOURNEYS = {
    "screen_reader": _("Screen-reader journeys (Chromium's accessibility tree)"),
    "admin_keyboard": _("Keyboard journeys in the editors' administration"),
}


def _label(name):
    return PAGE_TYPES.get(name) or ADMIN_VIEWS.get(name) or name


class InvalidResults(ValueError):
    pass


def validate(results):
    """The results as the statement needs them, or InvalidResults saying what is wrong."""
    if not isinstance(results, dict) or results.get("format") != FORMAT:
        raise InvalidResults(
            f"not a results file of format {FORMAT} (its 'format' is {results.get('format')!r})"
            if isinstance(results, dict)
            else "not a JSON object"
        )
    try:
        evaluated_at = datetime.fromisoformat(results["evaluated_at"])
    except (KeyError, TypeError, ValueError):
        raise InvalidResults("'evaluated_at' is missing or not an ISO 8601 date and time") from None
    if evaluated_at.tzinfo is None:
        raise InvalidResults("'evaluated_at' has no time zone")
    pages = results.get("pages")
    if not isinstance(pages, list) or not pages:
        raise InvalidResults("'pages' is missing or empty: the page walk of the browser tests did not run")
    for index, entry in enumerate(pages):
        if not isinstance(entry, dict) or not {"page_type", "language", "url", "problems"} <= entry.keys():
            raise InvalidResults(f"pages[{index}] lacks page_type, language, url or problems")
        if not isinstance(entry["problems"], dict) or not all(
            isinstance(found, list) for found in entry["problems"].values()
        ):
            raise InvalidResults(f"pages[{index}].problems must map each check to a list")
    return evaluated_at


def summarise(results):
    pages = results["pages"]
    languages_by_type = {}
    for entry in pages:
        languages_by_type.setdefault(entry["page_type"], []).append(entry["language"])
    tested = [
        {"label": PAGE_TYPES.get(page_type, page_type), "languages": sorted(languages)}
        for page_type, languages in languages_by_type.items()
    ]
    checks, gaps = [], []
    for check, (label, criteria) in CHECKS.items():
        failing = [entry for entry in pages if entry["problems"].get(check)]
        checks.append({"label": label, "criteria": criteria, "pages": len(pages), "failing": len(failing)})
        gaps += [
            {
                "page": PAGE_TYPES.get(entry["page_type"], entry["page_type"]),
                "language": entry["language"],
                "url": entry["url"],
                "check": label,
                "details": entry["problems"][check][:5],
            }
            for entry in failing
        ]
    journeys = []
    for name, entries in (results.get("journeys") or {}).items():
        for entry in entries:
            journeys.append(
                {
                    "group": JOURNEYS.get(name, name),
                    "journey": _label(entry.get("journey", "")),
                    "language": entry.get("language", ""),
                    "problems": entry.get("problems", []),
                }
            )
            if entry.get("problems"):
                gaps.append(
                    {
                        "page": _label(entry.get("journey", "")),
                        "language": entry.get("language", ""),
                        "url": entry.get("url", ""),
                        "check": JOURNEYS.get(name, name),
                        "details": entry["problems"][:5],
                    }
                )
    admin = results.get("admin") or []
    admin_views = []
    for entry in admin:
        problems = entry.get("problems") or {}
        admin_views.append(
            {
                "label": _label(entry.get("view", "")),
                "url": entry.get("url", ""),
                "passed": not any(found for check, found in problems.items() if check not in ADMIN_CHECKS),
                "wagtail_core": bool(problems.get("wagtail_core")),
            }
        )
        for check, found in problems.items():
            if found:
                gaps.append(
                    {
                        "page": _label(entry.get("view", "")),
                        "language": entry.get("language", ""),
                        "url": entry.get("url", ""),
                        "check": ADMIN_CHECKS[check] if check in ADMIN_CHECKS else CHECKS.get(check, (check,))[0],
                        "details": found[:5],
                    }
                )
    return {
        "tested": tested,
        "checks": checks,
        "journeys": journeys,
        "admin_views": admin_views,
        "gaps": gaps,
        "tools": results.get("tools", {}),
        "tools_text": ", ".join(f"{name} {version}" for name, version in (results.get("tools") or {}).items()),
        "axe_tags": results.get("axe_tags", []),
        "languages": sorted({entry["language"] for entry in pages}),
    }
