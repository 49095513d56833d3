"""The search on a real node (OpenSearch from `make engine`): its index, its analysis, its
rebuild without downtime, Wagtail's own search on it, and what happens when it is down.

The engine's behaviour (ranking, facets, suggest, did-you-mean, highlighting, paging, bad
input, publishing and deleting) is tested on both engines by the parametrised fixture
``search_engine_under_test`` in test_engine.py, test_api.py and test_views.py.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from bgro.translation import translate_page
from search import node as node_module
from search.engine import SearchRequest, parse_query, search_engine, snapshot
from search.indexing import rebuild_index
from search.models import NodeBacklog, SearchEntry
from search.node import NodeSearchEngine, NodeUnavailable, index_settings, ranking_body, sync_backlog
from tests.search.conftest import make_institution, make_service
from tests.search.node import drop_indexes, node_settings, require_node

pytestmark = [pytest.mark.django_db, pytest.mark.node]


@pytest.fixture
def node(settings):
    require_node()
    for name, value in node_settings().items():
        setattr(settings, name, value)
    engine = search_engine()
    assert isinstance(engine, NodeSearchEngine)
    engine.ensure_index()
    yield engine
    drop_indexes(engine.client, settings.ELASTICSEARCH_INDEX)


def ids(engine, query, language="bg", **filters):
    return [hit.id for hit in engine.search(SearchRequest(query=query, language=language, **filters)).hits]


def analyzed(node, analyzer, text):
    answer = node.client.analyze(node.alias, {"analyzer": analyzer, "text": text})
    return [token["token"] for token in answer["tokens"]]


# --- the index and its analysis ---


def test_the_index_has_per_language_analysis_and_verbatim_keys(node):
    raw = node.client.client
    (concrete,) = node.client.alias_targets(node.alias)
    mapping = raw.indices.get_mapping(index=node.alias)[concrete]["mappings"]["properties"]

    assert {mapping[f"title_{code}"]["analyzer"] for code in ("bg", "ro", "en")} == {
        "platform_bg",
        "platform_ro",
        "platform_en",
    }
    assert mapping["keys_title"]["analyzer"] == "platform_keys"
    assert mapping["country"]["type"] == "keyword"
    # Keys go in as search.analysis made them: one token each, nothing stemmed or split.
    assert analyzed(node, "platform_keys", "udostoverenie razhdan-a") == ["udostoverenie", "razhdan-a"]


def test_bulgarian_analysis_stems_inflected_forms_alike(node):
    # Singular and plural, with and without the definite article. (Lucene's light stemmer
    # parts "удостоверения" from the rest; the platform's keys, BulStem, do not.)
    for forms in (
        ["данък", "данъка", "данъкът", "данъци", "данъците"],
        ["община", "общината", "общини"],
        ["удостоверение", "удостоверението", "удостоверенията"],
    ):
        stems = {tuple(analyzed(node, "platform_bg", form)) for form in forms}
        assert len(stems) == 1, stems
    assert analyzed(node, "platform_bg", "за и на") == []  # stop words


def test_romanian_analysis_treats_comma_below_and_cedilla_alike(node):
    comma_below = analyzed(node, "platform_ro", "înregistrarea căsătoriei și certificatele de naștere")
    cedilla = analyzed(node, "platform_ro", "înregistrarea căsătoriei şi certificatele de naştere")

    assert comma_below == cedilla
    assert analyzed(node, "platform_ro", "certificatele") == analyzed(node, "platform_ro", "certificatul")
    assert "şi" not in comma_below and "și" not in comma_below  # the stop word, in either spelling


def test_english_analysis_stems(node):
    assert analyzed(node, "platform_en", "permits") == analyzed(node, "platform_en", "permit")


def test_settings_sent_are_the_settings_kept(node):
    (concrete,) = node.client.alias_targets(node.alias)
    kept = node.client.client.indices.get_settings(index=concrete)[concrete]["settings"]["index"]

    assert kept["analysis"]["char_filter"]["romanian_cedilla"]["type"] == "mapping"
    assert int(kept["number_of_shards"]) == index_settings()["settings"]["number_of_shards"]


# --- documents follow the pages ---


def test_publishing_translating_moving_and_deleting_show_in_results(node, catalogue):
    service = make_service(catalogue, "Данък върху сгради", summary="Годишен данък за сгради.")
    assert ids(node, "данък сгради") == [service.catalogue_id]
    assert node.search(SearchRequest(query="данък", language="ro")).hits[0].locale == "bg"

    translate_page(
        service,
        Locale.objects.get(language_code="ro"),
        {"title": "Impozit pe clădiri", "summary": "Impozitul anual pe clădiri."},
    )
    hit = node.search(SearchRequest(query="impozit cladiri", language="ro")).hits[0]
    assert (hit.id, hit.locale, hit.title) == (service.catalogue_id, "ro", "Impozit pe clădiri")

    service.title = "Данък недвижими имоти"
    service.save_revision().publish()
    assert ids(node, "недвижими имоти") == [service.catalogue_id]

    other_parent = make_institution(catalogue, "Община Русе", "ruse-municipality")
    service.move(other_parent, pos="last-child")
    moved = node.search(SearchRequest(query="недвижими имоти", language="bg")).hits[0]
    assert moved.url == Page.objects.get(pk=service.pk).url

    service.refresh_from_db()
    service.unpublish()
    assert ids(node, "недвижими имоти") == []

    service.save_revision().publish()
    assert ids(node, "недвижими имоти") == [service.catalogue_id]
    Page.objects.filter(translation_key=service.translation_key).delete()
    assert ids(node, "недвижими имоти") == []
    assert node.client.count(node.alias) == SearchEntry.objects.count()


def test_wagtail_admin_search_runs_on_the_node(node, catalogue):
    service = make_service(catalogue, "Регистрация на пчелин")
    call_command("update_index", stdout=io.StringIO())  # Wagtail's indexes, then the platform's
    backend = get_search_backend("default")
    assert backend.node_product.name in {"opensearch", "elasticsearch"}

    found = list(Page.objects.live().search("пчелин", backend="default"))
    assert service.pk in [page.pk for page in found]

    added = make_service(catalogue, "Пчеларски регистър")  # indexed on publish, by Wagtail's signals
    backend.get_index_for_model(Page).refresh()
    assert added.pk in [page.pk for page in Page.objects.live().search("пчеларски", backend="default")]


# --- rebuild without downtime ---


def test_a_rebuild_swaps_the_alias_and_removes_the_old_index(node, catalogue):
    make_service(catalogue, "Данък сгради")
    before = node.client.alias_targets(node.alias)

    rebuild_index()

    after = node.client.alias_targets(node.alias)
    assert len(after) == 1 and after != before
    assert not node.client.index_exists(before[0])
    assert ids(node, "данък сгради")


# --- when the node is down ---


def test_with_the_node_down_search_answers_from_the_database_and_edits_wait(node, settings, catalogue, client):
    service = make_service(catalogue, "Данък върху сгради")
    prefix = settings.ELASTICSEARCH_INDEX
    down = node_settings(prefix, url="http://127.0.0.1:9")  # nothing listens on the discard port

    with override_settings(**down):
        dead = search_engine()
        assert isinstance(dead, NodeSearchEngine) and dead is not node
        response = client.get("/api/search/", {"q": "данък сгради", "lang": "bg"})
        page = client.get("/bg/search/", {"q": "данък сгради"})
        assert (response.status_code, page.status_code) == (200, 200)
        assert [result["id"] for result in response.json()["results"]] == [service.catalogue_id]

        added = make_service(catalogue, "Такса за битови отпадъци")
        service.title = "Данък недвижими имоти"
        service.save_revision().publish()
        assert set(NodeBacklog.pending()) >= {str(added.translation_key), str(service.translation_key)}
        assert ids(dead, "отпадъци") == [added.catalogue_id]  # from the database meanwhile
        assert dead.ready()[0] is False

    # The node is back: the queued edits reach it.
    assert ids(node, "отпадъци") == []
    assert sync_backlog() == (2, 0)
    assert ids(node, "отпадъци") == [added.catalogue_id]
    assert ids(node, "недвижими имоти") == [service.catalogue_id]
    assert NodeBacklog.objects.count() == 0


def test_a_query_of_very_many_alternatives_stays_within_the_nodes_clause_limit(node, catalogue, monkeypatch, caplog):
    # Long queries through many everyday phrases of a kind of service can ask more keys than
    # the node's 1,024 term clauses; the node must still answer, not refuse and fall back.
    wanted = make_service(catalogue, "Данък върху сгради")
    words = " ".join(f"дума{chr(0x430 + first)}{chr(0x430 + second)}" for first in range(20) for second in range(15))
    make_service(catalogue, "Справка", summary=words)
    real_plan = node_module.scoring_plan

    def padded_plan(parsed, snap):
        # Every key of the index as one more, faint alternative of each concept.
        return [plan + [((key,), 0.0001) for key in snap.sorted_keys] for plan in real_plan(parsed, snap)]

    monkeypatch.setattr(node_module, "scoring_plan", padded_plan)
    snap = snapshot()
    parsed = parse_query("данък сгради", "bg", snap)
    unbounded = sum(node_module.term_clauses((key,)) for plan in padded_plan(parsed, snap) for key, _worth in plan)
    assert unbounded > 1100

    with caplog.at_level("WARNING", logger="search.node"):
        assert ids(node, "данък сгради")[0] == wanted.catalogue_id
    assert "unavailable" not in caplog.text
    body = node_module.matching_query(parsed, snap, 1)
    assert json.dumps(body).count('"term"') <= node_module.MAX_TERM_CLAUSES

    # Without the limit the node refuses the same query.
    monkeypatch.setattr(node_module, "MAX_TERM_CLAUSES", 10**6)
    with pytest.raises(NodeUnavailable, match="maxClauseCount|too many"):
        node.client.search(node.alias, ranking_body(parsed, snap, 1, 10))


def test_a_node_that_refuses_the_ranking_script_leaves_the_database_to_answer(node, catalogue, monkeypatch, caplog):
    # The untranslated records' 9/8 is a Painless script_score; a cluster that refuses it (inline
    # scripts forbidden, here a script that does not compile) must not cost the visitor an answer.
    wanted = make_service(catalogue, "Данък върху сгради")
    snap = snapshot()
    parsed = parse_query("данък сгради", "bg", snap)
    body = ranking_body(parsed, snap, 1, 10)
    assert body["query"]["script_score"]["script"]["params"]["language"] == "bg"
    assert [hit["_id"] for hit in node.client.search(node.alias, body)["hits"]["hits"]] == [
        str(wanted.translation_key)
    ]

    monkeypatch.setattr(node_module, "UNTRANSLATED_SCRIPT", "return _score +;")
    with pytest.raises(NodeUnavailable, match="compile|script"):
        node.client.search(node.alias, ranking_body(parsed, snap, 1, 10))
    with caplog.at_level("WARNING", logger="search.node"):
        assert ids(node, "данък сгради") == [wanted.catalogue_id]
    assert "unavailable" in caplog.text


def test_search_node_sync_sends_the_backlog_and_says_so(node, catalogue):
    service = make_service(catalogue, "Такса за битови отпадъци")
    node.client.bulk([{"delete": {"_index": node.alias, "_id": str(service.translation_key)}}], refresh="true")
    NodeBacklog.add([str(service.translation_key)])
    output = io.StringIO()

    call_command("search_node_sync", stdout=output)

    assert output.getvalue().strip() == "Search node backlog: 1 groups sent, 0 waiting"
    assert ids(node, "отпадъци") == [service.catalogue_id]


def test_search_node_sync_refuses_without_a_node():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="runs on the database"):
        call_command("search_node_sync")
