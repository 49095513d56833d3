"""bgro.indexing: index updates collected during a bulk operation and made once at its end."""

import pytest
from wagtail.models import Page, ReferenceIndex

from bgro.indexing import (
    defer_or_index,
    deferred_indexing,
    is_deferring,
    register_indexer,
    unregister_indexer,
)
from catalogue.models import InstitutionPage, ServicePage
from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)


class Recorder:
    """A bulk indexer that remembers each list it was given."""

    def __init__(self):
        self.calls = []

    def __call__(self, objects):
        self.calls.append([(type(obj).__name__, obj.pk, getattr(obj, "title", None)) for obj in objects])


@pytest.fixture
def recorder():
    indexer = register_indexer(Recorder())
    yield indexer
    unregister_indexer(indexer)


def _pages(count):
    return [Page(pk=number, title=f"page {number}") for number in range(1, count + 1)]


def test_outside_a_deferred_block_objects_are_indexed_at_once(recorder):
    first, second = _pages(2)
    defer_or_index(recorder, first)
    defer_or_index(recorder, second)
    assert recorder.calls == [[("Page", 1, "page 1")], [("Page", 2, "page 2")]]
    assert not is_deferring()


def test_a_deferred_block_indexes_each_object_once_at_its_end(recorder):
    first, second, third = _pages(3)
    with deferred_indexing():
        assert is_deferring()
        defer_or_index(recorder, first, second)
        defer_or_index(recorder, third)
        first.title = "page 1, edited"
        defer_or_index(recorder, first)
        assert recorder.calls == []
    # One call; first kept its place and the latest copy handed over.
    assert recorder.calls == [[("Page", 1, "page 1, edited"), ("Page", 2, "page 2"), ("Page", 3, "page 3")]]


def test_nested_blocks_index_when_the_outermost_ends(recorder):
    (page,) = _pages(1)
    with deferred_indexing():
        with deferred_indexing():
            defer_or_index(recorder, page)
        assert recorder.calls == []
    assert recorder.calls == [[("Page", 1, "page 1")]]


def test_a_block_that_fails_or_is_discarded_indexes_nothing(recorder):
    (page,) = _pages(1)
    with pytest.raises(RuntimeError), deferred_indexing():
        defer_or_index(recorder, page)
        raise RuntimeError("rolled back")
    with deferred_indexing() as pending:
        defer_or_index(recorder, page)
        pending.discard()
    assert recorder.calls == []
    assert not is_deferring()


def test_only_registered_indexers_are_accepted():
    with pytest.raises(ValueError, match="not a registered indexer"):
        defer_or_index(Recorder(), *_pages(1))


def test_indexers_run_in_registration_order():
    order = []
    first = register_indexer(lambda objects: order.append("first"))
    second = register_indexer(lambda objects: order.append("second"))
    try:
        with deferred_indexing():
            defer_or_index(second, *_pages(1))
            defer_or_index(first, *_pages(1))
    finally:
        unregister_indexer(first)
        unregister_indexer(second)
    assert order == ["first", "second"]


@pytest.fixture
def catalogue_sections(home_page):
    return InstitutionIndexPageFactory(parent=home_page), ServiceIndexPageFactory(parent=home_page)


def _search(model, words):
    return list(model.objects.live().search(words).results())


@pytest.mark.django_db
def test_wagtail_search_index_is_updated_at_the_end_of_the_block(catalogue_sections):
    institutions, _services = catalogue_sections
    with deferred_indexing():
        page = InstitutionPageFactory(parent=institutions, title="Zephyrine archive office", aliases=False)
        page.save_revision().publish()
        assert _search(InstitutionPage, "Zephyrine") == []
    assert [found.pk for found in _search(InstitutionPage, "Zephyrine")] == [page.pk]
    # Outside a block saves are indexed as Wagtail does it by itself.
    page.title = "Quillonian archive office"
    page.save_revision().publish()
    assert [found.pk for found in _search(InstitutionPage, "Quillonian")] == [page.pk]


@pytest.mark.django_db
def test_wagtail_reference_index_is_updated_at_the_end_of_the_block(catalogue_sections):
    institutions, services = catalogue_sections
    institution = InstitutionPageFactory(parent=institutions, aliases=False)
    with deferred_indexing():
        service = ServicePageFactory(parent=services, institution=institution, aliases=False)
        service.save_revision().publish()
        assert not ReferenceIndex.get_references_to(institution).filter(object_id=str(service.pk)).exists()
    assert ReferenceIndex.get_references_to(institution).filter(object_id=str(service.pk)).exists()
    # A reference that is gone is removed the same way.
    other = InstitutionPageFactory(parent=institutions, aliases=False)
    with deferred_indexing():
        service = ServicePage.objects.get(pk=service.pk)
        service.institution = other
        service.save()
    assert not ReferenceIndex.get_references_to(institution).filter(object_id=str(service.pk)).exists()
    assert ReferenceIndex.get_references_to(other).filter(object_id=str(service.pk)).exists()
