"""The search page finds live, public pages in the visitor's language tree, and nothing else.

Each page is found once, in the visitor's tree: as its translation, or as its alias there
while it is untranslated. Drafts, unpublished changes and private pages never appear.
"""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import PageViewRestriction

from search.query import MAX_QUERY_LENGTH
from search.views import search
from tests.factories import StandardPageFactory, translate
from tests.rendering import parse_head

pytestmark = pytest.mark.django_db

WORD = "Дунавмост"


def results_for(query, language="bg"):
    request = RequestFactory().get(f"/{language}/search/", {"q": query})
    with translation.override(language):
        response = search(request)
    return response.context_data


def titles(context):
    return [page.title for page in context["search_results"]]


@pytest.fixture
def published(home_page):
    return StandardPageFactory(
        parent=home_page, title=f"{WORD} при Русе", introduction=f"Новият {WORD} свързва бреговете."
    )


@pytest.mark.smoke
def test_finds_a_live_page(published):
    assert titles(results_for(WORD)) == [published.title]


def test_draft_page_is_not_found(home_page):
    StandardPageFactory(parent=home_page, title=f"{WORD} чернова", live=False)

    assert titles(results_for(WORD)) == []


def test_unpublished_changes_are_not_found(published):
    published.title = "Заглавие от чернова Тайнодума"
    published.save_revision()

    assert titles(results_for("Тайнодума")) == []
    assert titles(results_for(WORD)) == [f"{WORD} при Русе"]


@pytest.mark.parametrize("restriction_type", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_private_page_and_its_children_are_not_found(home_page, published, restriction_type):
    private = StandardPageFactory(parent=home_page, title=f"{WORD} вътрешен")
    StandardPageFactory(parent=private, title=f"{WORD} вътрешен протокол")
    PageViewRestriction.objects.create(page=private, restriction_type=restriction_type, password="secret")

    assert titles(results_for(WORD)) == [published.title]


@pytest.mark.parametrize("language", ["ro", "en"])
def test_private_page_is_not_found_through_its_aliases(home_page, locales, language):
    """An alias has no restriction of its own: Wagtail applies its source's when serving it."""
    private = StandardPageFactory(parent=home_page, title=f"{WORD} вътрешен")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert titles(results_for(WORD, language)) == []


@pytest.mark.parametrize("language", ["ro", "en"])
def test_untranslated_page_is_found_once_as_its_alias(published, locales, language):
    results = list(results_for(WORD, language)["search_results"])

    assert [(page.locale_id, page.alias_of_id) for page in results] == [(locales[language].id, published.id)]


def test_translation_is_found_in_its_language_only(published, locales):
    romanian = translate(published, locales["ro"])

    assert [(page.id, page.alias_of_id) for page in results_for(WORD, "ro")["search_results"]] == [(romanian.id, None)]
    assert titles(results_for(WORD, "bg")) == [published.title]


def test_draft_page_is_not_found_through_its_aliases(home_page):
    StandardPageFactory(parent=home_page, title=f"{WORD} чернова", live=False)

    assert titles(results_for(WORD, "ro")) == []


def test_empty_query_finds_nothing(published):
    context = results_for("   ")

    assert context["search_query"] == ""
    assert titles(context) == []


def test_query_is_normalised_and_cut(published):
    context = results_for("  много   " + "д" * 500)

    assert context["search_query"].startswith("много д")
    assert len(context["search_query"]) == MAX_QUERY_LENGTH


@pytest.mark.smoke
@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_search_page_renders_in_every_language(client, published, language):
    response = client.get(f"/{language}/search/", {"q": WORD})

    assert response.status_code == 200
    assert parse_head(response).html_lang == language


@pytest.mark.smoke
@pytest.mark.parametrize(
    "query",
    ["\x00", "a\x00b", "\"';--", 'ra"zh', "OR AND NOT", "NEAR(a b)", "title:*", "\u202e\u200b", "x" * 10_000],
    ids=["nul", "nul-inside", "quotes-sql", "unbalanced-quote", "operators", "fts-function", "lucene-syntax",
         "format-characters", "very-long"],
)
def test_syntax_and_control_characters_are_searched_as_words_not_syntax(client, published, query):
    response = client.get("/bg/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= MAX_QUERY_LENGTH


@pytest.mark.smoke
def test_punctuation_around_a_word_still_finds_it(published):
    assert titles(results_for(f'"{WORD}"!')) == [f"{WORD} при Русе"]
