"""Blocks that link a news item to the catalogue (by string reference: news never imports catalogue)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class RelatedServiceBlock(blocks.PageChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(page_type="catalogue.ServicePage", **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Related service")


class RelatedInstitutionBlock(blocks.PageChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(page_type="catalogue.InstitutionPage", **kwargs)

    class Meta:
        icon = "home"
        label = _("Related institution")


class RelatedPagesStreamBlock(blocks.StreamBlock):
    service = RelatedServiceBlock()
    institution = RelatedInstitutionBlock()
