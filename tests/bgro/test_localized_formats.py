"""Dates and numbers as each language writes them (CLDR): lower-case months in Bulgarian and
Romanian, no leading zero; the news pages and the display screen use the one helper."""

import datetime

import pytest
from django.utils import translation

from bgro.localized_formats import format_date, format_number
from tests.conftest import get_home_pages, get_locales
from tests.factories import NewsIndexPageFactory, NewsPageFactory, translated_versions

DAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("bg", "2 декември 2026\u202fг."), ("ro", "2 decembrie 2026"), ("en", "2 December 2026")],
)
def test_long_date_in_each_language(language, expected):
    assert format_date(DAY, language) == expected
    with translation.override(language):
        assert format_date(datetime.datetime(2026, 12, 2, 9, 30)) == expected


@pytest.mark.parametrize(("language", "expected"), [("bg", "12\xa0345,5"), ("ro", "12.345,5"), ("en", "12,345.5")])
def test_numbers_in_each_language(language, expected):
    assert format_number(12345.5, language) == expected


@pytest.fixture(scope="module")
def news_pages(module_db):
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    index = NewsIndexPageFactory(parent=home)
    item = NewsPageFactory(parent=index, title="Open day", date=datetime.date(2026, 11, 2))
    translated_versions(index, locales)
    return {"index": translated_versions(index, locales), "item": translated_versions(item, locales)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "wrong"),
    [("bg", "2 ноември 2026\u202fг.", "02 Ноември"), ("ro", "2 noiembrie 2026", "Noiembrie")],
)
def test_news_dates_are_written_as_the_language_writes_them(client, news_pages, language, expected, wrong):
    for page in (news_pages["index"][language], news_pages["item"][language]):
        content = client.get(page.url).content.decode()
        assert expected in content
        assert wrong not in content
