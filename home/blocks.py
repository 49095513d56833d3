"""Blocks of the home page: featured services and the programme's partners."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class FeaturedServiceBlock(blocks.PageChooserBlock):
    def __init__(self, **kwargs):
        super().__init__(page_type="catalogue.ServicePage", **kwargs)

    class Meta:
        icon = "pick"
        label = _("Featured service")


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    role = blocks.ChoiceBlock(
        label=_("Role"),
        choices=[
            ("lead-partner", _("Lead partner")),
            ("partner", _("Partner")),
            ("associated", _("Associated institution")),
            ("programme", _("Funding programme")),
        ],
    )
    country = blocks.ChoiceBlock(
        label=_("Country"), choices=[("BG", _("Bulgaria")), ("RO", _("Romania")), ("EU", _("European Union"))]
    )
    logo = ImageChooserBlock(label=_("Logo"), required=False)
    url = blocks.URLBlock(label=_("Website"), required=False)

    class Meta:
        icon = "group"
        label = _("Partner")
        template = "home/blocks/partner_block.html"
        preview_value = {
            "name": "Бизнес център за подпомагане на малки и средни предприятия – Русе",
            "role": "lead-partner",
            "country": "BG",
        }
        description = _("A partner of the programme, with its role and logo.")
