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
                    "journey": entry.get("journey", ""),
                    "language": entry.get("language", ""),
                    "problems": entry.get("problems", []),
                }
            )
            if entry.get("problems"):
                gaps.append(
                    {
                        "page": entry.get("journey", ""),
                        "language": entry.get("language", ""),
                        "url": entry.get("url", ""),
                        "check": JOURNEYS.get(name, name),
                        "details": entry["problems"][:5],
                    }
                )
    admin = results.get("admin") or []
    for entry in admin:
        for check, found in (entry.get("problems") or {}).items():
            if found:
                gaps.append(
                    {
                        "page": entry.get("view", ""),
                        "language": entry.get("language", ""),
                        "url": entry.get("url", ""),
                        "check": CHECKS.get(check, (check,))[0],
                        "details": found[:5],
                    }
                )
    return {
        "tested": tested,
        "checks": checks,
        "journeys": journeys,
        "admin_views": [entry.get("view", "") for entry in admin],
        "gaps": gaps,
        "tools": results.get("tools", {}),
        "tools_text": ", ".join(f"{name} {version}" for name, version in (results.get("tools") or {}).items()),
        "axe_tags": results.get("axe_tags", []),
        "languages": sorted({entry["language"] for entry in pages}),
    }
