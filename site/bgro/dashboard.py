"""Panels of the admin dashboard that tell editors what waits for them (issue 18).

Each app adds its own panel from its ``wagtail_hooks`` (``construct_homepage_panels``): the
translations app the translations out of date or unfinished, the catalogue its failed imports,
search the searches that found nothing; this module the pages waiting for review, and what the
panels share: a list of counts, each with a link to where the work is done, in the editor's
language. Every panel costs a fixed number of queries, whatever the number of pages, imports or
searches (tests/bgro/test_dashboard.py).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState


@dataclass
class Count:
    label: str  # with the number in it, in the editor's language (ngettext)
    url: str
    count: int


class CountsPanel(Component):
    template_name = "bgro/admin/counts_panel.html"

    def __init__(self, name, heading, counts, order=150):
        self.name = name
        self.heading = heading
        self.counts = counts
        self.order = order

    def get_context_data(self, parent_context):
        return {"panel": self}


def moderation_panel():
    """Pages in a workflow, waiting for a reviewer: all of them, with a link to Wagtail's
    workflow report (Wagtail's own panel lists only those the signed-in user may review)."""
    waiting = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .count()
    )
    label = ngettext("%(count)d page waiting for review", "%(count)d pages waiting for review", waiting)
    return CountsPanel(
        "moderation",
        _("Waiting for review"),
        [Count(label % {"count": waiting}, reverse("wagtailadmin_reports:workflow"), waiting)],
        order=140,
    )
