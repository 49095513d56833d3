"""The browser tests' accessibility results, written as JSON for the accessibility statement
(``manage.py publish_accessibility_statement``, app ``accessibility``).

Each part of the browser suite (the page walk, the screen-reader journeys, the admin views)
records its section as soon as it has measured, before the tests assert, so a failing check is
in the file too and becomes a known gap in the statement. The file is
``$ACCESSIBILITY_RESULTS_DIR/results-<xdist worker>.json`` (default ``var/accessibility/``,
git-ignored): one file per worker, so two workers never write the same file.
"""

import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from tests.browser.conftest import AXE, ROOT

FORMAT = 1


def results_path():
    directory = Path(os.environ.get("ACCESSIBILITY_RESULTS_DIR") or ROOT / "var" / "accessibility")
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"results-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.json"


def _record(section, entries, **extra):
    path = results_path()
    try:
        results = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        results = {}
    if results.get("format") != FORMAT:
        results = {"format": FORMAT}
    axe_version = json.loads((AXE.parent / "package.json").read_text())["version"]
    results.update(
        evaluated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tools={**results.get("tools", {}), "axe-core": axe_version, **extra.pop("tools", {})},
        **extra,
    )
    results[section] = entries
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1))


def record_page_results(visits, axe_tags, browser_version):
    """The page walk (tests/browser/test_pages.py): one entry per page type and language."""
    entries = []
    for (page_type, language), visit in visits.items():
        data = asdict(visit)
        entries.append(
            {
                "page_type": page_type,
                "language": language,
                "url": visit.url,
                "problems": {
                    "axe": data["violations"],
                    "focus_visible": data["focus_problems"],
                    "reflow": data["reflow_problems"],
                    "text_spacing": data["text_spacing_problems"],
                    "lang": [] if visit.lang == language else [f'<html lang="{visit.lang}">'],
                    "headings": [] if visit.h1_count == 1 else [f"{visit.h1_count} h1 elements"],
                    "console": data["console_errors"],
                },
            }
        )
    _record("pages", entries, axe_tags=list(axe_tags), tools={"chromium": browser_version})


def record_journeys(name, entries):
    """Screen-reader or keyboard journeys: ``[{"journey", "language", "problems": []}]``."""
    path = results_path()
    try:
        journeys = json.loads(path.read_text()).get("journeys", {})
    except (FileNotFoundError, ValueError):
        journeys = {}
    journeys[name] = entries
    _record("journeys", journeys)


def record_admin_results(entries):
    """The admin views this project adds: ``[{"view", "url", "problems": {...}}]``."""
    _record("admin", entries)
