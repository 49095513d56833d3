"""StreamField blocks shared by every app's rich bodies (standard pages, news)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "bgro/blocks/paragraph_block.html"
        preview_value = "<p>Областна администрация Русе представи проекта BG-RO E-GoverNet.</p>"
        description = _("Text with headings, lists and links.")


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "bgro/blocks/heading_block.html"
        preview_value = "Цели на проекта"
        description = _("A section heading (level 2).")


class ImageBlock(blocks.StructBlock):
    """An image whose alternative text is required: screen-reader users must get its meaning."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "bgro/blocks/image_block.html"
        description = _("An image with required alternative text and an optional caption.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "bgro/blocks/quote_block.html"
        preview_value = {"text": "Платформата ще подобри достъпа до публичните услуги.", "attribution": "Катя Горанова"}
        description = _("A quotation with the name of the person quoted.")


class VideoEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = _("Embedded media")
        template = "bgro/blocks/embed_block.html"
        description = _("A video or other media from a supported provider, by its URL.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "bgro/blocks/document_link_block.html"
        description = _("A link to download a document, with its format and size.")


class BodyStreamBlock(blocks.StreamBlock):
    """The body of standard and news pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = VideoEmbedBlock()
    document = DocumentLinkBlock()
