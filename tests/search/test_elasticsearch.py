"""The Elasticsearch engine, without a server: what it would send, and what it makes of answers.

No Elasticsearch can run on our machines, so these tests pin the index settings and mappings,
the documents and the query bodies, and drive the engine with a recording client that answers
like Elasticsearch does.
"""

import json

import pytest
from django.test import override_settings

from search import engine as engine_module
from search.elasticsearch import ElasticsearchSearchEngine, entry_document, index_settings, query_body
from search.engine import SearchRequest, parse_query, snapshot
from search.models import GlossaryTerm, SearchEntry
from tests.search.conftest import make_institution, make_service

pytestmark = pytest.mark.django_db


class RecordingClient:
    """Answers search with the entries given, in order; records every call."""

    def __init__(self, answer_ids=(), aggregations=None):
        self.calls = []
        self.answer_ids = list(answer_ids)
        self.aggregations = aggregations or {}
        self.indices = self

    def exists(self, index):
        self.calls.append(("exists", index))
        return True

    def delete(self, index):
        self.calls.append(("delete", index))

    def create(self, index, **body):
        self.calls.append(("create", index, body))

    def bulk(self, operations, refresh=None):
        self.calls.append(("bulk", operations))
        return {"errors": False}

    def search(self, index, **body):
        self.calls.append(("search", index, body))
        hits = [{"_id": str(pk), "_score": 10.0 - number} for number, pk in enumerate(self.answer_ids)]
        return {"hits": {"total": {"value": len(hits)}, "hits": hits}, "aggregations": self.aggregations}


@pytest.mark.smoke
def test_index_uses_the_language_analyzers_and_keeps_keys_verbatim():
    settings = index_settings()
    properties = settings["mappings"]["properties"]

    assert {properties[f"title_{code}"]["analyzer"] for code in ("bg", "ro", "en")} == {
        "bulgarian",
        "romanian",
        "english",
    }
    assert properties["body_ro"]["fields"]["folded"]["analyzer"] == "folded"
    assert settings["settings"]["analysis"]["analyzer"]["folded"]["filter"] == ["lowercase", "asciifolding"]
    assert settings["settings"]["analysis"]["analyzer"]["platform_keys"] == {
        "type": "custom",
        "tokenizer": "whitespace",
    }
    assert all(properties[name]["analyzer"] == "platform_keys" for name in ("keys_title", "keys_summary", "keys_body"))
    assert {properties[name]["type"] for name in ("kind", "country", "region", "institution", "audience")} == {
        "keyword"
    }
    assert settings["mappings"]["dynamic"] == "strict"
    json.dumps(settings)  # sent as JSON


def test_documents_carry_each_translation_in_its_language_fields(catalogue, locales):
    service = make_service(
        catalogue, "Удостоверение за раждане", translations={"ro": {"title": "Certificat de naștere", "summary": ""}}
    )
    entry = SearchEntry.objects.get(identifier=service.catalogue_id)
    postings = list(entry.postings.values_list("key", "weight"))

    document = entry_document(entry, list(entry.versions.select_related("page")), postings)

    assert (document["title_bg"], document["title_ro"]) == ("Удостоверение за раждане", "Certificat de naștere")
    assert "title_en" not in document  # an alias: no text of its own
    assert document["languages"] == ["bg", "ro"]
    assert "razhdan" in document["keys_title"].split()
    assert set(document) <= set(index_settings()["mappings"]["properties"])


@pytest.mark.smoke
def test_query_body_carries_keys_typos_and_translations(catalogue):
    GlossaryTerm.objects.create(
        term_bg="разрешение за строеж", term_ro="autorizație de construire", term_en="building permit"
    )
    make_service(catalogue, "Разрешение за строеж")
    snap = snapshot()
    parsed = parse_query("autorizatie construire", "ro", snap)

    body = query_body(parsed, SearchRequest(query="autorizatie construire", language="ro", country="BG"), snap, 0, 10)

    should = body["query"]["bool"]["should"]
    assert len(should) == 2 and body["query"]["bool"]["minimum_should_match"] == 2
    clauses = json.dumps(should)
    assert '"keys_title": "autorizat"' in clauses  # the word itself
    assert '"keys_all": "razresheni"' in clauses  # the glossary's Bulgarian term, all of it
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"country": "BG"}}]}}
    # Each facet counts with the other filters only.
    assert body["aggs"]["country"]["filter"] == {"bool": {"filter": []}}
    assert body["aggs"]["type"]["filter"] == {"bool": {"filter": [{"term": {"country": "BG"}}]}}
    assert (body["from"], body["size"]) == (0, 10)


def test_engine_reads_hits_and_facets_from_the_answer(catalogue):
    giurgiu = make_institution(catalogue, "Primăria Giurgiu", "giurgiu-municipality", country="RO", region="Giurgiu")
    service = make_service(catalogue, "Данък сгради", institution=giurgiu)
    entry = SearchEntry.objects.get(identifier=service.catalogue_id)
    client = RecordingClient([entry.pk], {"country": {"values": {"buckets": [{"key": "RO", "doc_count": 1}]}}})
    engine = ElasticsearchSearchEngine(client=client, index="test_platform_search")

    results = engine.search(SearchRequest(query="данък", language="ro"))

    assert [(hit.id, hit.locale) for hit in results.hits] == [(service.catalogue_id, "bg")]
    assert results.total == 1
    assert results.facets["country"] == [{"value": "RO", "label": "România", "count": 1, "selected": False}]
    assert client.calls[0][0:2] == ("search", "test_platform_search")


def test_publishing_sends_the_entry_and_deleting_removes_it(catalogue):
    client = RecordingClient()
    with override_settings(PLATFORM_SEARCH_ENGINE="elasticsearch", ELASTICSEARCH_INDEX="test"):
        engine_module._engine = ElasticsearchSearchEngine(client=client, index="test_platform_search")
        try:
            service = make_service(catalogue, "Данък сгради")
            entry_id = SearchEntry.objects.get(identifier=service.catalogue_id).pk
            sent = [op for call in client.calls if call[0] == "bulk" for op in call[1]]
            assert {"index": {"_index": "test_platform_search", "_id": str(entry_id)}} in sent

            client.calls.clear()
            service.unpublish()
            deleted = [op for call in client.calls if call[0] == "bulk" for op in call[1]]
            assert {"delete": {"_index": "test_platform_search", "_id": str(entry_id)}} in deleted
        finally:
            engine_module._engine = None


def test_rebuild_creates_the_index_with_its_settings(catalogue):
    from search.indexing import rebuild_index

    make_service(catalogue, "Данък сгради")
    client = RecordingClient()
    engine_module._engine = ElasticsearchSearchEngine(client=client, index="test_platform_search")
    try:
        rebuild_index()
    finally:
        engine_module._engine = None

    created = [call for call in client.calls if call[0] == "create"]
    assert created and created[0][2] == index_settings()
    assert any(call[0] == "bulk" for call in client.calls)
