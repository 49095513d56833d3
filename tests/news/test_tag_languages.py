"""Tags are kept per language (README, "Tags"): the news list of each language names the tags of
its own items unmarked, and marks with lang those it shows only from untranslated items."""

import re

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, translate, translated_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_indexes(home_pages, locales, translated_home_pages):
    index = NewsIndexPageFactory(parent=home_pages["bg"])
    indexes = translated_versions(index, locales)
    # Written in Bulgarian, translated into English (with English tags), not into Romanian.
    item = NewsPageFactory(parent=index, title="Среща в Русе")
    item.tags.add("сътрудничество")
    item.save_revision().publish()
    english = translate(item, locales["en"])
    english.tags.set(["cooperation"])
    english.save_revision().publish()
    return indexes


def listed_tags(client, index):
    response = client.get(index.url)
    assert response.status_code == 200
    html = response.content.decode()
    return dict(
        (name, lang)
        for lang, name in (
            (re.search(r'lang="(\w+)"', attrs).group(1) if "lang=" in attrs else "", name)
            for attrs, name in re.findall(r'<a class="tag-link" href="[^"]*\?tag=[^"]*"([^>]*)>([^<]+)</a>', html)
        )
    )


def test_bulgarian_list_names_its_own_tags(client, news_indexes):
    assert listed_tags(client, news_indexes["bg"]) == {"сътрудничество": ""}


def test_romanian_list_marks_the_bulgarian_tag_of_an_untranslated_item(client, news_indexes):
    assert listed_tags(client, news_indexes["ro"]) == {"сътрудничество": "bg"}


def test_english_list_shows_the_english_tag_of_the_translation(client, news_indexes):
    assert listed_tags(client, news_indexes["en"]) == {"cooperation": ""}
