"""The site search on a search node: OpenSearch 2/3 or Elasticsearch 8/9 (``ELASTICSEARCH_URL``).

Same API, same behaviour as the database engine: the query is parsed by search.engine (keys,
typos, glossary, lexicon and dictionary expansions all come from the platform's own tables),
and the node runs it over one index of the platform's entries. Each entry's document carries

- the platform's own keys per field weight (``keys_title``, ``keys_summary``, ``keys_body``),
  indexed verbatim (whitespace analyzer): the concepts of the parsed query match on them
  exactly as on the database's postings, so both engines rank alike;
- its language versions' titles and texts in per-language fields analysed by the node's
  Bulgarian, Romanian and English analyzers (stop words, stemming; the Romanian one maps
  comma-below ș/ț to the cedilla letters its Lucene stemmer knows), searched (forgiving a
  typo) only when the platform's keys find nothing at all;
- the facets as keywords, counted by aggregations.

The document id is the entry's translation key, which survives a rebuild of the database
index: an alias points at the live index, ``rebuilding()`` fills a new one and swaps the alias
in one atomic action, so searches during a rebuild are answered all along.

The node is never the only copy: the database keeps the entries and postings. When the node
does not answer, searches are answered by the database engine and the entries changed in the
meantime wait in ``NodeBacklog`` until the node takes them (on the next index update, or
``manage.py search_node_sync``).

One code path builds every request body; ``NodeClient`` hands it to whichever official
client talks to the node (opensearch-py for OpenSearch, elasticsearch-py for Elasticsearch:
the latter refuses other products), as each expects it.
"""

import json
import logging
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .analysis import LANGUAGES
from .engine import (
    FACETS,
    FEEDBACK_MAX_RESULTS,
    KIND_ORDER,
    UNTRANSLATED,
    DatabaseSearchEngine,
    SearchResults,
    build_results,
    concepts_needed,
    coverage_floors,
    did_you_mean,
    facets_from_counts,
    first_ranking,
    matchable,
    matched_keys,
    order_ranking,
    parse_query,
    present,
    reranked,
    scoring_plan,
    snapshot,
)
from .models import NodeBacklog, SearchEntry, SearchPosting
from .reranking import RERANK_DEPTH

logger = logging.getLogger(__name__)

FIELD_WEIGHTS = {
    "keys_title": SearchPosting.TITLE,
    "keys_summary": SearchPosting.SUMMARY,
    "keys_body": SearchPosting.BODY,
}
BULK_SIZE = 500
# Hits read for a ranking the engine finishes in Python (feedback, "did you mean").
RANK_SIZE = 200


# --- which product answers ---


@dataclass(frozen=True)
class NodeProduct:
    name: str  # "opensearch" or "elasticsearch"
    major: int

    @property
    def backend(self):
        """The modelsearch backend module for Wagtail's own (admin) search on this node."""
        if self.name == "opensearch":
            return f"modelsearch.backends.opensearch{min(max(self.major, 2), 3)}"
        return f"modelsearch.backends.elasticsearch{min(max(self.major, 8), 9)}"


DEFAULT_PRODUCT = NodeProduct("opensearch", 2)


def parse_product(name):
    """``opensearch2``, ``opensearch3``, ``elasticsearch8``, ``elasticsearch9`` → NodeProduct."""
    for product in ("opensearch", "elasticsearch"):
        if name.startswith(product) and name[len(product) :].isdigit():
            return NodeProduct(product, int(name[len(product) :]))
    raise ValueError(f"unknown search node product {name!r} (opensearch2, opensearch3, elasticsearch8, elasticsearch9)")


@lru_cache(maxsize=8)
def detect_product(url, timeout=3.0):
    """Ask the node what it is (``GET /``); None when it does not answer."""
    request = urllib.request.Request(url.rstrip("/") + "/", headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (operator's URL)
            about = json.load(response)
    except (OSError, ValueError, urllib.error.URLError):
        return None
    version = about.get("version", {})
    major = int(str(version.get("number", "0")).split(".")[0] or 0)
    name = "opensearch" if version.get("distribution") == "opensearch" else "elasticsearch"
    return NodeProduct(name, major)


def configured_product(params):
    """The product named by the settings (``PRODUCT``), else the one that answers, else OpenSearch 2."""
    if params.get("PRODUCT"):
        return parse_product(params["PRODUCT"])
    url = (params.get("URLS") or ["http://localhost:9200"])[0]
    product = detect_product(url)
    if product is None:
        logger.warning("The search node %s does not answer; assuming %s until it does.", _safe(url), DEFAULT_PRODUCT)
        detect_product.cache_clear()
        return DEFAULT_PRODUCT
    return product


def node_overrides(url, prefix):
    """Settings that put Wagtail's and the site's search on the node at ``url`` under ``prefix``
    (for measuring and testing against a node other than the configured one)."""
    return {
        "ELASTICSEARCH_INDEX": prefix,
        "PLATFORM_SEARCH_ENGINE": "node",
        "WAGTAILSEARCH_BACKENDS": {
            "default": {
                "BACKEND": "search.wagtail_backend",
                "URLS": [url],
                "INDEX": prefix,
                "INDEX_PREFIX": f"{prefix}_",
                "TIMEOUT": 5,
                "ATOMIC_REBUILD": True,
                "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
            }
        },
    }


def _safe(url):
    """A URL without its credentials, for logs."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if rest else url


def unavailable_errors():
    """The exceptions that mean "the node cannot answer now" for either client."""
    errors = [ConnectionError, TimeoutError]
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # pragma: no cover - opensearch-py is a dependency
        pass
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors.extend([TransportError, ApiError])
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


class NodeUnavailable(Exception):
    """The node did not answer or refused the request."""


# --- the client, one call convention ---


INDEX_CREATION_TIMEOUT = 30  # seconds


class NodeClient:
    """Sends the request bodies search.node builds through the official client of the product."""

    def __init__(self, client, product):
        self.client = client
        self.product = product
        self._errors = unavailable_errors()

    @classmethod
    def from_settings(cls):
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend("default")
        return cls(backend.es, getattr(backend, "node_product", DEFAULT_PRODUCT))

    @property
    def opensearch(self):
        return self.product.name == "opensearch"

    def _call(self, function, body=None, **arguments):
        try:
            if body is None:
                return function(**arguments)
            if self.opensearch:
                return function(body=body, **arguments)
            return function(**arguments, **body)
        except self._errors as error:
            raise NodeUnavailable(str(error)[:300]) from error

    def search(self, index, body):
        return self._call(self.client.search, body, index=index)

    def bulk(self, operations, refresh=None):
        arguments = {"refresh": refresh} if refresh else {}
        if self.opensearch:
            return self._call(self.client.bulk, operations, **arguments)
        return self._call(self.client.bulk, operations=operations, **arguments)

    def create_index(self, index, body):
        # Creating an index waits for its shards to start: on a busy node that can take longer
        # than the client's default timeout, which is sized for searches.
        if self.opensearch:
            return self._call(self.client.indices.create, body, index=index, request_timeout=INDEX_CREATION_TIMEOUT)
        return self._call(self.client.options(request_timeout=INDEX_CREATION_TIMEOUT).indices.create, body, index=index)

    def delete_index(self, index):
        return self._call(self.client.indices.delete, index=index, ignore_unavailable=True)

    def refresh(self, index):
        return self._call(self.client.indices.refresh, index=index)

    def index_exists(self, index):
        return bool(self._call(self.client.indices.exists, index=index))

    def alias_targets(self, alias):
        """The concrete indexes the alias points at (empty when there is no such alias)."""
        if not self._call(self.client.indices.exists_alias, name=alias):
            return []
        return sorted(self._call(self.client.indices.get_alias, name=alias))

    def update_aliases(self, actions):
        return self._call(self.client.indices.update_aliases, {"actions": actions})

    def analyze(self, index, body):
        return self._call(self.client.indices.analyze, body, index=index)

    def drop_prefixed(self, prefix):
        """Delete every index whose name starts with ``prefix`` (a throwaway prefix's, after
        measuring or testing): the site search's dated indexes and Wagtail's."""
        for name in self._call(self.client.indices.get, index=f"{prefix}*", allow_no_indices=True):
            self.delete_index(name)

    def count(self, index):
        return self._call(self.client.count, index=index)["count"]

    def ping(self):
        try:
            return bool(self.client.ping())
        except self._errors:
            return False


# --- the index ---


def index_alias():
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX', 'bgro')}_platform_search"


def index_settings(shards=1, replicas=0):
    """Settings and mappings of the platform's index (one body for every product)."""
    text_fields = {}
    for language in LANGUAGES:
        for part in ("title", "text"):
            text_fields[f"{part}_{language}"] = {"type": "text", "analyzer": f"platform_{language}"}
    keys = {name: {"type": "text", "analyzer": "platform_keys", "norms": False} for name in FIELD_WEIGHTS}
    keys["keys_all"] = {"type": "text", "analyzer": "platform_keys", "norms": False}
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": {
                "char_filter": {
                    # Lucene's Romanian stemmer and stop list know only the cedilla letters.
                    "romanian_cedilla": {"type": "mapping", "mappings": ["ș => ş", "ț => ţ", "Ș => Ş", "Ț => Ţ"]},
                },
                "filter": {
                    "bulgarian_stop": {"type": "stop", "stopwords": "_bulgarian_"},
                    "bulgarian_stemmer": {"type": "stemmer", "language": "bulgarian"},
                    "romanian_stop": {"type": "stop", "stopwords": "_romanian_"},
                    "romanian_stemmer": {"type": "stemmer", "language": "romanian"},
                    "english_stop": {"type": "stop", "stopwords": "_english_"},
                    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                    "english_stemmer": {"type": "stemmer", "language": "english"},
                },
                "analyzer": {
                    "platform_bg": {
                        "tokenizer": "standard",
                        "filter": ["lowercase", "bulgarian_stop", "bulgarian_stemmer"],
                    },
                    "platform_ro": {
                        "tokenizer": "standard",
                        "char_filter": ["romanian_cedilla"],
                        "filter": ["lowercase", "romanian_stop", "romanian_stemmer"],
                    },
                    "platform_en": {
                        "tokenizer": "standard",
                        "filter": ["english_possessive", "lowercase", "english_stop", "english_stemmer"],
                    },
                    # Keys are made by search.analysis; the node must keep them as they are.
                    "platform_keys": {"type": "custom", "tokenizer": "whitespace"},
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "kind": keyword,
                "identifier": keyword,
                "source_language": keyword,
                "languages": keyword,
                "country": keyword,
                "region": keyword,
                "institution": keyword,
                "audience": keyword,
                "online": {"type": "boolean"},
                "date": {"type": "date"},
                "kind_order": {"type": "byte"},
                "entry": {"type": "long"},
                **text_fields,
                **keys,
            },
        },
    }


def entry_document(entry, versions, postings):
    """The indexed document of ``entry`` from its versions and its (key, weight) postings."""
    document = {
        "kind": entry.kind,
        "identifier": entry.identifier,
        "source_language": entry.source_language,
        "languages": sorted(version.language for version in versions if version.translated),
        "country": entry.country,
        "region": entry.region,
        "institution": entry.institution,
        "audience": [code for code in entry.audience.split(",") if code],
        "online": entry.online,
        "date": entry.date.isoformat() if entry.date else None,
        "kind_order": KIND_ORDER.get(entry.kind, 9),
        "entry": entry.pk,
    }
    for version in versions:
        if version.translated and version.language in LANGUAGES:
            document[f"title_{version.language}"] = version.title
            document[f"text_{version.language}"] = version.text
    by_weight = {weight: [] for weight in FIELD_WEIGHTS.values()}
    for key, weight in postings:
        by_weight[weight].append(key)
    for name, weight in FIELD_WEIGHTS.items():
        document[name] = " ".join(sorted(by_weight[weight]))
    document["keys_all"] = " ".join(sorted(key for key, _weight in postings))
    return document


# --- the query ---


# Every concept an entry covers (search.engine.coverage_floors) adds this much to its score, so
# that the node's order is the database's: more of the query's concepts covered first, then the
# sum of the best alternatives.
CONCEPT_STEP = 1000.0


def concept_query(alternatives, number, floor):
    """One concept: the best of its (keys, worth) alternatives, weighted as in the database,
    plus CONCEPT_STEP where the best match reaches the coverage ``floor``; named, so that a hit
    says which concepts it met at all.

    The step rides on each match's own boost: adding it where a match reaches the floor keeps
    the order of matches, so the best is still the best and carries the step exactly when the
    concept is covered. A separate coverage clause would ask every key twice, and the node
    refuses a query of more than 1,024 term clauses (OpenSearch's default
    ``indices.query.bool.max_clause_count``).
    """

    def scored(match, value):
        return {"constant_score": {"filter": match, "boost": round(value, 4) + (CONCEPT_STEP if value >= floor else 0)}}

    queries = []
    for keys, worth in alternatives:
        if len(keys) == 1:
            queries.extend(
                scored({"term": {field: keys[0]}}, worth * weight) for field, weight in FIELD_WEIGHTS.items()
            )
        else:
            # A whole term (glossary): worth × the weight of the weakest field its keys are in.
            levels = (
                (SearchPosting.TITLE, ["keys_title"]),
                (SearchPosting.SUMMARY, ["keys_title", "keys_summary"]),
                (SearchPosting.BODY, ["keys_all"]),
            )
            for weight, fields in levels:
                held = {
                    "bool": {
                        "filter": [{"bool": {"should": [{"term": {field: key}} for field in fields]}} for key in keys]
                    }
                }
                queries.append(scored(held, worth * weight))
    # A concept none of whose keys any record holds still takes its place (and number) among
    # the query's concepts; it matches nothing, as its keys would.
    matches = {"dis_max": {"queries": queries}} if queries else {"match_none": {}}
    return {"bool": {"must": [matches], "_name": f"c{number}"}}


def askable(alternatives, snap):
    """The alternatives that can give a record its value for the concept (search.engine.matchable),
    best first (a concept holds each set of keys once)."""
    return sorted(matchable(alternatives, snap), key=lambda alternative: -alternative[1])


# The node refuses a query of more than 1,024 term clauses (OpenSearch's default
# indices.query.bool.max_clause_count; Elasticsearch's own limit is never lower); a page's
# filters take a few of them.
MAX_TERM_CLAUSES = 1000


def term_clauses(keys):
    """What concept_query asks of one alternative: a key in each field, or a term's keys at its
    three levels (title; title or summary; anywhere)."""
    return len(FIELD_WEIGHTS) if len(keys) == 1 else 4 * len(keys)


def within_clause_limit(asked):
    """Per concept, its askable alternatives, the weakest left out until the whole query fits in
    MAX_TERM_CLAUSES; each concept keeps its best. Only the longest queries lose anything (a
    few in a thousand of the judged sets, through many everyday phrases of a kind of service),
    and what they lose are their faintest matches."""
    total = sum(term_clauses(keys) for alternatives in asked for keys, _worth in alternatives)
    if total <= MAX_TERM_CLAUSES:
        return asked
    weakest = sorted(
        (
            (worth, number, index, keys)
            for number, alternatives in enumerate(asked)
            for index, (keys, worth) in enumerate(alternatives)
            if index
        ),
        key=lambda candidate: candidate[:3],
    )
    dropped = set()
    for _worth, number, index, keys in weakest:
        if total <= MAX_TERM_CLAUSES:
            break
        dropped.add((number, index))
        total -= term_clauses(keys)
    return [
        [alternative for index, alternative in enumerate(alternatives) if (number, index) not in dropped]
        for number, alternatives in enumerate(asked)
    ]


def text_query(text):
    """The node's own analysis of what was typed, over every language's text, forgiving a typo:
    the last resort of a query whose keys match nothing."""
    return {
        "multi_match": {
            "query": text[:200],
            "fields": [f"{part}_{language}" for language in LANGUAGES for part in ("title", "text")],
            "fuzziness": "AUTO",
            "operator": "and",
        }
    }


def matching_query(parsed, snap, needed):
    """Entries meeting at least ``needed`` of the query's concepts, scored as in the database."""
    plan = scoring_plan(parsed, snap)
    floors = coverage_floors(parsed, plan, snap)
    asked = within_clause_limit([askable(alternatives, snap) for alternatives in plan])
    concepts = {
        "bool": {
            "should": [
                concept_query(alternatives, number, floors[number]) for number, alternatives in enumerate(asked)
            ],
            "minimum_should_match": needed,
        }
    }
    return {
        "script_score": {
            "query": concepts,
            "script": {
                "source": UNTRANSLATED_SCRIPT,
                "params": {"language": parsed.language, "factor": UNTRANSLATED, "step": CONCEPT_STEP},
            },
        }
    }


# The database's UNTRANSLATED raise on the node: the score past the coverage steps, raised for an
# entry with no version in the query's language (``languages`` holds those it has).
UNTRANSLATED_SCRIPT = (
    "double s = _score;"
    " if (doc['languages'].contains(params.language)) { return s; }"
    " double steps = Math.floor((s + 0.5) / params.step) * params.step;"
    " return steps + (s - steps) * params.factor;"
)


# The database's order for equal scores: by kind, then by entry.
ORDER = ["_score", {"kind_order": "asc"}, {"entry": "asc"}]


def ranking_body(parsed, snap, needed, size, query=None):
    """The best ``size`` entries, unfiltered, with the concepts each met (``matched_queries``)."""
    return {
        "size": size,
        "_source": False,
        "track_total_hits": True,
        "query": query or matching_query(parsed, snap, needed),
        "sort": ORDER,
    }


def query_body(parsed, request, snap, needed, start=0, size=10):
    """One page of results with the request's filters, and the facets (each without its own filter)."""
    filters = _filters(request)
    body = {
        "from": start,
        "size": size,
        "_source": False,
        "track_total_hits": True,
        "query": matching_query(parsed, snap, needed),
        "sort": ORDER,
        "aggs": {
            name: {
                "filter": {"bool": {"filter": [clause for facet, clause in filters.items() if facet != name]}},
                "aggs": {"values": {"terms": {"field": _facet_field(name), "size": 100}}},
            }
            for name in FACETS
        },
    }
    if filters:
        body["post_filter"] = {"bool": {"filter": list(filters.values())}}
    return body


def _facet_field(name):
    return "kind" if name == "type" else name


def _filters(request):
    filters = {}
    if request.kinds:
        filters["type"] = {"terms": {"kind": list(request.kinds)}}
    for name in ("country", "region", "institution", "audience"):
        value = getattr(request, name)
        if value:
            filters[name] = {"term": {name: value}}
    return filters


# --- the engine ---


class NodeSearchEngine:
    """The platform's search on the node, with the database engine as its fallback."""

    def __init__(self, client, alias=None):
        self.client = client
        self.alias = alias or index_alias()
        self._target = None  # the new index while rebuilding
        self._has_index = False
        self.fallback = DatabaseSearchEngine()

    @classmethod
    def from_settings(cls):
        return cls(NodeClient.from_settings())

    # --- the index ---

    def ensure_index(self):
        """Create the index behind the alias if there is none yet, so that a first write never
        lets the node guess the mappings (it would analyse the keys it must keep verbatim)."""
        if self._has_index:
            return
        if not self.client.alias_targets(self.alias) and not self.client.index_exists(self.alias):
            new = self._new_index_name()
            self.create_index(new)
            self.client.update_aliases([{"add": {"index": new, "alias": self.alias}}])
        self._has_index = True

    def _new_index_name(self):
        return f"{self.alias}_{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def create_index(self, name):
        shards = getattr(settings, "SEARCH_NODE_SHARDS", 1)
        replicas = getattr(settings, "SEARCH_NODE_REPLICAS", 0)
        self.client.create_index(name, index_settings(shards, replicas))

    @contextmanager
    def rebuilding(self):
        """Fill a new index while the alias keeps serving the old one; swap when done.

        The block is expected to commit the database's side before it ends; entries that others
        change after that (while the old index still takes their writes) are sent again after
        the swap, so nothing written meanwhile is lost.
        """
        new = self._new_index_name()
        self.create_index(new)
        self._target = new
        try:
            yield
            committed = timezone.now()
            self.client.refresh(new)
            old = self.client.alias_targets(self.alias)
            if not old and self.client.index_exists(self.alias):
                # A concrete index with the alias's name (made before aliases were used).
                self.client.delete_index(self.alias)
            actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
            actions.append({"add": {"index": new, "alias": self.alias}})
            self.client.update_aliases(actions)
        except BaseException:
            self._target = None
            self.client.delete_index(new)
            raise
        self._target = None
        self._has_index = True
        for index in old:
            self.client.delete_index(index)
        late = SearchEntry.objects.filter(indexed_at__gte=committed).values_list("translation_key", flat=True)
        self.index_entries([str(key) for key in late])

    def index_entries(self, translation_keys, refresh="true"):
        """Send these groups' entries (or their removal) to the node; queue them if it is down."""
        keys = [str(key) for key in translation_keys]
        if self._target is None and NodeBacklog.objects.exists():
            keys = list(dict.fromkeys([*NodeBacklog.pending(), *keys]))
        try:
            if self._target is None:
                self.ensure_index()
            for start in range(0, len(keys), BULK_SIZE):
                self._send(keys[start : start + BULK_SIZE], refresh)
        except NodeUnavailable as error:
            if self._target is not None:
                raise  # a rebuild fails as a whole; the alias still serves the old index
            logger.warning("Search node unavailable, %d entries queued: %s", len(keys), error)
            NodeBacklog.add(keys)
            return False
        if self._target is None:
            NodeBacklog.remove(keys)
        return True

    def _send(self, keys, refresh):
        entries = {
            str(entry.translation_key): entry
            for entry in SearchEntry.objects.filter(translation_key__in=keys).prefetch_related("versions")
        }
        postings = {}
        for entry_id, key, weight in SearchPosting.objects.filter(
            entry_id__in=[entry.pk for entry in entries.values()]
        ).values_list("entry_id", "key", "weight"):
            postings.setdefault(entry_id, []).append((key, weight))
        index = self._target or self.alias
        operations = []
        for key in keys:
            entry = entries.get(key)
            if entry is None:
                operations.append({"delete": {"_index": index, "_id": key}})
                continue
            operations.append({"index": {"_index": index, "_id": key}})
            operations.append(entry_document(entry, list(entry.versions.all()), postings.get(entry.pk, [])))
        if operations:
            response = self.client.bulk(operations, refresh=None if self._target else refresh)
            failed = [
                item
                for item in response.get("items", [])
                for action, result in item.items()
                if result.get("status", 200) >= 300 and not (action == "delete" and result.get("status") == 404)
            ]
            if failed:
                raise NodeUnavailable(f"{len(failed)} documents refused, first: {json.dumps(failed[0])[:300]}")

    # --- searching ---

    def search(self, request):
        snap = snapshot()
        parsed = parse_query(request.query, request.language, snap)
        if not parsed.concepts:
            return SearchResults(request=request, total=0, hits=[], facets=facets_from_counts(request, {}, snap))
        try:
            return self._search(request, parsed, snap)
        except NodeUnavailable as error:
            logger.warning("Search node unavailable, answering from the database: %s", error)
            return self.fallback.search(request)

    def _search(self, request, parsed, snap):
        ranked, total, needed = self._ranked(parsed, snap, None, FEEDBACK_MAX_RESULTS + 1)
        if total <= FEEDBACK_MAX_RESULTS:
            # Few matches: every one is here, so the rest is the database engine's own code
            # (feedback from the best matches, filters, facets, paging) on the same ranking.
            ranked = reranked(parsed, first_ranking(self, parsed, ranked, snap), snap)
            results = build_results(request, parsed, ranked, snap)
        else:
            results = self._paged(request, parsed, ranked, snap, needed)
        if not results.total:
            results.suggestion = did_you_mean(request, parsed, snap, self)
        return results

    def _paged(self, request, parsed, ranked, snap, needed):
        """Results of a query matching more than FEEDBACK_MAX_RESULTS records: the first
        RERANK_DEPTH of ``ranked`` (the node's best, unfiltered) reordered as the database engine
        does, those that pass the request's filters first, then the node's own filtered pages."""
        first = [snap.entries[row[0]] for row in reranked(parsed, ranked[:RERANK_DEPTH], snap)]
        head = [info for info in first if not request.filtered or request.matches(info)]
        start = (request.page - 1) * request.page_size
        end = start + request.page_size
        rest_start = max(start, len(head))
        response = self.client.search(
            self.alias, query_body(parsed, request, snap, needed, rest_start, max(0, end - rest_start))
        )
        held = {info.pk for info in head}
        shown = head[start:end] + [snap.entries[row[0]] for row in _rows(response, snap) if row[0] not in held]
        counters = {
            name: {bucket["key"]: bucket["doc_count"] for bucket in aggregation["values"]["buckets"]}
            for name, aggregation in response.get("aggregations", {}).items()
        }
        return SearchResults(
            request=request,
            total=response["hits"]["total"]["value"],
            hits=present(request, shown, matched_keys([info.pk for info in shown], parsed)),
            facets=facets_from_counts(request, counters, snap),
        )

    def rank(self, parsed, snap, needed=None):
        """[(entry pk, concepts covered, score)], best first, as DatabaseSearchEngine.rank."""
        try:
            return self._ranked(parsed, snap, needed, RANK_SIZE)[0]
        except NodeUnavailable:
            return self.fallback.rank(parsed, snap, needed)

    def _ranked(self, parsed, snap, needed, size):
        """(ranking, number of entries matching, concepts needed), with the database engine's rule:
        entries meeting ``needed`` concepts (by default two thirds), else, without an explicit
        ``needed``, those meeting any."""
        required = needed or concepts_needed(parsed)
        response = self.client.search(self.alias, ranking_body(parsed, snap, required, size))
        if not response["hits"]["hits"] and needed is None and required > 1:
            required = 1
            response = self.client.search(self.alias, ranking_body(parsed, snap, required, size))
        if not response["hits"]["hits"] and needed is None:
            # Where the keys find nothing, the node's own language analysis may (the database
            # engine has no such net: on the node a visitor gets at least what they would there).
            response = self.client.search(self.alias, ranking_body(parsed, snap, 1, size, text_query(parsed.text)))
            rows = [(row[0], len(parsed.concepts), row[2]) for row in _rows(response, snap)]
            return rows, response["hits"]["total"]["value"], required
        rows = order_ranking(parsed, _rows(response, snap), snap, needed)
        return rows, response["hits"]["total"]["value"], required

    def ready(self):
        """(usable, reason) for readiness checks."""
        if not self.client.ping():
            return False, "the search node does not answer"
        return True, ""


def _rows(response, snap):
    """(entry pk, concepts covered, score, concepts matched) of each hit the snapshot knows."""
    rows = []
    for hit in response["hits"]["hits"]:
        pk = snap.by_translation_key.get(hit["_id"])
        if pk is not None:
            score = hit.get("_score") or 0.0
            # The sum of a hit's best alternatives is far below CONCEPT_STEP.
            covered = int((score + 0.5) // CONCEPT_STEP)
            rows.append((pk, covered, score - covered * CONCEPT_STEP, len(hit.get("matched_queries") or ())))
    return rows


def sync_backlog():
    """Send the queued entries to the node, and the pages of their groups to Wagtail's index.

    Returns (sent, left): how many groups were taken, how many still wait.
    """
    from modelsearch.index import insert_or_update_object
    from wagtail.models import Page

    from .engine import search_engine

    engine = search_engine()
    keys = NodeBacklog.pending()
    if not keys or not isinstance(engine, NodeSearchEngine):
        return 0, len(keys)
    if not engine.index_entries([]):
        return 0, NodeBacklog.objects.count()
    with transaction.atomic():
        for page in Page.objects.filter(translation_key__in=keys).specific().iterator(chunk_size=200):
            insert_or_update_object(page)
    return len(keys), NodeBacklog.objects.count()
