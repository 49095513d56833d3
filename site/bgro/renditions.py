"""Every image rendition the public pages use, in one list: templates draw from it, and
``make_renditions`` makes all of them ahead of time: ``load_demo`` for the demo, and a background
job after every publish for the images of the published page (``on_page_published``).

A visitor never waits for an image to be resized: making a rendition (decoding the original,
resizing, encoding AVIF and WebP) takes from tens of milliseconds to over a second, and a page
that needs a dozen of them would make its first visitor wait that long. A template names a set
(``{% rendition_picture image "news-listing" … %}``, tag library ``rendition_tags``); a set that
is not here cannot be used, so nothing a template shows is left out of the pre-generation.

Formats: AVIF and WebP for browsers that take them (``<picture>`` sources, in Wagtail's order),
JPEG or PNG as the fallback ``<img>``; widths in a ``srcset`` so a phone gets a small file.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from wagtail.fields import StreamField
from wagtail.images.models import Filter

from bgro.indexing import defer_or_index, register_indexer
from bgro.templatetags.head_tags import SOCIAL_IMAGE_FILTER


@dataclass(frozen=True)
class RenditionSet:
    name: str
    # A Wagtail filter spec; ``{a,b}`` gives one rendition per choice (Filter.expand_spec).
    spec: str
    # Which images it is made for: the listing images of live pages of these models
    # ("app_label.ModelName"; "*" for every page model), or the images a StreamField block holds.
    listing_image_of: tuple[str, ...] = ()
    stream_images: tuple[str, ...] = ()  # "field.block.child" as in "body.image.image"

    @property
    def filter_specs(self):
        return Filter.expand_spec(self.spec)


RENDITION_SETS = {
    each.name: each
    for each in (
        # news/news_index_page.html: the picture beside each item.
        RenditionSet(
            "news-listing", "format-{avif,webp,jpeg}|fill-{320x180,640x360}", listing_image_of=("news.NewsPage",)
        ),
        # bgro/blocks/image_block.html: images in the body of standard and news pages.
        RenditionSet("body-image", "format-{avif,webp,jpeg}|width-{480,800,1280}", stream_images=("body.image.image",)),
        # home/blocks/partner_block.html: partner logos, one size (PNG keeps their transparency).
        RenditionSet("partner-logo", "format-{avif,webp,png}|max-240x80", stream_images=("partners.partner.logo",)),
        # home/display.py: the outdoor screens' news slides (one WebP: the screens' browsers take it).
        RenditionSet("display-slide", "fill-960x540|format-webp|webpquality-75", listing_image_of=("news.NewsPage",)),
        # bgro/templatetags/head_tags.py: og:image of every page with a listing image (JPEG: every
        # social network reads it).
        RenditionSet("social", SOCIAL_IMAGE_FILTER, listing_image_of=("*",)),
    )
}


def rendition_set(name):
    try:
        return RENDITION_SETS[name]
    except KeyError:
        raise ValueError(f"No rendition set {name!r}: add it to bgro.renditions.RENDITION_SETS") from None


def load_renditions(images, set_name=None):
    """The renditions of ``images`` in one query (only set ``set_name``'s when given): every image
    has those of all the sets made for it (17 for a news image), and a list shows one set."""
    lookup = "renditions"
    if set_name is not None:
        renditions = images[0].get_rendition_model().objects.filter(filter_spec__in=rendition_set(set_name).filter_specs)
        lookup = Prefetch("renditions", queryset=renditions)
    prefetch_related_objects(images, lookup)


_ANNOUNCED = "_bgro_announced_renditions"


def announce_renditions(request, images, set_name):
    """Note that this request's page shows ``images`` in set ``set_name``; loaded by
    ``load_announced_renditions`` when a picture is not kept (``{% rendition_picture %}``)."""
    request.__dict__.setdefault(_ANNOUNCED, {}).setdefault(set_name, []).extend(images)


def load_announced_renditions(request, set_name):
    """Load, in one query, the renditions of the images announced for ``set_name`` (once)."""
    images = request.__dict__.get(_ANNOUNCED, {}).pop(set_name, None)
    if images:
        load_renditions(images, set_name)


def _page_models(label):
    from bgro.models import BasePage

    if label == "*":
        return [model for model in apps.get_models() if issubclass(model, BasePage) and not model._meta.abstract]
    return [apps.get_model(label)]


def _stream_image_ids(raw_blocks, block_path):
    """Image ids under ``block_path`` (["image", "image"]) in the raw data of a StreamField."""
    block_name, *children = block_path
    for block in raw_blocks or ():
        if block.get("type") != block_name:
            continue
        value = block.get("value")
        for child in children:
            value = value.get(child) if isinstance(value, dict) else None
        if isinstance(value, int):
            yield value


def images_of(rendition_set_, pages=None):
    """The ids of the images ``rendition_set_`` is made for, in live pages (or in ``pages``)."""
    from wagtail.models import Page

    image_ids = set()
    for label in rendition_set_.listing_image_of:
        for model in _page_models(label):
            queryset = model.objects.live()
            if pages is not None:
                queryset = queryset.filter(pk__in=pages)
            image_ids.update(queryset.exclude(listing_image=None).values_list("listing_image", flat=True))
    for path in rendition_set_.stream_images:
        field_name, *block_path = path.split(".")
        for model in apps.get_models():
            if not issubclass(model, Page) or not any(
                field.name == field_name and isinstance(field, StreamField) for field in model._meta.fields
            ):
                continue
            queryset = model.objects.live()
            if pages is not None:
                queryset = queryset.filter(pk__in=pages)
            for stream in queryset.values_list(field_name, flat=True):
                image_ids.update(_stream_image_ids(getattr(stream, "raw_data", stream), block_path))
    return image_ids


def wanted_renditions(pages=None):
    """{image id: [filter specs]} of every set, for the images live pages (or ``pages``) use."""
    wanted = {}
    for each in RENDITION_SETS.values():
        for image_id in images_of(each, pages):
            wanted.setdefault(image_id, []).extend(each.filter_specs)
    return wanted


def make_renditions(pages=None):
    """Make every rendition of every set for the images live pages (or ``pages``) use.

    Returns (images, renditions made). Images whose file is missing are skipped (Wagtail shows
    its placeholder for them, as it would without this).
    """
    from wagtail.images import get_image_model
    from wagtail.images.models import SourceImageIOError

    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    wanted = wanted_renditions(pages)
    before = Rendition.objects.count()
    for image in Image.objects.filter(pk__in=wanted).prefetch_related("renditions"):
        try:
            image.get_renditions(*wanted[image.pk])
        except SourceImageIOError:
            continue
    return len(wanted), Rendition.objects.count() - before


@register_indexer
def renditions_after_publish(pages):
    """One background job for the published pages that show images (a catalogue import, whose
    pages show none, enqueues nothing), once the publish is committed."""
    page_ids = [page.pk for page in pages]
    if not wanted_renditions(page_ids):
        return
    from .tasks import make_page_renditions

    transaction.on_commit(lambda: make_page_renditions.enqueue(page_ids))


def on_page_published(sender, instance, **kwargs):
    """``page_published`` receiver: the page's images get their renditions in the background, so
    that its first visitor does not wait for them either (at the end of an import, once)."""
    defer_or_index(renditions_after_publish, instance)
