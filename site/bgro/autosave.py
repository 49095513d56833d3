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
autosave overwrites its revision; an explicit save makes another), and the slug posted (or,
with no slug posted, the title). Anything else is left to the add view as before, the clash
included. Wagtail has no setting for this (WAGTAIL_AUTOSAVE_INTERVAL only sets the rhythm):
the hook is the supported place.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page, Revision

AUTOSAVE_CLAIM_MINUTES = 10


def autosaved_draft(request, parent_page, page_class):
    """The draft this add-form request is for, created by its autosave; else None."""
    slug, title = request.POST.get("slug", "").strip(), request.POST.get("title", "").strip()
    if not (slug or title):
        return None
    candidates = Page.objects.child_of(parent_page).filter(
        content_type__app_label=page_class._meta.app_label,
        content_type__model=page_class._meta.model_name,
        owner=request.user,
        live=False,
        first_published_at__isnull=True,
        latest_revision_created_at__gte=timezone.now() - timedelta(minutes=AUTOSAVE_CLAIM_MINUTES),
    )
    candidates = candidates.filter(slug=slug) if slug else candidates.filter(title=title)
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
