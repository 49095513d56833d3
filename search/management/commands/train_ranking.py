"""``train_ranking [--output FILE]``: learn the weights of search.reranking from the development sets.

Each development judged set (search.reranking.DEVELOPMENT_SETS, under search/relevance/) is
imported into the configured database in a transaction that is rolled back, as
``search_relevance --catalogue`` does; its queries are ranked by the engine without the
reordering, and each query's first results, with whether a judge called them relevant, become
training pairs. The weights are written to search/reranking.json (or FILE). The same sets and
the same engine give the same file. Run it on an empty site (a fresh SQLite database after
``migrate``), so that nothing else competes, and measure the held-out sets after.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search import reranking
from search.engine import DatabaseSearchEngine, first_ranking, parse_query, scoring_plan, snapshot
from search.management.commands.search_relevance import JudgedSetError, catalogue_imported, load_queries

RELEVANCE = Path(__file__).resolve().parents[2] / "relevance"


class Command(BaseCommand):
    help = (
        "Learn the weights that reorder the first search results (search/reranking.json) from the "
        "development judged sets; the held-out sets are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            choices=reranking.DEVELOPMENT_SETS,
            help="Learn from this development set only (repeatable; default: all of them).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=reranking.MODEL_FILE,
            help="Where to write the weights (default: %(default)s, the file the site reads).",
        )

    def handle(self, *args, sets, output, **options):
        # Checked before a minute of work, not after.
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: {output.parent} is not a directory.")
        queries, counts = [], {}
        for name in sets or reranking.DEVELOPMENT_SETS:
            found = self._candidates(name)
            counts[name] = len(found)
            queries.extend(found)
            self.stderr.write(f"{name}: {len(found)} queries")
        try:
            weights = reranking.fit(queries)
        except ValueError as error:
            raise CommandError(str(error)) from None
        document = {
            "about": "Weights of search.reranking's features, learnt by `manage.py train_ranking`.",
            "trained_on": counts,
            "depth": reranking.RERANK_DEPTH,
            "l2": reranking.L2,
            "features": list(reranking.FEATURES),
            "weights": [round(weight, 6) for weight in weights],
        }
        try:
            output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        reranking.model.cache_clear()
        self.stdout.write(f"{sum(counts.values())} queries from {len(counts)} sets: {output}")
        for name, weight in sorted(zip(reranking.FEATURES, weights, strict=True), key=lambda item: -abs(item[1])):
            self.stdout.write(f"  {name:<26} {weight:+.3f}")

    def _candidates(self, name):
        """[[(feature vector, relevant?)] per query of the set] under the engine without reordering."""
        base = RELEVANCE / name
        try:
            judged = load_queries(base / "queries.json")
        except JudgedSetError as error:
            raise CommandError(str(error)) from None
        engine = DatabaseSearchEngine()
        found = []
        with catalogue_imported(base / "catalogue.json", judged):
            snap = snapshot()
            for item in judged:
                parsed = parse_query(item["query"], item["lang"], snap)
                if not parsed.concepts:
                    continue
                ranked = first_ranking(engine, parsed, engine.rank(parsed, snap), snap)[: reranking.RERANK_DEPTH]
                if not ranked:
                    continue
                relevant = set(item["relevant"])
                rows = reranking.record_features(parsed, ranked, snap, scoring_plan(parsed, snap))
                found.append(
                    [
                        ([values.get(feature, 0.0) for feature in reranking.FEATURES], snap.entries[pk].identifier in relevant)
                        for (pk, _covered, _score), values in zip(ranked, rows, strict=True)
                    ]
                )
        return found
