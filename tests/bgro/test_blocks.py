"""Shared blocks: what editors must fill in before a body can be saved."""

import pytest
from django.core.exceptions import ValidationError

from bgro.blocks import BodyStreamBlock, ImageBlock, QuoteBlock
from tests.factories import ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def image_value(image, alt_text):
    return ImageBlock().to_python({"image": image.pk, "alt_text": alt_text, "caption": ""})


def test_image_block_requires_alternative_text():
    image = ImageFactory()

    with pytest.raises(ValidationError) as raised:
        ImageBlock().clean(image_value(image, ""))

    assert set(raised.value.block_errors) == {"alt_text"}


def test_image_block_with_alternative_text_is_valid():
    image = ImageFactory()

    value = ImageBlock().clean(image_value(image, "Дунав мост при Русе"))

    assert value["image"] == image
    assert value["alt_text"] == "Дунав мост при Русе"


def test_body_with_an_image_without_alternative_text_is_rejected():
    image = ImageFactory()
    block = BodyStreamBlock()
    body = block.to_python(
        [
            {"type": "paragraph", "value": "<p>Текст</p>"},
            {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": "Мост"}},
        ]
    )

    with pytest.raises(ValidationError) as raised:
        block.clean(body)

    assert set(raised.value.block_errors) == {1}


def test_quote_attribution_is_optional():
    value = QuoteBlock().clean(QuoteBlock().to_python({"text": "Цитат", "attribution": ""}))

    assert value["text"] == "Цитат"


@pytest.mark.parametrize("block_name", list(BodyStreamBlock.base_blocks))
def test_every_body_block_is_described_for_editors(block_name):
    block = BodyStreamBlock.base_blocks[block_name]

    assert block.meta.icon
    assert block.meta.label
    assert block.meta.description
