"""Standard pages render in every language and announce only real translations."""

import pytest
from wagtail.models import PageViewRestriction

from tests.conftest import get_home_pages, get_locales
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    StandardPageFactory,
    body_stream,
    translate,
    translated_versions,
)
from tests.rendering import LANGUAGES, assert_renders, parse_head

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def standard_versions(module_db):
    """A page under "About", both translated into Romanian and English, as are the home pages."""
    locales = get_locales()
    home = get_home_pages(locales)["bg"]
    translated_versions(home, locales)
    about = StandardPageFactory(parent=home, title="About")
    page = StandardPageFactory(
        parent=about, title="Project goals", body=body_stream(image=ImageFactory(), document=DocumentFactory())
    )
    translated_versions(about, locales)
    return translated_versions(page, locales)


@pytest.mark.smoke
@pytest.mark.parametrize("language", LANGUAGES)
def test_standard_page_renders_in_every_language(client, standard_versions, language):
    response = assert_renders(client, standard_versions, language)

    assert standard_versions[language].title in response.content.decode()


@pytest.mark.smoke
def test_alternates_announce_real_translations_only(client, standard_versions, home_page, locales):
    page = StandardPageFactory(parent=home_page, title="Contacts")

    assert_renders(client, {"bg": page}, "bg", aliases=("ro", "en"))

    romanian = translate(page, locales["ro"])

    assert_renders(client, {"bg": page, "ro": romanian}, "bg", aliases=("en",))
    assert_renders(client, {"bg": page, "ro": romanian}, "ro", aliases=("en",))


def test_alias_page_is_served_in_its_language_tree(client, standard_versions, home_page, locales):
    page = StandardPageFactory(parent=home_page, title="Privacy")
    alias = page.get_translation(locales["ro"])

    assert alias.alias_of_id == page.id
    response = client.get(alias.get_url())

    assert response.status_code == 200
    assert "ro" not in parse_head(response).alternates


def test_draft_page_is_not_served(client, standard_versions, home_page):
    page = StandardPageFactory(parent=home_page, title="Draft", live=False)

    assert client.get(f"/bg/{page.slug}/").status_code == 404


def test_unknown_page_is_404_in_every_language(client, site):
    for language in LANGUAGES:
        response = client.get(f"/{language}/no-such-page/")

        assert response.status_code == 404
        assert parse_head(response).html_lang == language


@pytest.mark.parametrize("language", ["bg", "ro"])
def test_private_page_is_not_served_to_visitors_in_any_tree(client, standard_versions, home_page, locales, language):
    page = StandardPageFactory(parent=home_page, title="Internal")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    version = page if language == "bg" else page.get_translation(locales[language])

    response = client.get(version.get_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/") or "login" in response["Location"]
