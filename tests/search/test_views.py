"""The search page finds live, public pages, once per translation group, and nothing else.

Each page is found once: in the visitor's language when translated, otherwise in its source
language, linked to its alias in the visitor's tree. Drafts, unpublished changes and private
pages never appear.
"""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import PageViewRestriction

from search.query import MAX_QUERY_LENGTH
from search.views import search
from tests.factories import StandardPageFactory, translate
from tests.rendering import parse_head
from tests.search.conftest import make_institution, make_service

# Every test runs on the database engine and again on the real search node.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine_under_test")]

WORD = "Дунавмост"


def results_for(query, language="bg"):
    request = RequestFactory().get(f"/{language}/search/", {"q": query})
    with translation.override(language):
        response = search(request)
    return response.context_data


def titles(context):
    return [hit.title for hit in context["results"].hits] if context["results"] else []


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
def test_untranslated_page_is_found_once_in_its_language_through_its_alias(published, locales, language):
    hits = results_for(WORD, language)["results"].hits
    alias = published.aliases.get(locale=locales[language])

    assert [(hit.title, hit.locale, hit.url) for hit in hits] == [(published.title, "bg", alias.url)]


def test_translation_is_shown_in_its_language(published, locales):
    romanian = translate(published, locales["ro"])

    assert [(hit.title, hit.locale, hit.url) for hit in results_for(WORD, "ro")["results"].hits] == [
        (romanian.title, "ro", romanian.url)
    ]
    assert titles(results_for(WORD, "bg")) == [published.title]


@pytest.mark.smoke
def test_untranslated_result_carries_its_language(client, published):
    response = client.get("/ro/search/", {"q": WORD})
    html = response.content.decode()

    assert 'lang="bg"' in html
    assert "<mark>" in html
    assert "language-badge" in html


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


def test_a_query_longer_than_anyone_types_is_refused_with_a_message(published):
    context = results_for("д" * 5000)

    assert context["results"] is None
    assert context["problems"]


def test_bad_filters_are_ignored_with_a_message(published):
    request = RequestFactory().get("/bg/search/", {"q": WORD, "type": "nonsense", "page": "x", "country": "ZZ"})
    with translation.override("bg"):
        context = search(request).context_data

    assert titles(context) == [published.title]
    assert len(context["problems"]) == 3


@pytest.mark.parametrize("name", ["page", "page_size"])
def test_thousands_of_digits_in_the_page_show_the_first_page_with_a_message(published, name):
    request = RequestFactory().get("/bg/search/", {"q": WORD, name: "9" * 5000})
    with translation.override("bg"):
        context = search(request).context_data

    assert titles(context) == [published.title]
    assert context["page_obj"].number == 1
    assert len(context["problems"]) == 1


@pytest.mark.smoke
def test_facet_links_filter_and_unfilter(client, published):
    response = client.get("/bg/search/", {"q": WORD})
    page_facet = next(item for item in response.context["facets"]["type"]["items"] if item["value"] == "page")

    filtered = client.get("/bg/search/" + page_facet["url"])
    assert [hit.title for hit in filtered.context["results"].hits] == [published.title]
    assert filtered.context["filtered"]
    chosen = next(item for item in filtered.context["facets"]["type"]["items"] if item["value"] == "page")
    assert chosen["selected"] and "type=" not in chosen["url"]


def test_a_long_facet_shows_its_most_frequent_values_the_chosen_one_and_a_link_to_all(client, catalogue):
    from search.views import FACET_SHOWN

    institutions = [
        make_institution(catalogue, f"Община Пробна {number:02}", f"test-municipality-{number:02}")
        for number in range(1, FACET_SHOWN + 3)
    ]
    for number, institution in enumerate(institutions, start=1):
        # The first institution offers the service twice: it leads the facet.
        for copy in range(2 if number == 1 else 1):
            make_service(catalogue, f"{WORD} такса {number} {copy}", institution=institution)

    def institution_facet(**params):
        response = client.get("/bg/search/", {"q": WORD, **params})
        assert response.status_code == 200
        return response.context["facets"]["institution"], response.content.decode()

    facet, html = institution_facet()
    labels = [item["label"] for item in facet["items"]]
    assert len(labels) == FACET_SHOWN and labels[0] == "Община Пробна 01"
    assert (facet["total"], facet["left_out"]) == (FACET_SHOWN + 2, 2)
    assert "more=institution" in facet["more_url"] and f"({FACET_SHOWN + 2})" in html

    last = institutions[-1].catalogue_id
    facet, _html = institution_facet(institution=last)
    assert [item["value"] for item in facet["items"] if item["selected"]] == [last]
    assert len(facet["items"]) == FACET_SHOWN + 1

    facet, html = institution_facet(more="institution")
    assert len(facet["items"]) == FACET_SHOWN + 2 and facet["left_out"] == 0
    assert facet["fewer_url"] and "more=" not in facet["fewer_url"] and "Покажете по-малко" in html


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
    ids=[
        "nul",
        "nul-inside",
        "quotes-sql",
        "unbalanced-quote",
        "operators",
        "fts-function",
        "lucene-syntax",
        "format-characters",
        "very-long",
    ],
)
def test_syntax_and_control_characters_are_searched_as_words_not_syntax(client, published, query):
    response = client.get("/bg/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["search_query"]) <= MAX_QUERY_LENGTH


@pytest.mark.smoke
def test_punctuation_around_a_word_still_finds_it(published):
    assert titles(results_for(f'"{WORD}"!')) == [f"{WORD} при Русе"]
