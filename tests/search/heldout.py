"""The held-out judged sets: the figures the README reports for them, and how a set is measured.

search/relevance/heldout/ (set A) to heldout-u/ (set U) were each written by someone who never
read the search code: a catalogue of other institutions' services, worded their own way, and
the queries visitors would type. A, B, C and D have since been read to improve the engine and are
development sets, and so are F and G since stop 27, H and I since stop 29 (their overall
figures guided a choice), E and J–P since stop 40 and Q and R since stop 41 (their misses were
read and the second look learns from them). S, T and U are only measured (T and U, written at
stop 41 before Q's and R's misses were read, are the freshest; no miss of S, T or U was ever
read). The tests hold the engine to the figures the
README reports, minus a small margin: a change that loses ground on data it has not seen fails.
test_heldout.py measures the database engine, test_heldout_node.py the search node: two files, so that ``make test``'s two
workers (``--dist loadfile`` gives a file to one worker) measure them side by side.
"""

import io
import json
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from catalogue.importer import CatalogueImporter, create_catalogue_sections
from home.models import HomePage
from search.management.commands.search_relevance import evaluate, load_queries
from tests.search.node import drop_indexes, node_settings, require_node

RELEVANCE = Path(__file__).resolve().parents[2] / "search" / "relevance"
MARGIN = 0.03

# Measured with `manage.py search_relevance --catalogue … --queries …` (README, "Search
# relevance"): recall@10 and MRR overall and per category, rounded down, the same on both engines
# (2026-12-06, stop 36: a translation's longer keys, partial matches before the feedback's, and
# the service kinds' rings; 2026-12-07, stop 37: a word's other forms; stop 38: untranslated
# records' scores raised by 9/8, one word held prominently enough for a partial match; stop 39:
# the first 10 results reordered by search.reranking's model, learnt from A–D and F–I; stop 40:
# a mistyped real word, ea/я, the record's region and country indexed, the model learnt from
# A–P; stop 41: a named place covered by its records, an institution's contact headings, the
# model learnt from A–R). Stop 36's to 41's changes were chosen on the development sets alone;
# the held-out sets were measured before and after each.
MEASURED = {
    # A, B, C and D were read to improve the engine: development sets since; so were F and G at
    # stop 27 and 28 (their cross-language misses), and later the others but S, T and U (docstring).
    "heldout": {
        "overall": (0.99, 0.99),
        "mono-lingual": (1.00, 1.00),
        "cross-language": (0.97, 0.97),
        "transliteration": (1.00, 1.00),
        "diacritics": (1.00, 1.00),
        "morphology": (1.00, 1.00),
        "typo": (1.00, 1.00),
    },
    "heldout-b": {
        "overall": (0.97, 0.98),
        "mono-lingual": (0.95, 0.98),
        "cross-language": (0.94, 0.92),
        "transliteration": (0.98, 1.00),
        "diacritics": (1.00, 1.00),
        "morphology": (0.98, 0.98),
        "typo": (1.00, 1.00),
    },
    "heldout-c": {
        "overall": (0.98, 0.97),
        "mono-lingual": (0.99, 0.94),
        "cross-language": (0.95, 0.96),
        "transliteration": (1.00, 1.00),
        "diacritics": (0.98, 1.00),
        "morphology": (1.00, 0.95),
        "typo": (0.94, 0.98),
    },
    "heldout-d": {
        "overall": (0.97, 0.98),
        "mono-lingual": (0.96, 0.98),
        "cross-language": (0.95, 0.96),
        "transliteration": (0.98, 0.97),
        "diacritics": (1.00, 1.00),
        "morphology": (0.98, 1.00),
        "typo": (0.98, 1.00),
    },
    "heldout-e": {
        "overall": (0.98, 0.97),
        "mono-lingual": (0.97, 0.98),
        "cross-language": (0.99, 0.94),
        "transliteration": (1.00, 1.00),
        "diacritics": (0.98, 0.96),
        "morphology": (0.98, 0.95),
        "typo": (0.98, 1.00),
    },
    # Below the goal (recall 0.92, MRR 0.95): cross-language above all.
    "heldout-f": {
        "overall": (0.94, 0.93),
        "mono-lingual": (0.93, 0.93),
        "cross-language": (0.90, 0.84),
        "transliteration": (0.97, 1.00),
        "diacritics": (0.98, 0.95),
        "morphology": (0.95, 0.94),
        "typo": (0.93, 0.94),
    },
    "heldout-g": {
        "overall": (0.98, 0.96),
        "mono-lingual": (0.98, 0.91),
        "cross-language": (0.97, 0.93),
        "transliteration": (1.00, 0.98),
        "diacritics": (0.98, 0.95),
        "morphology": (0.98, 1.00),
        "typo": (0.99, 0.97),
    },
    # H (written blind at stop 27) and I (stop 28) were never read query by query, but their
    # overall figures were compared while choosing stop 29's coverage rule: development sets now.
    "heldout-h": {
        "overall": (0.97, 0.97),
        "mono-lingual": (0.92, 0.89),
        "cross-language": (0.95, 0.95),
        "transliteration": (1.00, 0.98),
        "diacritics": (0.99, 0.98),
        "morphology": (0.99, 1.00),
        "typo": (0.96, 1.00),
    },
    "heldout-i": {
        "overall": (0.95, 0.94),
        "mono-lingual": (0.88, 0.91),
        "cross-language": (0.97, 0.87),
        "transliteration": (0.99, 1.00),
        "diacritics": (0.97, 1.00),
        "morphology": (0.94, 0.93),
        "typo": (0.96, 0.94),
    },
    # J, written blind on 2026-12-05 (stop 29), measured only before and after that stop's change
    # (R 0.895 → 0.917, MRR 0.898 → 0.922) and after stop 30's (the figures below).
    "heldout-j": {
        "overall": (0.95, 0.95),
        "mono-lingual": (0.87, 0.91),
        "cross-language": (0.87, 0.84),
        "transliteration": (0.97, 1.00),
        "diacritics": (0.98, 1.00),
        "morphology": (0.98, 0.98),
        "typo": (0.99, 1.00),
    },
    # K, written blind on 2026-12-05 (stop 30), measured only before (R 0.900 / MRR 0.893) and
    # after that stop's changes (the figures below): the held-out set.
    "heldout-k": {
        "overall": (0.94, 0.95),
        "mono-lingual": (0.85, 0.90),
        "cross-language": (0.93, 0.88),
        "transliteration": (0.98, 0.98),
        "diacritics": (0.97, 0.98),
        "morphology": (0.95, 0.96),
        "typo": (0.98, 1.00),
    },
    # L, written blind on 2026-12-05 (stop 32: 24 institutions, 105 services, 232 queries),
    # measured only: R 0.907 / MRR 0.896 then, 0.903 / 0.895 after stop 33's changes (below).
    "heldout-l": {
        "overall": (0.95, 0.94),
        "mono-lingual": (0.93, 0.93),
        "cross-language": (0.92, 0.84),
        "transliteration": (0.96, 0.97),
        "diacritics": (0.98, 0.98),
        "morphology": (0.93, 0.94),
        "typo": (0.98, 0.98),
    },
    # M, written blind on 2026-12-06 (stop 33: 24 institutions, 108 services, 244 queries),
    # measured only: R 0.901 / MRR 0.848 on the engine before stop 33's changes, 0.905 / 0.847
    # after (below): the held-out set.
    "heldout-m": {
        "overall": (0.96, 0.91),
        "mono-lingual": (0.88, 0.82),
        "cross-language": (0.95, 0.87),
        "transliteration": (0.98, 0.96),
        "diacritics": (0.98, 0.97),
        "morphology": (0.97, 0.91),
        "typo": (1.00, 0.98),
    },
    # N, written blind on 2026-12-06 (stop 35: 24 institutions, 112 services, 281 queries),
    # measured only: R 0.928 / MRR 0.831 on the engine of stop 33, 0.934 / 0.834 after stop 36's
    # first change, 0.970 / 0.853 with the service kinds (below).
    "heldout-n": {
        "overall": (0.97, 0.92),
        "mono-lingual": (0.97, 0.90),
        "cross-language": (0.96, 0.86),
        "transliteration": (0.98, 0.92),
        "diacritics": (0.99, 0.93),
        "morphology": (0.96, 0.94),
        "typo": (1.00, 0.97),
    },
    # O, written blind on 2026-12-07 (stop 37: 27 institutions, 130 services, 281 queries) after
    # stop 37's changes were chosen, measured only: R 0.964 / MRR 0.913 on stop 36's engine,
    # 0.962 / 0.911 on stop 37's, 0.964 / 0.903 on stop 38's (below). Its misses were never read.
    "heldout-o": {
        "overall": (0.96, 0.94),
        "mono-lingual": (0.92, 0.92),
        "cross-language": (0.97, 0.86),
        "transliteration": (0.98, 0.97),
        "diacritics": (1.00, 0.98),
        "morphology": (0.95, 0.93),
        "typo": (0.96, 0.98),
    },
    # P, written blind on 2026-12-07 (stop 38: 26 institutions, 112 services, 288 queries) after
    # stop 38's first change was chosen, measured only: R 0.975 / MRR 0.914 on stop 37's engine,
    # 0.975 / 0.922 after the first change, 0.975 / 0.922 after the second (below). The freshest
    # set: its misses were never read.
    "heldout-p": {
        "overall": (0.97, 0.95),
        "mono-lingual": (0.90, 0.91),
        "cross-language": (1.00, 0.93),
        "transliteration": (0.98, 0.95),
        "diacritics": (1.00, 0.98),
        "morphology": (0.99, 0.96),
        "typo": (0.99, 0.98),
    },
    # Q, written blind during stop 39 after the second look was chosen; measured only.
    # R and S, written blind at stop 40 (26 institutions, 106 services, 268 queries; 24, 98,
    # 260), when E and J–P became development sets; measured only (stop 39's engine: R 0.979 /
    # MRR 0.930, S 0.983 / 0.946).
    "heldout-q": {
        "overall": (0.97, 0.93),
        "mono-lingual": (0.94, 0.91),
        "cross-language": (0.95, 0.86),
        "transliteration": (1.00, 0.93),
        "diacritics": (1.00, 0.98),
        "morphology": (0.96, 0.94),
        "typo": (0.98, 0.98),
    },
    "heldout-r": {
        "overall": (0.97, 0.93),
        "mono-lingual": (0.92, 0.86),
        "cross-language": (0.97, 0.89),
        "transliteration": (1.00, 0.97),
        "diacritics": (1.00, 0.95),
        "morphology": (0.97, 0.97),
        "typo": (0.97, 0.96),
    },
    "heldout-s": {
        "overall": (0.98, 0.95),
        "mono-lingual": (0.96, 0.94),
        "cross-language": (0.95, 0.87),
        "transliteration": (1.00, 0.96),
        "diacritics": (1.00, 0.97),
        "morphology": (1.00, 0.97),
        "typo": (0.98, 0.98),
    },
    "heldout-t": {
        "overall": (0.97, 0.95),
        "mono-lingual": (0.92, 0.84),
        "cross-language": (1.00, 0.98),
        "transliteration": (1.00, 0.98),
        "diacritics": (1.00, 0.96),
        "morphology": (0.96, 0.97),
        "typo": (0.98, 0.98),
    },
    "heldout-u": {
        "overall": (0.98, 0.96),
        "mono-lingual": (0.94, 0.93),
        "cross-language": (1.00, 0.92),
        "transliteration": (0.97, 0.96),
        "diacritics": (1.00, 0.98),
        "morphology": (0.98, 0.97),
        "typo": (1.00, 0.98),
    },
}


@contextmanager
def measured_set(name, engine):
    """Import set ``name`` into the empty site and yield its summary, on ``engine``; rolled back after.

    Runs in a savepoint of the module's transaction (the caller's ``module_db``): the next set
    imports into the same empty site.
    """
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
    with override_settings(**overrides), transaction.atomic():
        try:
            create_catalogue_sections(HomePage.objects.get(locale__language_code="bg", depth=2))
            CatalogueImporter(document).run()
            call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
            yield evaluate("platform", queries, Client())
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


def assert_figures_hold(name, summary, category):
    """The set's recall@10 and MRR, overall or in one category, at least the reported ones minus MARGIN."""
    figures = summary["overall"] if category == "overall" else summary["categories"][category]
    recall, mrr = MEASURED[name][category]

    assert summary["errors"] == 0
    assert figures["recall"] >= recall - MARGIN, _misses(summary, category)
    assert figures["mrr"] >= mrr - MARGIN, _misses(summary, category)
