"""Listings and home sections kept as rendered fragments per site version (issue 17, item 4):
each list, filter and page number is a fragment of its own, a change shows on the next request,
and a preview never reads or leaves one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import ServiceIndexPage
from tests.factories import (
    ImageFactory,
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)
from tests.rendering import PAGE_QUERIES

pytestmark = pytest.mark.django_db


def _get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, f"GET {url} {params}: {response.status_code}"
    return response.content.decode()


@pytest.fixture
def two_countries(home_page):
    """A page and a half of services (the index lists 20 a page): 15 in Bulgaria, 10 in Romania."""
    institutions = InstitutionIndexPageFactory(parent=home_page, aliases=False)
    ruse = InstitutionPageFactory(parent=institutions, title="Община Русе", country="BG", region="Ruse", aliases=False)
    giurgiu = InstitutionPageFactory(
        parent=institutions, title="Primăria Giurgiu", country="RO", region="Giurgiu", aliases=False
    )
    index = ServiceIndexPageFactory(parent=home_page, aliases=False)
    for number in range(15):
        ServicePageFactory(parent=index, institution=ruse, title=f"Услуга {number:02}", aliases=False)
    for number in range(10):
        ServicePageFactory(parent=index, institution=giurgiu, title=f"Serviciu {number:02}", aliases=False)
    assert ServiceIndexPage.page_size == 20
    return index, ruse, giurgiu


def test_each_page_and_each_filter_of_the_service_list_is_a_fragment_of_its_own(client, two_countries):
    index, _ruse, _giurgiu = two_countries
    url = index.get_url()
    first, second = _get(client, url), _get(client, url, {"page": "2"})
    romania = _get(client, url, {"country": "RO"})

    titles = [f"Услуга {number:02}" for number in range(15)] + [f"Serviciu {number:02}" for number in range(10)]
    on_first = {title for title in titles if title in first}
    on_second = {title for title in titles if title in second}
    assert len(on_first) == 20 and len(on_second) == 5 and on_first | on_second == set(titles)
    assert "Serviciu 09" in romania and "Услуга 00" not in romania
    # Asked again, each is read from its fragment: only the routing of the request is left.
    for params, html in [({}, first), ({"page": "2"}, second), ({"country": "RO"}, romania)]:
        with CaptureQueriesContext(connection) as context:
            again = _get(client, url, params)
        assert len(context.captured_queries) == PAGE_QUERIES, params
        assert again == html, params


def test_a_new_renamed_or_unpublished_service_shows_in_the_kept_lists_on_the_next_request(client, two_countries):
    index, ruse, _giurgiu = two_countries
    url, institutions_url = index.get_url(), ruse.get_parent().get_url()
    assert "Услуга 00" in _get(client, url)
    _get(client, institutions_url)

    service = ServicePageFactory(parent=index, institution=ruse, title="Адресна регистрация", aliases=False)
    assert "Адресна регистрация" in _get(client, url, {"country": "BG"})

    service.title = "Постоянен адрес"
    service.save_revision().publish()
    html = _get(client, url, {"country": "BG"})
    assert "Постоянен адрес" in html and "Адресна регистрация" not in html

    service.unpublish()
    assert "Постоянен адрес" not in _get(client, url, {"country": "BG"})

    ruse.title = "Община Русе (център)"
    ruse.save_revision().publish()
    assert "Община Русе (център)" in _get(client, institutions_url)


def test_a_published_news_item_shows_in_the_kept_news_list_and_its_tag(client, home_page):
    index = NewsIndexPageFactory(parent=home_page, aliases=False)
    NewsPageFactory(parent=index, title="Пчеларите от Русе", aliases=False)
    url = index.get_url()
    assert "Пчеларите от Русе" in _get(client, url)
    assert "Нов мост" not in _get(client, url, {"tag": "bridges"})

    news = NewsPageFactory(parent=index, title="Нов мост", aliases=False)
    news.tags.add("bridges")
    news.save_revision().publish()

    assert "Нов мост" in _get(client, url)
    tagged = _get(client, url, {"tag": "bridges"})
    assert "Нов мост" in tagged and "Пчеларите от Русе" not in tagged


def test_a_preview_shows_the_draft_and_leaves_no_fragment(client, home_page):
    def partners(name):
        logo = ImageFactory().pk
        return [{"type": "partner", "value": {"name": name, "role": "partner", "country": "RO", "logo": logo, "url": ""}}]

    home_page.partners = partners("Consiliul Județean Giurgiu")
    home_page.save_revision().publish()
    assert "Consiliul Județean Giurgiu" in _get(client, home_page.get_url())  # its fragment is kept

    # Two drafts in a row, not published: the second preview must not show the first's section.
    for name in ["Consiliul Județean Călărași", "Consiliul Județean Teleorman"]:
        home_page.partners = partners(name)
        preview = home_page.make_preview_request().content.decode()
        assert name in preview and "Consiliul Județean Giurgiu" not in preview
    assert "Călărași" not in preview
    live = _get(client, home_page.get_url())
    assert "Consiliul Județean Giurgiu" in live and "Călărași" not in live


def test_a_stray_parameter_does_not_reach_the_links_of_another_address(client, two_countries):
    # The pagination's links keep the request's parameters: a fragment rendered for one address
    # must not be served to another.
    index, _ruse, _giurgiu = two_countries
    spammed = _get(client, index.get_url(), {"utm_source": "spam"})
    assert "utm_source=spam&amp;page=2" in spammed

    plain = _get(client, index.get_url())
    assert "utm_source" not in plain and 'href="?page=2"' in plain
