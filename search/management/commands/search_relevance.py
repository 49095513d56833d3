"""Recall@10 and MRR of the site's search on the judged query set, against Wagtail's plain search.

The judged set (search/relevance/queries.json) holds what visitors type over the demo catalogue,
in six categories (mono-lingual, cross-language, transliteration, diacritics, morphology,
typo), each query with the catalogue ids of every demo record a visitor would accept. The
platform engine is measured through the JSON API, as visitors get it; the baseline is Wagtail's
database search on the pages of the query's language tree, the search the site had before.
"""

import json
import re
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import override_settings
from wagtail.models import Locale, Page

from catalogue.models import InstitutionPage, ServicePage

QUERIES_PATH = Path(__file__).resolve().parents[2] / "relevance" / "queries.json"
API_PATH = "/api/search/"
CUTOFF = 10
CATEGORIES = ("mono-lingual", "cross-language", "transliteration", "diacritics", "morphology", "typo")
LANGUAGES = ("bg", "ro", "en")
# Issue 5's goals: the overall floor is the command's --min-recall, the category floor is fixed.
OVERALL_GOAL = 0.9
CATEGORY_FLOOR = 0.8
ENGINES = ("platform", "baseline")
_WORD = re.compile(r"\w+")


class JudgedSetError(ValueError):
    """The judged query file is missing or malformed."""


def load_queries(path=QUERIES_PATH):
    """The judged queries, checked: a malformed file would otherwise give misleading figures."""
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise JudgedSetError(f"Cannot read {path}: {error.strerror}") from None
    except ValueError as error:
        raise JudgedSetError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(items, list) or not items:
        raise JudgedSetError(f"{path} must hold a non-empty list of queries")
    problems = []
    for number, item in enumerate(items):
        where = f"{path}[{number}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        if not isinstance(item.get("query"), str) or not item["query"].strip():
            problems.append(f"{where}.query: a non-empty string is required")
        if item.get("lang") not in LANGUAGES:
            problems.append(f"{where}.lang: one of {', '.join(LANGUAGES)} is required")
        if item.get("category") not in CATEGORIES:
            problems.append(f"{where}.category: one of {', '.join(CATEGORIES)} is required")
        relevant = item.get("relevant")
        if not isinstance(relevant, list) or not relevant or not all(isinstance(rid, str) for rid in relevant):
            problems.append(f"{where}.relevant: a non-empty list of catalogue ids is required")
    if problems:
        raise JudgedSetError("\n".join(problems))
    return items


PRECISION_CUTOFF = 5


def score(relevant, ranking, cutoff=CUTOFF):
    """(recall@cutoff, reciprocal rank) of one ranking of result ids against the relevant ids."""
    relevant = set(relevant)
    top = ranking[:cutoff]
    recall = len(relevant.intersection(top)) / len(relevant)
    reciprocal_rank = next((1 / rank for rank, rid in enumerate(top, start=1) if rid in relevant), 0.0)
    return recall, reciprocal_rank


def precision(relevant, ranking, cutoff=PRECISION_CUTOFF):
    """Share of the first ``cutoff`` places holding a relevant record, out of the places the
    judged set could fill (a query with two relevant records can fill two of five)."""
    return len(set(relevant).intersection(ranking[:cutoff])) / min(cutoff, len(set(relevant)))


def summarise(queries, rankings, errors=None):
    """Mean recall@10 and MRR per category and overall, and the queries that missed something."""
    errors = errors or {}
    per_category = {category: [] for category in CATEGORIES}
    misses, late = [], []
    for number, item in enumerate(queries):
        ranking = rankings.get(number, [])
        recall, reciprocal_rank = score(item["relevant"], ranking)
        per_category[item["category"]].append((recall, reciprocal_rank, precision(item["relevant"], ranking)))
        if 0 < reciprocal_rank < 1:
            late.append(
                {
                    "query": item["query"],
                    "lang": item["lang"],
                    "category": item["category"],
                    "first_relevant": round(1 / reciprocal_rank),
                    "ranking": ranking[: round(1 / reciprocal_rank)],
                }
            )
        if recall < 1:
            misses.append(
                {
                    "query": item["query"],
                    "lang": item["lang"],
                    "category": item["category"],
                    "missing": [rid for rid in item["relevant"] if rid not in ranking[:CUTOFF]],
                    "ranking": ranking[:CUTOFF],
                    **({"error": errors[number]} if number in errors else {}),
                }
            )

    def mean(triples):
        if not triples:
            return None
        return {
            "queries": len(triples),
            "recall": sum(recall for recall, _, _ in triples) / len(triples),
            "mrr": sum(reciprocal_rank for _, reciprocal_rank, _ in triples) / len(triples),
            "precision5": sum(share for _, _, share in triples) / len(triples),
        }

    return {
        "overall": mean([triple for triples in per_category.values() for triple in triples]),
        "categories": {category: mean(triples) for category, triples in per_category.items() if triples},
        "misses": misses,
        # Queries whose first relevant record is found, but not first (what lowers the MRR).
        "late": late,
        "errors": len(errors),
    }


def platform_rankings(queries, client=None):
    """Result ids of the JSON API for each query, in the query's language, first page of 10.

    Returns (rankings, errors): a query the API does not answer with 200 counts as no results,
    and its status is kept so the report can say what went wrong.
    """
    client = client or Client()
    rankings, errors = {}, {}
    for number, item in enumerate(queries):
        response = client.get(API_PATH, {"q": item["query"], "lang": item["lang"], "page_size": CUTOFF}, secure=True)
        if response.status_code != 200:
            detail = response.get("Location") or response.content[:200].decode("utf-8", "replace")
            errors[number] = f"{response.status_code} {detail}"
            rankings[number] = []
            continue
        ranking = []
        for result in response.json().get("results", []):
            if result.get("id") not in ranking:
                ranking.append(result.get("id"))
        rankings[number] = ranking
    return rankings, errors


def baseline_rankings(queries):
    """Wagtail's database search over the live pages of the query's language tree.

    Each language tree holds one page per translation group (a translation or an alias of the
    source), so the first ten hits are ten groups; record pages map to their catalogue id.
    The query reaches the backend as words only, as the site's search page did: raw quotes and
    operators are syntax to SQLite FTS5 and PostgreSQL, not what visitors mean.
    """
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    rankings, errors = {}, {}
    for number, item in enumerate(queries):
        words = " ".join(_WORD.findall(item["query"]))
        try:
            with transaction.atomic():
                hits = list(Page.objects.live().filter(locale=locales[item["lang"]]).search(words)[: CUTOFF * 2])
        except DatabaseError as error:
            errors[number] = str(error).splitlines()[0] if str(error) else type(error).__name__
            rankings[number] = []
            continue
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific()}
        ranking = []
        for hit in hits:
            page = specific.get(hit.pk, hit)
            identifier = getattr(page, "catalogue_id", None) or str(page.translation_key)
            if identifier not in ranking:
                ranking.append(identifier)
        rankings[number] = ranking[:CUTOFF]
    return rankings, errors


def evaluate(engine, queries, client=None):
    """The summary of one engine over the judged queries; writes nothing to the database.

    The platform API keeps a search log: the run happens in a transaction that is rolled back,
    so measuring does not count as visitors' searches.
    """
    with transaction.atomic():
        if engine == "platform":
            rankings, errors = platform_rankings(queries, client)
        else:
            rankings, errors = baseline_rankings(queries)
        transaction.set_rollback(True)
    return summarise(queries, rankings, errors)


def measure_catalogue(path, judged, engines, node_url=None):
    """Import ``path``, index it and measure, all in a transaction that is rolled back."""
    with catalogue_imported(path, judged, node_url):
        return {name: evaluate(name, judged) for name in engines}


@contextmanager
def catalogue_imported(path, judged, node_url=None):
    """Within: the catalogue ``path`` imported and indexed (on the node at ``node_url`` too,
    under a temporary index prefix), each of ``judged``'s records in it; after: all rolled back."""
    from catalogue.exchange_format import CatalogueFileError, parse
    from catalogue.importer import CatalogueImporter, create_catalogue_sections
    from home.models import HomePage
    from search.indexing import rebuild_index
    from search.lexicon import rebuild_lexicon

    try:
        document = parse(Path(path).read_bytes())
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except CatalogueFileError as error:
        raise CommandError(f"{path}: {error.problems[0]}") from None
    # Life events are taxonomy snippets a site defines (the demo loader makes the demo's): search
    # does not read them, so a file naming ones this site lacks is measured without them.
    for service in document.get("services", []) if isinstance(document, dict) else []:
        if isinstance(service, dict):
            service.pop("life_events", None)
    node = _node_settings(node_url) if node_url else None
    try:
        with override_settings(**(node or {})), transaction.atomic():
            home = HomePage.objects.filter(locale__language_code="bg", depth=2).first()
            if home is None:
                raise CommandError("The site has no Bulgarian home page: run `manage.py migrate` first.")
            if not ServicePage.objects.exists() and not home.get_children().type(_index_models()).exists():
                create_catalogue_sections(home)
            try:
                CatalogueImporter(document).run()
            except CatalogueFileError as error:
                raise CommandError(f"{path} does not import: {error.problems[0]}") from None
            missing = missing_records(judged)
            if missing:
                raise CommandError(f"{len(missing)} judged records are not in {path} ({', '.join(missing[:5])})")
            rebuild_lexicon()
            rebuild_index()
            yield
            transaction.set_rollback(True)
    finally:
        if node:
            _drop_node_indexes(node)


def _index_models():
    from catalogue.models import InstitutionIndexPage, ServiceIndexPage

    return (InstitutionIndexPage, ServiceIndexPage)


def _node_settings(url):
    import uuid

    from search.node import detect_product, node_overrides

    if detect_product(url) is None:
        detect_product.cache_clear()
        raise CommandError(f"No search node answers at {url} (start one with `make engine`).")
    return node_overrides(url, f"bgro_relevance_{uuid.uuid4().hex[:8]}")


def _drop_node_indexes(node):
    from search.engine import search_engine

    with override_settings(**node):
        search_engine().client.drop_prefixed(node["ELASTICSEARCH_INDEX"])


def missing_records(queries):
    """Judged catalogue ids that are not live on this site (the demo is not loaded)."""
    judged = {rid for item in queries for rid in item["relevant"]}
    live = set(ServicePage.objects.live().filter(catalogue_id__in=judged).values_list("catalogue_id", flat=True))
    live |= set(InstitutionPage.objects.live().filter(catalogue_id__in=judged).values_list("catalogue_id", flat=True))
    return sorted(judged - live)


def below_goal(summary, min_recall):
    """Why the platform misses the goals, one reason per line (empty when it meets them)."""
    reasons = []
    if summary["overall"]["recall"] < min_recall:
        reasons.append(f"overall recall@{CUTOFF} {summary['overall']['recall']:.2f} < {min_recall:.2f}")
    for category, figures in summary["categories"].items():
        if figures["recall"] < CATEGORY_FLOOR:
            reasons.append(f"{category} recall@{CUTOFF} {figures['recall']:.2f} < {CATEGORY_FLOOR:.2f}")
    return reasons


class Command(BaseCommand):
    help = (
        "Print recall@10 and MRR per category and overall of the site's search (the JSON API, "
        "page_size=10, in each query's language) and of Wagtail's plain database search on the "
        "judged query set search/relevance/queries.json. It measures the configured database: run "
        "`manage.py load_demo` and `manage.py update_index` first. Nothing is written (the search "
        "log of the run is rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            action="append",
            help="Measure only this engine (repeatable); default: both, platform first.",
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the figures and the missed queries as JSON."
        )
        parser.add_argument(
            "--min-recall",
            type=float,
            metavar="R",
            help=(
                f"Exit with status 1 when the platform's overall recall@{CUTOFF} is below R or any category's "
                f"is below {CATEGORY_FLOOR} (for CI; issue 5's goal is R={OVERALL_GOAL})."
            ),
        )
        parser.add_argument("--queries", default=str(QUERIES_PATH), help="Judged query file (default: %(default)s).")
        parser.add_argument(
            "--catalogue",
            metavar="FILE",
            help=(
                "Measure over this catalogue (exchange format) instead of the site's records: it is imported, "
                "indexed and measured in a transaction that is rolled back (run it on an empty site, e.g. a fresh "
                "SQLite database after `migrate`, so that nothing else competes)."
            ),
        )
        parser.add_argument(
            "--node",
            metavar="URL",
            help=(
                "Run the platform engine on this search node (OpenSearch or Elasticsearch) under a temporary "
                "index prefix, dropped afterwards; with --catalogue only (the node then holds what was measured)."
            ),
        )

    def handle(self, *args, engine, as_json, min_recall, queries, verbosity, catalogue=None, node=None, **options):
        engines = [name for name in ENGINES if name in (engine or ENGINES)]
        if node and not catalogue:
            raise CommandError("--node measures a catalogue it indexes itself: give --catalogue too.")
        if min_recall is not None:
            if not 0 <= min_recall <= 1:
                raise CommandError("--min-recall must be between 0 and 1.")
            if "platform" not in engines:
                raise CommandError("--min-recall judges the platform engine: do not leave it out with --engine.")
        try:
            judged = load_queries(queries)
        except JudgedSetError as error:
            raise CommandError(str(error)) from None
        # The test client's host name; the measured site's own settings stay as they are otherwise.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            if catalogue:
                summaries = measure_catalogue(catalogue, judged, engines, node)
            else:
                self._check_records(judged)
                summaries = {name: evaluate(name, judged) for name in engines}

        if "platform" in summaries and summaries["platform"]["errors"] == len(judged):
            first = summaries["platform"]["misses"][0]
            raise CommandError(f"The search API {API_PATH} answered no query (first answer: {first['error']}).")
        if as_json:
            self.stdout.write(self._json(judged, queries, summaries))
        else:
            self._table(judged, queries, summaries, verbosity)
        if min_recall is not None:
            reasons = below_goal(summaries["platform"], min_recall)
            if reasons:
                raise CommandError("The platform search misses the goal: " + "; ".join(reasons), returncode=1)

    def _check_records(self, judged):
        missing = missing_records(judged)
        if missing:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            raise CommandError(
                f"{len(missing)} judged records are not live on this site ({shown}): "
                "run `manage.py load_demo` and `manage.py update_index` first."
            )

    def _json(self, judged, path, summaries):
        document = {
            "queries": len(judged),
            "file": str(path),
            "database": connection.vendor,
            "cutoff": CUTOFF,
            "engines": summaries,
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def _table(self, judged, path, summaries, verbosity):
        write = self.stdout.write
        write(f"{len(judged)} judged queries ({path}), database {connection.vendor}, first {CUTOFF} results")
        header = f"{'category':<16} {'n':>3}"
        for name in summaries:
            header += f"   {name + ' R@10':>15} {'MRR':>5} {'P@5':>5}"
        write(header)
        rows = [*CATEGORIES, "overall"]
        for row in rows:
            figures = [
                summary["overall"] if row == "overall" else summary["categories"].get(row)
                for summary in summaries.values()
            ]
            if figures[0] is None:
                continue
            line = f"{row:<16} {figures[0]['queries']:>3}"
            for figure in figures:
                line += f"   {figure['recall']:>15.2f} {figure['mrr']:>5.2f} {figure['precision5']:>5.2f}"
            write(line)
        write(f"Goal: recall@{CUTOFF} ≥ {OVERALL_GOAL} overall and ≥ {CATEGORY_FLOOR} in every category.")
        for name, summary in summaries.items():
            if summary["errors"]:
                self.stderr.write(f"{name}: {summary['errors']} queries failed (counted as no results).")
            if verbosity >= 2:
                write(f"\n{name}: queries missing relevant records")
                for miss in summary["misses"]:
                    note = f" [{miss['error']}]" if "error" in miss else ""
                    write(
                        f"  {miss['category']:<16} {miss['lang']} {miss['query']!r}: missing {', '.join(miss['missing'])}; "
                        f"got {', '.join(miss['ranking']) or 'nothing'}{note}"
                    )
