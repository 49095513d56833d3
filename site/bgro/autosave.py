"""The "add" forms with Wagtail's autosave on (issue 18).

Autosave on an add form creates the page at its first save, then turns the form into that
page's edit form when the answer arrives. An editor who presses Save draft, Publish or Submit
before the answer has arrived (creating a page here also indexes it and makes its aliases in
the other language trees: a second or two) posts to the add view a second time, and was told
"The slug … is already in use within the parent page" — by their own draft.

``resume_autosaved_draft`` (a ``before_create_page`` hook) recognises that draft and hands the
request to Wagtail's edit view for it, which saves, publishes or submits it as the add view
would have. The draft must be, under the same parent and of the same type: created by the
same editor in the last AUTOSAVE_CLAIM_MINUTES, never published, with one revision only (an
autosave overwrites its revision; an explicit save makes another), and the slug the add view
would give (bgro.slugs.latin_slug of the slug posted, or of the title). Anything else is left
to the add view as before, the clash included: a page of another editor, or one saved on
purpose, is never overwritten. (A title changed in the meantime gives another slug, so no
clash either: the submit makes a second page, which the editor can delete.) Wagtail has no setting for this (WAGTAIL_AUTOSAVE_INTERVAL only sets the rhythm):
the hook is the supported place.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page, Revision

from .slugs import latin_slug

AUTOSAVE_CLAIM_MINUTES = 10


def autosaved_draft(request, parent_page, page_class):
    """The draft this add-form request is for, created by its autosave; else None."""
    # The slug the add view would give the page (bgro.slugs: Latin, from the slug or the title).
    slug = latin_slug(request.POST.get("slug", "").strip() or request.POST.get("title", ""))
    if not slug:
        return None
    candidates = Page.objects.child_of(parent_page).filter(
        slug=slug,
        content_type__app_label=page_class._meta.app_label,
        content_type__model=page_class._meta.model_name,
        owner=request.user,
        live=False,
        first_published_at__isnull=True,
        latest_revision_created_at__gte=timezone.now() - timedelta(minutes=AUTOSAVE_CLAIM_MINUTES),
    )
    draft = candidates.order_by("-pk").first()
    if draft is None or Revision.objects.for_instance(draft).count() != 1:
        return None
    return draft


def resume_autosaved_draft(request, parent_page, page_class):
    if request.method != "POST" or not request.accepts("text/html"):
        return None  # the autosave's own requests (JSON) go on as Wagtail made them
    draft = autosaved_draft(request, parent_page, page_class)
    if draft is None:
        return None
    return EditView.as_view()(request, page_id=draft.pk)
