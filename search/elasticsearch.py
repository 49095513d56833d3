"""The search engine on Elasticsearch 8/9, for production (``ELASTICSEARCH_URL``).

Same API, same behaviour: the query is parsed by search.engine (keys, typos, glossary and
translation-memory expansions all come from the platform's own tables), and Elasticsearch
runs it over one index of the platform's entries, through the client of Wagtail's
Elasticsearch backend. Each entry carries

- its language versions' text in per-language fields analysed by Elasticsearch's built-in
  ``bulgarian``, ``romanian`` and ``english`` analyzers (with a folded sub-field: lower case,
  ASCII folding), used for highlighting and as a fuzzy safety net;
- the platform's own keys per field weight (``keys_title``, ``keys_summary``, ``keys_body``),
  indexed verbatim, on which the concepts of the parsed query match exactly as on the
  database's postings;
- the facets as keywords.

Only the built-in analyzers are used, so a stock Elasticsearch (no plugins) runs it;
transliteration happens in Python before the text reaches it.
"""

from dataclasses import dataclass

from django.conf import settings

from .engine import (
    FACETS,
    KIND_ORDER,
    SearchResults,
    did_you_mean,
    facets_from_counts,
    matched_keys,
    parse_query,
    present,
    scoring_plan,
    snapshot,
)
from .models import SearchEntry, SearchPosting

LANGUAGE_ANALYZERS = {"bg": "bulgarian", "ro": "romanian", "en": "english"}
FIELD_WEIGHTS = {
    "keys_title": SearchPosting.TITLE,
    "keys_summary": SearchPosting.SUMMARY,
    "keys_body": SearchPosting.BODY,
}


def index_name():
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX', 'bgro')}_platform_search"


def index_settings():
    """Settings and mappings of the platform's index."""
    text_fields = {}
    for language, analyzer in LANGUAGE_ANALYZERS.items():
        for part in ("title", "summary", "body"):
            text_fields[f"{part}_{language}"] = {
                "type": "text",
                "analyzer": analyzer,
                "fields": {"folded": {"type": "text", "analyzer": "folded"}},
            }
    keys = {name: {"type": "text", "analyzer": "platform_keys", "norms": False} for name in FIELD_WEIGHTS}
    keys["keys_all"] = {"type": "text", "analyzer": "platform_keys", "norms": False}
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "analyzer": {
                    "folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    # Keys are made by search.analysis; Elasticsearch must keep them as they are.
                    "platform_keys": {"type": "custom", "tokenizer": "whitespace"},
                }
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
                **text_fields,
                **keys,
            },
        },
    }


def entry_document(entry, versions, postings):
    """The indexed document of ``entry`` from its versions and its (key, weight) postings."""
    from .documents import page_text

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
    }
    for version in versions:
        if version.translated and version.language in LANGUAGE_ANALYZERS:
            text = page_text(version.page.specific)
            document[f"title_{version.language}"] = text.title
            document[f"summary_{version.language}"] = text.summary
            document[f"body_{version.language}"] = text.body
    by_weight = {weight: [] for weight in FIELD_WEIGHTS.values()}
    for key, weight in postings:
        by_weight[weight].append(key)
    for name, weight in FIELD_WEIGHTS.items():
        document[name] = " ".join(sorted(by_weight[weight]))
    document["keys_all"] = " ".join(sorted(key for key, _weight in postings))
    return document


def concept_query(alternatives):
    """One concept: the best of its (keys, worth) alternatives, weighted as in the database."""
    queries = []
    for keys, worth in alternatives:
        if len(keys) == 1:
            queries.extend(
                {"constant_score": {"filter": {"term": {field: keys[0]}}, "boost": round(worth * weight, 4)}}
                for field, weight in FIELD_WEIGHTS.items()
            )
        else:
            queries.append(
                {
                    "constant_score": {
                        "filter": {"bool": {"filter": [{"term": {"keys_all": key}} for key in keys]}},
                        "boost": round(worth * SearchPosting.BODY, 4),
                    }
                }
            )
    return {"dis_max": {"queries": queries}}


def query_body(parsed, request, snap, start=0, size=10):
    """The search request body: concepts that must mostly match, filters, facets."""
    total = len(parsed.concepts)
    needed = max(1, total - total // 3)
    filters = _filters(request)
    body = {
        "from": start,
        "size": size,
        "_source": ["identifier", "kind"],
        "track_total_hits": True,
        "query": {
            "bool": {
                "should": [concept_query(alternatives) for alternatives in scoring_plan(parsed, snap)],
                "minimum_should_match": needed,
            }
        },
        "sort": ["_score", {"kind_order": "asc"}, {"identifier": "asc"}],
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


@dataclass
class ElasticsearchSearchEngine:
    client: object
    index: str

    @classmethod
    def from_settings(cls):
        from wagtail.search.backends import get_search_backend

        return cls(client=get_search_backend("default").es, index=index_name())

    # --- the index ---

    def create_index(self):
        if self.client.indices.exists(index=self.index):
            self.client.indices.delete(index=self.index)
        self.client.indices.create(index=self.index, **index_settings())

    def index_entries(self, entry_ids):
        """Send these entries (or their deletion, for entries that are gone) to the index."""
        entries = {
            entry.pk: entry for entry in SearchEntry.objects.filter(pk__in=entry_ids).prefetch_related("versions__page")
        }
        postings = {}
        for entry_id, key, weight in SearchPosting.objects.filter(entry_id__in=list(entries)).values_list(
            "entry_id", "key", "weight"
        ):
            postings.setdefault(entry_id, []).append((key, weight))
        operations = []
        for entry_id in entry_ids:
            entry = entries.get(entry_id)
            if entry is None:
                operations.append({"delete": {"_index": self.index, "_id": str(entry_id)}})
                continue
            operations.append({"index": {"_index": self.index, "_id": str(entry_id)}})
            operations.append(entry_document(entry, list(entry.versions.all()), postings.get(entry_id, [])))
        if operations:
            self.client.bulk(operations=operations, refresh="wait_for")

    # --- searching ---

    def search(self, request):
        snap = snapshot()
        parsed = parse_query(request.query, request.language, snap)
        if not parsed.concepts:
            return SearchResults(request=request, total=0, hits=[], facets=facets_from_counts(request, {}, snap))
        start = (request.page - 1) * request.page_size
        response = self.client.search(index=self.index, **query_body(parsed, request, snap, start, request.page_size))
        shown = [snap.entries[int(hit["_id"])] for hit in response["hits"]["hits"] if int(hit["_id"]) in snap.entries]
        hits = present(request, shown, matched_keys([info.pk for info in shown], parsed))
        counters = {
            name: {bucket["key"]: bucket["doc_count"] for bucket in aggregation["values"]["buckets"]}
            for name, aggregation in response.get("aggregations", {}).items()
        }
        results = SearchResults(
            request=request,
            total=response["hits"]["total"]["value"],
            hits=hits,
            facets=facets_from_counts(request, counters, snap),
        )
        if not results.total:
            results.suggestion = did_you_mean(request, parsed, snap, self)
        return results

    def rank(self, parsed, snap):
        """The best entries for ``parsed``, unfiltered (for "did you mean")."""
        response = self.client.search(index=self.index, **query_body(parsed, _AnyRequest(), snap, 0, 10))
        return [(int(hit["_id"]), len(parsed.concepts), hit["_score"] or 0.0) for hit in response["hits"]["hits"]]


class _AnyRequest:
    kinds = ()
    country = region = institution = audience = ""
