"""Page and site events that purge the page cache and the front cache (see ``pagecache.purge``).

Publishing (which includes a translation being published by wagtail-localize and every page a
catalogue import writes), unpublishing, moving and deleting a page purge what it affects; a change
to what every page shows (the site settings, a taxonomy snippet, an image edited or deleted)
purges everything; a redirect purges its old path.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from bgro.indexing import defer_or_index, register_indexer

from . import purge, site_version


@register_indexer
def advance_site_version(objects):
    """A new site version now (this process sees the change at once, even inside the
    transaction) and again once the transaction commits (a request that read the old content
    meanwhile cannot keep it under the new version). An import advances it once, at its end.
    The catalogue's version moves too when one of the objects is the catalogue's."""
    scopes = site_version.SCOPES if any(_touches_catalogue(each) for each in objects) else (site_version.SITE,)
    site_version.advance(scopes)
    transaction.on_commit(lambda: site_version.advance(scopes))


def _touches_catalogue(instance):
    """Whether a change to ``instance`` may change what the catalogue's listings count."""
    from wagtail.models import Locale, PageViewRestriction, Site

    from catalogue.models import InstitutionIndexPage, InstitutionPage, LifeEvent, ServiceIndexPage, ServicePage

    if instance is None:
        return True
    model = getattr(instance, "specific_class", None) or type(instance)
    catalogue = (InstitutionIndexPage, InstitutionPage, LifeEvent, ServiceIndexPage, ServicePage)
    return issubclass(model, (*catalogue, Locale, PageViewRestriction, Site))


def on_content_changed(sender, instance=None, raw=False, **kwargs):
    if not raw:
        defer_or_index(advance_site_version, instance)


def on_page_changed(sender, instance, raw=False, **kwargs):
    if not raw and purge.purging_enabled():
        defer_or_index(purge.purge_pages, instance)


def on_page_moved(sender, instance, url_path_before=None, parent_page_before=None, **kwargs):
    if not purge.purging_enabled():
        return
    old_paths = []
    if url_path_before and url_path_before != instance.url_path:
        old_paths = purge.old_paths_of_subtree(instance, url_path_before)
    if parent_page_before is not None:
        # The listing the page left, and the pages above it.
        for page in Page.objects.ancestor_of(parent_page_before, inclusive=True).filter(depth__gt=1).specific():
            old_paths.extend(purge._page_paths(page))
    instance._pagecache_old_paths = old_paths
    defer_or_index(purge.purge_pages, instance)


def on_site_wide_change(sender, instance=None, raw=False, **kwargs):
    if not raw and purge.purging_enabled():
        transaction.on_commit(lambda: purge.purge((), whole_site=True))


# Fields Wagtail fills in on an image by itself (the file's hash and size, read the first time
# they are needed), sometimes while a visitor's page is rendered: no change to what pages show.
IMAGE_METADATA_FIELDS = frozenset({"file_hash", "file_size"})


def on_image_changed(sender, instance=None, raw=False, created=False, update_fields=None, **kwargs):
    """An image edited or deleted: every page that shows it may change (its alt text, its crop)
    and, when its file was replaced, Wagtail has deleted its renditions, so a cached page would
    show missing pictures. Images change rarely and any page may show one: the whole site is
    purged and the site version advanced. A new image is on no page yet."""
    if raw or created or (update_fields and set(update_fields) <= IMAGE_METADATA_FIELDS):
        return
    on_content_changed(sender, instance=None)
    on_site_wide_change(sender, instance=instance)


def on_redirect_changed(sender, instance, raw=False, **kwargs):
    """A redirect answers where the site had no page: only its old path changes."""
    if not raw and purge.purging_enabled():
        old_path = instance.old_path.rstrip("/")
        paths = {old_path, f"{old_path}/"}
        transaction.on_commit(lambda: purge.purge(paths))


def connect():
    _connect_site_version()
    # One connection per page model for deletions (a receiver without a sender would run on
    # every delete in the project and stop Django's fast deletes).
    for model in get_page_models():
        post_delete.connect(
            on_page_changed, sender=model, dispatch_uid=f"pagecache-page-deleted-{model._meta.label_lower}"
        )
    page_published.connect(on_page_changed, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pagecache-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache-page-moved")
    image_model = get_image_model()
    post_save.connect(on_image_changed, sender=image_model, dispatch_uid="pagecache-image-saved")
    post_delete.connect(on_image_changed, sender=image_model, dispatch_uid="pagecache-image-deleted")
    post_save.connect(on_redirect_changed, sender=Redirect, dispatch_uid="pagecache-redirect-saved")
    post_delete.connect(on_redirect_changed, sender=Redirect, dispatch_uid="pagecache-redirect-deleted")
    for model in _site_wide_models():
        label = model._meta.label_lower
        post_save.connect(on_site_wide_change, sender=model, dispatch_uid=f"pagecache-site-saved-{label}")
        post_delete.connect(on_site_wide_change, sender=model, dispatch_uid=f"pagecache-site-deleted-{label}")


def _site_wide_models():
    """Models whose rows every page may show: site settings and taxonomy snippets. A change to
    one purges everything; they change rarely."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import TranslatableMixin
    from wagtail.snippets.models import get_snippet_models

    models = set()
    for model in apps.get_models():
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting)):
            models.add(model)
    for model in get_snippet_models():
        if issubclass(model, TranslatableMixin) and not issubclass(model, Page):
            models.add(model)
    return models


def _connect_site_version():
    """Every change to what a page may show gives the site a new version (``site_version``):
    any page saved or deleted (drafts too: cheap, and nothing is missed), published,
    unpublished or moved, a privacy setting (what lists may show), the site settings, taxonomy
    snippets, sites and locales."""
    from wagtail.models import Locale, PageViewRestriction, Site

    for model in {Page, *get_page_models()}:
        label = model._meta.label_lower
        post_save.connect(on_content_changed, sender=model, dispatch_uid=f"site-version-saved-{label}")
        post_delete.connect(on_content_changed, sender=model, dispatch_uid=f"site-version-deleted-{label}")
    page_published.connect(on_content_changed, dispatch_uid="site-version-published")
    page_unpublished.connect(on_content_changed, dispatch_uid="site-version-unpublished")
    post_page_move.connect(on_content_changed, dispatch_uid="site-version-moved")
    for model in {*_site_wide_models(), PageViewRestriction, Site, Locale}:
        label = model._meta.label_lower
        post_save.connect(on_content_changed, sender=model, dispatch_uid=f"site-version-site-saved-{label}")
        post_delete.connect(on_content_changed, sender=model, dispatch_uid=f"site-version-site-deleted-{label}")
