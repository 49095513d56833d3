"""The held-out judged sets on the database engine (tests/search/heldout.py says what they are)."""

import pytest

from search.management.commands.search_relevance import CATEGORIES
from tests.search.heldout import MEASURED, assert_figures_hold, measured_set

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=list(MEASURED))
def measured(request, module_db):
    with measured_set(request.param, "database") as summary:
        yield request.param, summary


@pytest.mark.parametrize("category", ["overall", *CATEGORIES])
def test_held_out_figures_hold(measured, category):
    assert_figures_hold(*measured, category)
