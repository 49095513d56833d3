"""Home pages: where they may be created, what they list, and what they show before translation."""

import pytest

from bgro.models import StandardPage
from catalogue.models import InstitutionIndexPage, InstitutionPage, ServiceIndexPage, ServicePage
from consultations.models import ConsultationIndexPage
from home.models import HomePage
from news.models import DeliverableIndexPage, NewsIndexPage, NewsPage
from tests.factories import HomePageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.rendering import assert_renders

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_home_page_only_under_the_root(root_page, home_page):
    assert HomePage.can_create_at(root_page)
    assert not HomePage.can_create_at(home_page)
    assert not HomePage.can_create_at(StandardPageFactory(parent=home_page))
    assert HomePage.can_exist_under(root_page)


def test_a_further_home_page_can_start_another_site(root_page):
    home = HomePageFactory(parent=root_page, aliases=False)

    assert home.depth == 2
    assert NewsIndexPage.can_create_at(home)


@pytest.mark.smoke
def test_home_page_offers_the_sections(home_page):
    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        InstitutionIndexPage,
        ServiceIndexPage,
        NewsIndexPage,
        DeliverableIndexPage,
        ConsultationIndexPage,
    }
    for page_class in (HomePage, InstitutionPage, ServicePage, NewsPage):
        assert not page_class.can_create_at(home_page)


def test_standard_pages_nest_and_may_hold_the_deliverables(home_page):
    about = StandardPageFactory(parent=home_page)

    assert StandardPage.can_create_at(about)
    assert DeliverableIndexPage.can_create_at(about)
    assert not NewsIndexPage.can_create_at(about)


def test_latest_news_are_the_three_newest_live_items_of_this_tree(home_pages, locales):
    index = NewsIndexPageFactory(parent=home_pages["bg"])
    items = [NewsPageFactory(parent=index) for _ in range(5)]
    NewsPageFactory(parent=index, live=False, date=items[0].date)

    assert list(home_pages["bg"].latest_news()) == items[:3]
    # Untranslated news appear in the Romanian tree as aliases, in the same order.
    assert [page.alias_of_id for page in home_pages["ro"].latest_news()] == [item.id for item in items[:3]]


@pytest.mark.smoke
def test_untranslated_home_page_announces_no_alternates(client, home_pages):
    assert_renders(client, {"bg": home_pages["bg"]}, "bg", aliases=("ro", "en"))


@pytest.mark.parametrize("language", ["ro", "en"])
def test_alias_home_page_is_served(client, home_pages, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert response.context["page"].id == home_pages[language].id
