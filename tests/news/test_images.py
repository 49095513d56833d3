"""News images are responsive Wagtail renditions: WebP (with a JPEG fallback) in a srcset
with sizes, and the width and height set so the page does not jump while images load."""

import re
from html.parser import HTMLParser

import pytest

from bgro.renditions import rendition_set
from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory, body_stream

pytestmark = pytest.mark.django_db


class _Pictures(HTMLParser):
    """Each <picture> with its <source> and <img> attributes."""

    def __init__(self):
        super().__init__()
        self.pictures = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "picture":
            self._current = {"sources": [], "img": None}
            self.pictures.append(self._current)
        elif tag == "source" and self._current is not None:
            self._current["sources"].append(attributes)
        elif tag == "img" and self._current is not None:
            self._current["img"] = attributes

    def handle_endtag(self, tag):
        if tag == "picture":
            self._current = None


def pictures(response):
    parser = _Pictures()
    parser.feed(response.content.decode())
    return parser.pictures


def srcset_widths(srcset):
    return [int(width) for width in re.findall(r"\s(\d+)w", srcset)]


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    return NewsPageFactory(
        parent=index,
        listing_image=ImageFactory(file__width=1600, file__height=900),
        body=body_stream(image=ImageFactory(file__width=1600, file__height=900)),
    )


def assert_responsive(picture, expected_widths):
    webp = [source for source in picture["sources"] if source.get("type") == "image/webp"]
    assert webp, f"no WebP source: {picture}"
    assert srcset_widths(webp[0]["srcset"]) == expected_widths
    assert all(".webp" in candidate for candidate in webp[0]["srcset"].split(","))
    assert webp[0].get("sizes")
    image = picture["img"]
    assert image["width"] and image["height"], image
    assert int(image["width"]) in expected_widths
    assert image.get("sizes") and image.get("srcset"), "the fallback image is responsive too"
    assert image["alt"] is not None


def test_the_image_of_a_news_item_is_a_responsive_webp_rendition(client, news):
    response = client.get(news.get_url())

    [picture] = pictures(response)
    assert_responsive(picture, [480, 800, 1280])
    assert picture["img"]["alt"] == "Дунав мост при Русе"


def test_listing_images_in_the_news_index_are_responsive_webp_renditions(client, news):
    response = client.get(news.get_parent().get_url())

    [picture] = pictures(response)
    assert_responsive(picture, [320, 640])
    assert picture["img"]["alt"] == ""  # the headline beside it says what it is


def test_publishing_a_page_makes_the_renditions_its_images_need(home_page, django_capture_on_commit_callbacks):
    """No visitor waits for a rendition of an editor's new image: the publish makes them, in a
    background job (run at once here: the test settings' immediate task backend)."""
    index = NewsIndexPageFactory(parent=home_page)
    listing, inline = ImageFactory(file__width=1600, file__height=900), ImageFactory(file__width=1600, file__height=900)
    page = NewsPageFactory(parent=index, listing_image=listing, body=body_stream(image=inline), live=False)
    assert not listing.renditions.exists() and not inline.renditions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert set(rendition_set("news-listing").filter_specs) <= set(
        listing.renditions.values_list("filter_spec", flat=True)
    )
    assert set(rendition_set("body-image").filter_specs) <= set(inline.renditions.values_list("filter_spec", flat=True))


def test_a_kept_picture_changes_with_its_image(client, news):
    """Pictures are kept as HTML per site version (``rendition_picture``): the second request
    reads no rendition, and an image edited (here its focal point, which crops it anew) gives the
    site a new version, so the next request shows the new crop."""
    index_url = news.get_parent().get_url()
    before = pictures(client.get(index_url))
    assert pictures(client.get(index_url)) == before

    image = news.listing_image
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 100, 100, 50, 50
    image.save()

    [after] = pictures(client.get(index_url))
    assert_responsive(after, [320, 640])
    assert after["img"]["src"] != before[0]["img"]["src"]
