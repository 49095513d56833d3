"""Index updates that wait until the end of a bulk operation.

Saving a page normally updates every index at once: Wagtail's search backend (modelsearch's
``post_save`` handler), Wagtail's reference index, and any index of our own fed by page
signals. A catalogue import saves tens of thousands of pages; paying every index update per
save dominated its cost. Inside ``deferred_indexing()`` the objects are collected instead, and
each indexer receives them in one list when the block ends (inside the caller's transaction,
so a failed import indexes nothing).

An index of our own takes part by registering a bulk indexer and handing objects over through
``defer_or_index``::

    from bgro.indexing import defer_or_index, register_indexer

    @register_indexer
    def index_pages(pages):
        ...  # one list of model instances; re-read from the database what may have changed

    def on_page_published(sender, instance, **kwargs):
        defer_or_index(index_pages, instance)  # indexes now, or when the deferred block ends

Outside a deferred block ``defer_or_index`` calls the indexer at once with a one-element list.
Inside one, each object is passed once per indexer (the latest copy handed over wins), in the
order first handed over; indexers run in registration order. Blocks nest: only the outermost
one indexes. The state is per thread (and per asyncio task), so a deferred import in one
request leaves other requests' saves indexed as usual. When the block ends with an exception
nothing is indexed: the caller's transaction is expected to roll back the saves as well.
"""

import logging
import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)

_indexers = []
_pending = ContextVar("bgro_deferred_indexing", default=None)


def register_indexer(indexer):
    """Register ``indexer(objects)`` so it can be deferred; returns it (usable as a decorator)."""
    if indexer not in _indexers:
        _indexers.append(indexer)
    return indexer


def unregister_indexer(indexer):
    """Forget ``indexer`` (tests, or an app that stops indexing); unknown ones are ignored."""
    if indexer in _indexers:
        _indexers.remove(indexer)


def is_deferring():
    return _pending.get() is not None


def defer_or_index(indexer, *objects):
    """Index ``objects`` with ``indexer`` now, or at the end of the active deferred block."""
    if indexer not in _indexers:
        raise ValueError(f"{indexer!r} is not a registered indexer (see bgro.indexing.register_indexer)")
    pending = _pending.get()
    if pending is None:
        if objects:
            indexer(list(objects))
        return
    queue = pending.setdefault(indexer, {})
    for obj in objects:
        queue[(obj._meta.label, obj.pk)] = obj


class _Pending(dict):
    """What a deferred block has collected: indexer → {(model label, pk): object}."""

    def discard(self):
        """Index nothing at the end of the block (e.g. a dry run that rolls back)."""
        self.clear()


@contextmanager
def deferred_indexing():
    """Collect index updates while the block runs; index them in bulk when it ends.

    Yields the collection; its ``discard()`` drops what was collected (a dry run).
    """
    _install_wagtail_handlers()
    current = _pending.get()
    if current is not None:
        yield current
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    pending = _Pending()
    token = _pending.set(pending)
    try:
        # Wagtail's own switch for its reference index; ours collects the objects meanwhile.
        with disable_reference_index_auto_update():
            yield pending
    finally:
        _pending.reset(token)
    _flush(pending)


def _flush(pending):
    for indexer in list(_indexers):
        objects = list(pending.pop(indexer, {}).values())
        if objects:
            indexer(objects)


# --- Wagtail's own indexes ---


def index_in_search_backends(objects):
    """Wagtail's search backends (modelsearch): one bulk add per model, from fresh copies."""
    from modelsearch.backends import get_search_backends_with_name

    by_model = {}
    for obj in objects:
        indexed = obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
        if indexed is not None:
            by_model.setdefault(type(indexed), set()).add(indexed.pk)
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in by_model.items():
        for batch in _batches(sorted(pks), 500):
            # get_indexed_objects() may leave some objects out on purpose; a re-read also picks
            # up changes made after the object was handed over.
            fresh = list(model.get_indexed_objects().filter(pk__in=batch))
            for name, backend in backends:
                try:
                    backend.add_bulk(model, fresh)
                except Exception:
                    # As modelsearch's own per-save update: an external backend (Elasticsearch)
                    # being down is logged, not fatal; a database backend's error is.
                    logger.exception(
                        "Exception raised while adding %d %s to the '%s' search backend", len(fresh), model, name
                    )
                    if not backend.catch_indexing_errors:
                        raise


def update_reference_index(objects):
    """Wagtail's reference index for these objects: what ReferenceIndex.create_or_update_for_object
    does for one object, for 500 at a time with one read and one write."""
    from wagtail.models import ReferenceIndex

    for chunk in _batches(objects, 500):
        for model, instances in _fresh_reference_roots(chunk).items():
            if ReferenceIndex.is_indexed(model):
                _update_references(model, instances)


def _update_references(model, instances):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from bgro import framework_internals

    content_types = [
        ContentType.objects.get_for_model(each, for_concrete_model=False)
        for each in [model, *framework_internals.parent_models(model)]
    ]
    content_type, base_content_type = content_types[0], content_types[-1]
    known_content_type_ids = {each.pk for each in content_types}
    existing = {}
    for row in ReferenceIndex.objects.filter(
        base_content_type=base_content_type, object_id__in=[str(instance.pk) for instance in instances]
    ).values_list(
        "id", "content_type_id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
    ):
        reference_id, content_type_id, object_id, *reference = row
        existing.setdefault(object_id, {})[tuple(reference)] = (content_type_id, reference_id)
    new_rows, removed = [], []
    for instance in instances:
        references = set(framework_internals.references_of(instance))
        recorded = existing.get(str(instance.pk), {})
        new_rows.extend(
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=instance.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=framework_internals.content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references - set(recorded)
        )
        # A record made for a more specific class than this one is not a removal.
        removed.extend(
            reference_id
            for reference, (content_type_id, reference_id) in recorded.items()
            if reference not in references and content_type_id in known_content_type_ids
        )
    ReferenceIndex.objects.bulk_create(
        new_rows, ignore_conflicts=connection.features.supports_ignore_conflicts, batch_size=500
    )
    if removed:
        ReferenceIndex.objects.filter(id__in=removed).delete()


def _fresh_reference_roots(objects):
    """model → fresh instances to index; child objects stand for their ParentalKey parent
    (as Wagtail's update_reference_index_task does)."""
    from modelcluster.fields import ParentalKey
    from modelcluster.models import ClusterableModel, get_all_child_relations

    pks_by_model = {}
    for obj in objects:
        pks_by_model.setdefault(type(obj), set()).add(obj.pk)
    roots = {}
    for model, pks in pks_by_model.items():
        parental_keys = [each for each in model._meta.get_fields() if isinstance(each, ParentalKey)]
        # The extraction reads every child relation and many-to-many field: one query each, not per object.
        related = (
            [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            if issubclass(model, ClusterableModel)
            else []
        )
        related += [each.name for each in model._meta.many_to_many]
        for instance in model._default_manager.filter(pk__in=pks).prefetch_related(*related):
            while parental_keys and instance is not None:
                instance = getattr(instance, parental_keys[0].name)
                parental_keys = [each for each in type(instance)._meta.get_fields() if isinstance(each, ParentalKey)]
            if instance is not None:
                roots.setdefault(type(instance), {})[instance.pk] = instance
    return {model: list(instances.values()) for model, instances in roots.items()}


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


register_indexer(index_in_search_backends)
register_indexer(update_reference_index)

_install_lock = threading.Lock()
_installed = False


def _install_wagtail_handlers():
    """Route Wagtail's per-save index updates through this module, once per process.

    modelsearch connects its own post_save handler per indexed model when wagtail.search is
    ready (after this app). It is replaced by one that behaves the same outside a deferred
    block; the reference index has its own switch, which our handler uses while deferring.
    """
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        from modelsearch import signal_handlers as modelsearch_handlers
        from modelsearch.index import get_indexed_models

        for model in get_indexed_models():
            if getattr(model, "search_auto_update", True):
                # Ours first: between the two calls a save is indexed twice, never not at all.
                post_save.connect(_search_post_save, sender=model, dispatch_uid=f"bgro-indexing-{model._meta.label}")
                post_save.disconnect(modelsearch_handlers.post_save_signal_handler, sender=model)
        post_save.connect(_reference_post_save, dispatch_uid="bgro-indexing-references")
        _installed = True


def _search_post_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if is_deferring():
        defer_or_index(index_in_search_backends, instance)
    else:
        from modelsearch import signal_handlers as modelsearch_handlers

        modelsearch_handlers.post_save_signal_handler(instance, raw=raw, **kwargs)


def _reference_post_save(sender, instance, raw=False, **kwargs):
    # Outside a deferred block Wagtail's own handler does the work.
    if raw or not is_deferring():
        return
    from wagtail.models import ReferenceIndex

    if sender in ReferenceIndex.tracked_models:
        defer_or_index(update_reference_index, instance)


__all__ = [
    "defer_or_index",
    "deferred_indexing",
    "index_in_search_backends",
    "is_deferring",
    "register_indexer",
    "unregister_indexer",
    "update_reference_index",
]
