"""The one place that touches private APIs of Django, Wagtail, django-treebeard and wagtail-localize.

The bulk page writer (bgro.translation.create_pages_in_bulk) writes in a few statements what
Wagtail and wagtail-localize write page by page, so it must compute the same tree paths,
hashes and ids they compute, and insert rows the way Django's bulk_create does; bgro.indexing
writes Wagtail's reference index in bulk the same way. The locale tree synchronisation, the
test factories' aliases and the language-checked "Translate this page" views build on
wagtail-localize's internals too. None of that is a documented API: any release may change it.

Rules: nothing else in the project imports an underscore-prefixed name of these libraries, nor
``wagtail_localize.segments``, ``.strings``, ``.synctree`` or ``.views``; it comes from here.
Each function below states the behaviour relied on, and tests/bgro/test_framework_internals.py
checks exactly that behaviour against the installed libraries, so an upgrade that changes it
fails those tests by name. CHECKED_AGAINST names the releases this was read against; the system
check ``bgro.E001`` (registered in BgroConfig.ready) refuses to start with other releases until
someone has re-read this module, run its contract tests and moved the pins (here and in
pyproject.toml) together.
"""

import uuid
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version

from django.core import checks
from django.db import connection, connections
from django.db.models.signals import post_save
from wagtail.models import Page, ReferenceIndex
from wagtail_localize import models as _localize_models
from wagtail_localize.models import String, Template, TranslationContext, get_schema_version
from wagtail_localize.segments import (  # noqa: F401 (re-exported: the segment value types)
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments  # noqa: F401 (re-exported)
from wagtail_localize.segments.ingest import ingest_segments  # noqa: F401 (re-exported)
from wagtail_localize.strings import StringValue  # noqa: F401 (re-exported)
from wagtail_localize.synctree import PageIndex, create_aliases_for_new_page, synchronize_tree  # noqa: F401

# The views that write translations, wrapped with a language check in translations.guards.
from wagtail_localize.views import convert, edit_translation  # noqa: F401 (re-exported)
from wagtail_localize.views.submit_translations import (  # noqa: F401 (re-exported)
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView  # noqa: F401 (re-exported)

# Distribution name → the major.minor release this module was checked against. Keep in step
# with the ranges in pyproject.toml.
CHECKED_AGAINST = {
    "Django": "5.2",
    "wagtail": "8.0",
    "django-treebeard": "5.3",
    "wagtail-localize": "1.14",
}


def release_mismatches():
    """(distribution, installed version, checked release) for each library that differs."""
    mismatches = []
    for distribution, checked in CHECKED_AGAINST.items():
        try:
            installed = version(distribution)
        except PackageNotFoundError:
            installed = "not installed"
        if installed.split(".")[:2] != checked.split("."):
            mismatches.append((distribution, installed, checked))
    return mismatches


@checks.register()
def check_checked_releases(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{distribution} {installed} is installed; bgro.framework_internals was checked against {checked}.x",
            hint=(
                "Run tests/bgro/test_framework_internals.py against the new release, fix what fails, "
                "then update CHECKED_AGAINST and the range in pyproject.toml together."
            ),
            id="bgro.E001",
        )
        for distribution, installed, checked in release_mismatches()
    ]


# --- django-treebeard: materialised paths ---


def child_path(parent, step):
    """The path treebeard gives the ``step``-th child of ``parent`` (steps count from 1):
    the parent's path followed by ``step`` in base 36, zero-padded to ``steplen`` characters."""
    return type(parent)._get_path(parent.path, parent.depth + 1, step)


def last_step(path):
    """The step number of the last level of ``path`` (the inverse of child_path)."""
    return Page._str2int(path[-Page.steplen :])


# --- Django: rows of a multi-table model whose parent rows exist ---


def insert_own_table_rows(model, objects, batch_size):
    """Insert the rows of ``model``'s own table for ``objects``, whose parent table rows are
    already written (their parent link set), and mark the objects as saved.

    Django's bulk_create refuses multi-table models; this is the manager call bulk_create
    itself makes for each batch (``QuerySet._insert``), limited to the model's local fields.
    """
    fields = list(model._meta.local_concrete_fields)
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, using=connection.alias)
    for instance in objects:
        mark_saved(instance)


def mark_saved(instance):
    """Tell Django ``instance`` is a row in the default database (as save() and bulk_create do),
    so a later save() updates instead of inserting."""
    instance._state.adding = False
    instance._state.db = connection.alias


def copy_cached_relation(model_field, source, target):
    """Give ``target`` the related object ``source`` holds in memory for ``model_field`` (a
    foreign key), so reading it on the copy costs no query."""
    if model_field.is_relation and model_field.is_cached(source):
        model_field.set_cached_value(target, model_field.get_cached_value(source))


def parent_models(model):
    """The concrete models above ``model`` in multi-table inheritance, nearest first."""
    return model._meta.get_parent_list()


# --- Wagtail: the reference index, written in bulk by bgro.indexing ---


def references_of(instance):
    """(to content type id, to object id, model path, content path) of every reference
    ``instance`` holds, as ReferenceIndex.create_or_update_for_object records them."""
    return ReferenceIndex._extract_references_from_object(instance)


def content_path_hash(content_path):
    """ReferenceIndex.content_path_hash for ``content_path``."""
    return ReferenceIndex._get_content_path_hash(content_path)


# --- wagtail-localize: the keys of its rows ---


def string_data_hash(data):
    """String.data_hash for source text ``data`` (what String.from_value looks up)."""
    return String._get_data_hash(data)


def context_path_id(path):
    """TranslationContext.path_id for a segment path (what refresh_segments looks up)."""
    return TranslationContext._get_path_id(path)


def template_uuid(template_format, template):
    """Template.uuid for a template segment (what Template.from_value looks up)."""
    return uuid.uuid5(uuid.uuid5(Template.BASE_UUID_NAMESPACE, template_format), template)


def schema_version(app_label):
    """TranslationSource.schema_version for a model of ``app_label``: its last migration."""
    return get_schema_version(app_label)


def context_field_path(context, instance):
    """The field_path wagtail-localize stores on ``context`` for ``instance``, set on the
    unsaved context without writing it (get_field_path saves it; the caller inserts in bulk)."""

    def keep_in_memory(*args, **kwargs):
        pass

    context.save = keep_in_memory
    try:
        return context.get_field_path(instance)
    finally:
        del context.save


# --- wagtail-localize: the locale trees ---


def synchronise_trees(synchronisations):
    """Run wagtail-localize's tree synchronisation (aliases of new source pages) for each
    LocaleSynchronization, reading the page tree once."""
    page_index = PageIndex.from_database().sort_by_tree_position()
    for synchronisation in synchronisations:
        synchronize_tree(synchronisation.sync_from, synchronisation.locale, page_index=page_index)


# --- Django: a second connection of the same database (catalogue.progress) ---
# connections.create_connection is the handler's own factory, not documented API: the import's
# progress is written through a second, autocommit connection while the import's transaction is
# open (tests/catalogue/test_import_job.py checks it is independent).


def independent_connection(alias="default"):
    """A new connection to database ``alias``, outside the thread's own (close it when done)."""
    return connections.create_connection(alias)


# --- wagtail-localize: receivers that must not run on a raw load (backup.archive) ---
# Django sends ``post_save`` with ``raw=True`` for every row a restore (or a fixture) loads. Our
# receivers and Wagtail's (search, reference index, image focal points) return at once on a raw
# save; two of wagtail-localize's do not, and would change the data being restored:
#
# - ``sync_trees_on_locale_sync_save`` synchronises the language trees when a
#   ``LocaleSynchronization`` row is saved (creating aliases before the pages are back);
# - ``post_save_string_translation`` copies a translated title into the page's ``draft_title``
#   (reading a ``TranslationContext`` that may not be loaded yet).
#
# They are disconnected for the duration of quiet_raw_load_receivers() and connected again
# afterwards. Their names are wagtail-localize's module internals: tests/backup/test_raw_loading.py
# fails loudly when an upgrade renames or removes them, or connects them differently.


def raw_unsafe_receivers():
    """(receiver, sender) pairs of ``post_save`` that must not run on a raw load."""
    return [
        (_localize_models.sync_trees_on_locale_sync_save, _localize_models.LocaleSynchronization),
        (_localize_models.post_save_string_translation, _localize_models.StringTranslation),
    ]


@contextmanager
def quiet_raw_load_receivers():
    """Disconnect the raw-unsafe receivers in the block, reconnect exactly those that were."""
    disconnected = [
        (receiver, sender)
        for receiver, sender in raw_unsafe_receivers()
        if post_save.disconnect(receiver, sender=sender)
    ]
    try:
        yield
    finally:
        for receiver, sender in disconnected:
            post_save.connect(receiver, sender=sender)


# --- Wagtail: the site and the route of a request (pagecache.routes) ---
# Wagtail keeps what it found for a request on the request itself: ``Site.find_for_request``
# in ``request._wagtail_site`` and ``Page.route_for_request`` (called by its serve view) in
# ``request._wagtail_route_for_request`` (both named in those methods' docstrings, neither a
# documented API). Giving the request a site and a route kept per site version spares the serve
# view its site, locale and home page queries; tests/bgro/test_framework_internals.py checks that
# Wagtail reads them back.


def give_request_its_site(request, site):
    """Make ``Site.find_for_request(request)`` answer ``site`` without a query."""
    request._wagtail_site = site


def give_request_its_route(request, route_result):
    """Make ``Page.route_for_request(request, path)`` (and Wagtail's serve view) answer
    ``route_result`` (page, args, kwargs) without walking the tree."""
    request._wagtail_route_for_request = route_result
