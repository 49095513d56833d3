"""Blocks of a consultation: the draft's numbered sections and its documents."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from bgro.blocks import DocumentLinkBlock


class DraftSectionBlock(blocks.StructBlock):
    """One numbered section of the draft (an article, a chapter, a measure).

    Its number is its place in the list; comments refer to it by the block's id, which
    wagtail-localize keeps in every language, so a comment made on the Romanian page is about
    the same section of the Bulgarian one.
    """

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "list-ol"
        label = _("Section of the draft")
        template = "consultations/blocks/draft_section_block.html"
        preview_value = {
            "heading": "Обхват на наредбата",
            "text": "<p>Наредбата урежда условията за ползване на общинските пристанища.</p>",
        }
        description = _("One numbered section of the draft; visitors may comment on each section.")


class DraftSectionsBlock(blocks.StreamBlock):
    section = DraftSectionBlock()


class ConsultationDocumentsBlock(blocks.StreamBlock):
    """The draft itself, its reasons (motives), impact assessment and other files."""

    document = DocumentLinkBlock()
