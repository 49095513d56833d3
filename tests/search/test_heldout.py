"""The search on catalogues it was never tuned on: the held-out judged sets.

search/relevance/heldout/ (set A) to heldout-h/ (set H) were each written by someone who never
read the search code: a catalogue of other institutions' services, worded their own way, and
the queries visitors would type. A, B, C and D have since been read to improve the engine and are
development sets, and so are F and G since stop 27; E and H are only measured (H, written on
2026-12-04 at stop 27, is the fresh one: its figures are those of its first measurement). The
tests hold the engine to the figures the README reports, minus a small margin, on the database
engine and on the search node: a change that loses ground on data it has not seen fails here.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from catalogue.importer import CatalogueImporter, create_catalogue_sections
from home.models import HomePage
from search.management.commands.search_relevance import CATEGORIES, evaluate, load_queries
from tests.search.node import drop_indexes, node_settings, require_node

RELEVANCE = Path(__file__).resolve().parents[2] / "search" / "relevance"
MARGIN = 0.03
pytestmark = pytest.mark.django_db

# Measured with `manage.py search_relevance --catalogue … --queries …` (README, "Search
# relevance"): recall@10 and MRR overall and per category, rounded down, the same on both engines
# (2026-12-03, stop 26: with the concept rarity of search.engine.scoring_plan and dictionary
# links at 0.7).
MEASURED = {
    # A, B, C and D were read to improve the engine: development sets since; so were F and G at
    # stop 27 (their cross-language misses, for three rules that were tried and dropped: none
    # gained). E is only measured; H is the fresh held-out set.
    "heldout": {
        "overall": (0.94, 0.93),
        "mono-lingual": (0.94, 0.95),
        "cross-language": (0.97, 0.76),
        "transliteration": (0.95, 1.00),
        "diacritics": (0.95, 0.97),
        "morphology": (0.88, 0.89),
        "typo": (0.96, 0.97),
    },
    "heldout-b": {
        "overall": (0.92, 0.93),
        "mono-lingual": (0.86, 0.90),
        "cross-language": (0.87, 0.80),
        "transliteration": (0.93, 1.00),
        "diacritics": (0.96, 0.98),
        "morphology": (0.95, 0.96),
        "typo": (0.97, 1.00),
    },
    "heldout-c": {
        "overall": (0.93, 0.94),
        "mono-lingual": (0.89, 0.86),
        "cross-language": (0.91, 0.86),
        "transliteration": (0.94, 1.00),
        "diacritics": (0.93, 0.97),
        "morphology": (0.97, 0.97),
        "typo": (0.94, 0.97),
    },
    "heldout-d": {
        "overall": (0.93, 0.94),
        "mono-lingual": (0.88, 0.93),
        "cross-language": (0.93, 0.88),
        "transliteration": (0.94, 0.97),
        "diacritics": (0.95, 0.92),
        "morphology": (0.94, 0.97),
        "typo": (0.95, 0.93),
    },
    "heldout-e": {
        "overall": (0.92, 0.96),
        "mono-lingual": (0.86, 0.90),
        "cross-language": (0.92, 0.93),
        "transliteration": (0.95, 1.00),
        "diacritics": (0.93, 0.98),
        "morphology": (0.92, 0.98),
        "typo": (0.96, 0.98),
    },
    # Below the goal (recall 0.92, MRR 0.95): cross-language above all. G was written on
    # 2026-12-03 and measured before the concept rarity (scoring_plan) it is measured with now:
    # R 0.93 / MRR 0.89 then too.
    "heldout-f": {
        "overall": (0.88, 0.89),
        "mono-lingual": (0.84, 0.92),
        "cross-language": (0.76, 0.65),
        "transliteration": (0.92, 0.98),
        "diacritics": (0.91, 0.93),
        "morphology": (0.93, 0.95),
        "typo": (0.91, 0.95),
    },
    "heldout-g": {
        "overall": (0.93, 0.89),
        "mono-lingual": (0.91, 0.80),
        "cross-language": (0.81, 0.64),
        "transliteration": (0.97, 1.00),
        "diacritics": (0.93, 0.97),
        "morphology": (0.95, 0.92),
        "typo": (0.98, 0.98),
    },
    # H, written blind on 2026-12-04 (stop 27) after F and G had been read: measured once, on the
    # engine unchanged since G's figures; never read query by query.
    "heldout-h": {
        "overall": (0.92, 0.89),
        "mono-lingual": (0.88, 0.82),
        "cross-language": (0.81, 0.64),
        "transliteration": (0.96, 0.97),
        "diacritics": (0.94, 0.96),
        "morphology": (0.96, 0.96),
        "typo": (0.98, 1.00),
    },
}


@pytest.fixture(
    scope="module",
    params=[
        (name, engine) if engine == "database" else pytest.param((name, engine), marks=pytest.mark.node)
        for name in MEASURED
        for engine in ("database", "node")
    ],
    ids=lambda param: "-".join(param),
)
def measured(request, module_db):
    name, engine = request.param
    overrides = {}
    if engine == "node":
        require_node()
        overrides = node_settings()
    document = json.loads((RELEVANCE / name / "catalogue.json").read_text(encoding="utf-8"))
    queries = load_queries(RELEVANCE / name / "queries.json")
    # Life events are a site's own taxonomy (the demo loader makes the demo's); search does not
    # read them: set D names the demo's, measured without them as search_relevance does.
    for service in document["services"]:
        service.pop("life_events", None)
    # Each set and engine in a savepoint of the module's transaction, rolled back after its
    # tests: the next one imports into the same empty site.
    with override_settings(**overrides), transaction.atomic():
        try:
            create_catalogue_sections(HomePage.objects.get(locale__language_code="bg", depth=2))
            CatalogueImporter(document).run()
            call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
            yield name, evaluate("platform", queries, Client())
        finally:
            transaction.set_rollback(True)
            if engine == "node":
                from search.engine import search_engine

                drop_indexes(search_engine().client, overrides["ELASTICSEARCH_INDEX"])


def _misses(summary, category):
    return "\n".join(
        f"  {miss['lang']} {miss['query']!r}: missing {', '.join(miss['missing'])}"
        for miss in summary["misses"]
        if category == "overall" or miss["category"] == category
    )


@pytest.mark.parametrize("category", ["overall", *CATEGORIES])
def test_held_out_figures_hold(measured, category):
    name, summary = measured
    figures = summary["overall"] if category == "overall" else summary["categories"][category]
    recall, mrr = MEASURED[name][category]

    assert summary["errors"] == 0
    assert figures["recall"] >= recall - MARGIN, _misses(summary, category)
    assert figures["mrr"] >= mrr - MARGIN, _misses(summary, category)
