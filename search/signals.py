"""Page events that change what search may show: the group is indexed again at once.

Publishing, unpublishing, moving and deleting a page, and adding or removing a view
restriction (which hides a section and everything below it).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indexing import index_groups


def on_publish_or_unpublish(sender, instance, **kwargs):
    index_groups([instance.translation_key])


def on_move(sender, instance, **kwargs):
    # The URL of every page below changes too.
    index_groups(instance.get_descendants(inclusive=True).values_list("translation_key", flat=True))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        index_groups([instance.translation_key])


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        index_groups(page.get_descendants(inclusive=True).values_list("translation_key", flat=True))


def connect():
    page_published.connect(on_publish_or_unpublish, dispatch_uid="search-page-published")
    page_unpublished.connect(on_publish_or_unpublish, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_move, dispatch_uid="search-page-moved")
    post_delete.connect(on_page_deleted, dispatch_uid="search-page-deleted")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
