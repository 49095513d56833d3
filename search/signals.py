"""Page events that change what search may show: the page's group is indexed again.

Saving (which includes publishing and unpublishing), moving and deleting a page, and adding
or removing a view restriction (which hides a section and everything below it). Inside
``bgro.indexing.deferred_indexing()`` (a catalogue import) the pages are collected and
indexed in one pass when the block ends.
"""

from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from bgro.indexing import defer_or_index, register_indexer

from .engine import index_changed
from .indexing import index_pages
from .models import GlossaryTerm

register_indexer(index_pages)


def on_page_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        defer_or_index(index_pages, instance, *_pages_naming(instance))


def _pages_naming(page):
    """The pages whose index entries carry ``page``'s name and place: a service holds its
    institution's name (in its summary), region and country (as facets and as words), so it is
    indexed again when the institution changes. No query for a page nothing names this way."""
    return [
        naming
        for model, named in _models_naming()
        if isinstance(page, named)
        for naming in model.objects.filter(institution__translation_key=page.translation_key).only(
            "id", "translation_key"
        )
    ]


@lru_cache(maxsize=1)
def _models_naming():
    """[(page model, the page model its ``institution`` points to)], found once per process:
    every page save asks."""
    found = []
    for model in get_page_models():
        try:
            field = model._meta.get_field("institution")
        except FieldDoesNotExist:
            continue
        if field.is_relation:
            found.append((model, field.related_model))
    return found


def _index_subtree(page):
    defer_or_index(index_pages, *page.get_descendants(inclusive=True).only("id", "translation_key"))


def on_move(sender, instance, **kwargs):
    # The URL of every page below changes too.
    _index_subtree(instance)


def on_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:  # a restore or fixture: the pages may not be loaded yet; it re-indexes afterwards
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _index_subtree(page)


def on_glossary_changed(sender, **kwargs):
    index_changed()


def connect():
    # One connection per page model: a receiver without a sender would run on every save in the
    # project, and any post_delete receiver stops Django's fast (single-statement) deletes.
    for model in get_page_models():
        label = model._meta.label_lower
        post_save.connect(on_page_changed, sender=model, dispatch_uid=f"search-page-saved-{label}")
        post_delete.connect(on_page_changed, sender=model, dispatch_uid=f"search-page-deleted-{label}")
    post_save.connect(on_glossary_changed, sender=GlossaryTerm, dispatch_uid="search-glossary-saved")
    post_delete.connect(on_glossary_changed, sender=GlossaryTerm, dispatch_uid="search-glossary-deleted")
    page_published.connect(on_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_move, dispatch_uid="search-page-moved")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
