"""A rebuild of the search node's index while visitors search: no error, no empty answer.

The pages are committed (the searching thread has a connection of its own, which would not see
a test's transaction), and the database is given back as the migrations left it afterwards.
"""

import threading
import time

import pytest
from django.db import connection
from django.test.utils import override_settings

from catalogue.importer import create_catalogue_sections
from search.engine import SearchRequest, search_engine
from search.indexing import rebuild_index
from tests.committed import committed_then_restored
from tests.conftest import get_home_pages, get_locales
from tests.search.conftest import make_institution, make_service
from tests.search.node import drop_indexes, node_settings, require_node

pytestmark = pytest.mark.node


def test_searches_during_a_rebuild_never_fail_or_come_back_empty(django_db_setup, django_db_blocker):
    require_node()
    overrides = node_settings()
    with django_db_blocker.unblock(), committed_then_restored(), override_settings(**overrides):
        sections = create_catalogue_sections(get_home_pages(get_locales())["bg"])
        institution = make_institution(sections, "Община Видин", "vidin-municipality")
        for number in range(40):
            make_service(sections, f"Данък сгради {number}", institution=institution)
        engine = search_engine()
        rebuild_index()
        answers, failures, stop = [], [], threading.Event()

        def search_in_a_loop():
            try:
                while not stop.is_set():
                    try:
                        answers.append(engine.search(SearchRequest(query="данък сгради", language="bg")).total)
                    except Exception as error:  # noqa: BLE001 - every failure is what the test counts
                        failures.append(repr(error))
            finally:
                connection.close()

        searcher = threading.Thread(target=search_in_a_loop)
        searcher.start()
        try:
            for _ in range(3):
                rebuild_index()
            time.sleep(0.2)
        finally:
            stop.set()
            searcher.join(30)
            targets = engine.client.alias_targets(engine.alias)
            drop_indexes(engine.client, overrides["ELASTICSEARCH_INDEX"])

    assert failures == []
    assert len(answers) > 10
    assert set(answers) == {40}
    assert len(targets) == 1  # one index behind the alias; the replaced ones are gone
