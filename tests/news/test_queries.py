"""News and deliverable lists cost the same queries with 5 items as with 50.

The budgets are what the pages cost today, explained query by query (see ``tests.rendering``
for the queries every page makes). A failing budget lists the queries: either the new query
is worth it (raise the budget and say why here) or a template asks the database once per item.
"""

import pytest

from tests.factories import (
    DeliverableIndexPageFactory,
    DeliverablePageFactory,
    DocumentFactory,
    ImageFactory,
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    alias_into,
    body_stream,
)
from tests.rendering import QUERY_CASES, assert_queries_do_not_grow, describe_queries, query_budget, render_queries

pytestmark = pytest.mark.django_db

# The tags and the list are kept as a fragment per site version, tag and page number, and the
# list's length beside them (``NewsIndexPage.news_count``): a kept list costs no query. Otherwise:
# the privacy filter of ``.visible()``, once for the list and the tags of the filter (1,
# ``NewsIndexPage.news``); the page of news with their images (1); the renditions of their
# images in the list's set (1, ``prefetch_renditions``: each picture's HTML is kept per site
# version, ``rendition_picture``), the tags in use (1, ``news_tags``) and the list's length (1).
NEWS_INDEX_QUERIES = 5
NEWS_INDEX_KEPT_QUERIES = 5
# A news page's own: the images of its body (1) and its tags (1); the renditions of its body
# images come with their pictures' HTML, kept per site version (one query when not kept); the
# pages it links to, in the visitor's language, are kept per site version
# (``kept_localized_pages``) and the index for the tag links comes from the kept breadcrumbs.
NEWS_PAGE_QUERIES = 2
# The privacy filter (1) and the deliverables with their three documents (1).
DELIVERABLE_INDEX_QUERIES = 2

TAGS = ["cooperation", "e-services", "tourism", "transport"]


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_news_index_queries_do_not_grow(client, home_page, locales, language, cold_cache):
    """50 news items with images and two tags each: five pages of the list (10 per page)."""
    source_index = NewsIndexPageFactory(parent=home_page, aliases=False)
    index = source_index if language == "bg" else alias_into(source_index, locales[language])
    created = []

    def add_news(count):
        for _ in range(count):
            news = NewsPageFactory(parent=source_index, listing_image=ImageFactory(), aliases=False)
            news.tags.add(TAGS[len(created) % len(TAGS)], TAGS[(len(created) + 1) % len(TAGS)])
            news.save()
            created.append(news)
            if language != "bg":
                alias_into(news, locales[language])

    add_news(5)

    assert_queries_do_not_grow(
        client,
        index.get_url(),
        lambda: add_news(45),
        budget=query_budget(
            NEWS_INDEX_QUERIES - (0 if cold_cache else NEWS_INDEX_KEPT_QUERIES),
            alias_tree=language != "bg",
            cold_cache=cold_cache,
        ),
        cold_cache=cold_cache,
    )


@pytest.mark.parametrize(("language", "cold_cache"), QUERY_CASES)
def test_deliverable_index_queries_do_not_grow(client, home_page, locales, language, cold_cache):
    source_index = DeliverableIndexPageFactory(parent=home_page, aliases=False)
    index = source_index if language == "bg" else alias_into(source_index, locales[language])
    documents = [DocumentFactory() for _ in range(3)]

    def add_deliverables(count):
        for _ in range(count):
            deliverable = DeliverablePageFactory(
                parent=source_index,
                document_bg=documents[0],
                document_ro=documents[1],
                document_en=documents[2],
                aliases=False,
            )
            if language != "bg":
                alias_into(deliverable, locales[language])

    add_deliverables(5)

    assert_queries_do_not_grow(
        client,
        index.get_url(),
        lambda: add_deliverables(45),
        budget=query_budget(DELIVERABLE_INDEX_QUERIES, alias_tree=language != "bg", cold_cache=cold_cache),
        cold_cache=cold_cache,
    )


def test_a_news_page_costs_its_budget(client, home_page):
    institutions = InstitutionIndexPageFactory(parent=home_page, aliases=False)
    chosen = [InstitutionPageFactory(parent=institutions, aliases=False) for _ in range(2)]
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page, aliases=False),
        body=body_stream(image=ImageFactory()),
        related_pages=[{"type": "institution", "value": institution.pk} for institution in chosen],
        aliases=False,
    )
    news.tags.add("transport")
    news.save_revision().publish()

    context = render_queries(client, news.get_url())

    assert len(context.captured_queries) == query_budget(NEWS_PAGE_QUERIES), describe_queries(context)
    html = client.get(news.get_url()).content.decode()
    assert all(institution.title in html for institution in chosen)


def test_a_published_news_item_shows_in_the_kept_count_and_tags_of_the_index(client, home_page):
    index = NewsIndexPageFactory(parent=home_page, aliases=False)
    first = NewsPageFactory(parent=index, aliases=False)
    first.tags.add("transport")
    first.save_revision().publish()
    html = client.get(index.get_url()).content.decode()
    assert "tourism" not in html

    second = NewsPageFactory(parent=index, title="Нов мост", aliases=False)
    second.tags.add("tourism")
    second.save_revision().publish()

    response = client.get(index.get_url())
    assert response.context["paginator"].count == 2
    assert "tourism" in response.content.decode() and "Нов мост" in response.content.decode()
    assert client.get(index.get_url(), {"tag": "tourism"}).context["paginator"].count == 1


def test_a_renamed_related_institution_shows_on_the_next_request_of_a_news_page(client, home_page):
    institution = InstitutionPageFactory(
        parent=InstitutionIndexPageFactory(parent=home_page, aliases=False), title="Окръг Гюргево", aliases=False
    )
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page, aliases=False),
        related_pages=[{"type": "institution", "value": institution.pk}],
        aliases=False,
    )
    assert "Окръг Гюргево" in client.get(news.get_url()).content.decode()

    institution.title = "Окръжен съвет Гюргево"
    institution.save_revision().publish()

    assert "Окръжен съвет Гюргево" in client.get(news.get_url()).content.decode()
