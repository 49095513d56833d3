"""Settings → Site information (``bgro.SiteInformation``): what the footer and page titles show.

The values are wagtail.contrib.settings data an administrator edits; the footer of every page,
in every language, shows what was saved, and only administrators may open the form.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from bgro.models import FUNDING_STATEMENT_DEFAULTS, PROJECT_CODE_DEFAULT, SiteInformation
from bgro.roles import ADMINISTRATORS, COMMUNICATIONS_OFFICERS, MODERATORS
from tests.factories import NewsIndexPageFactory
from tests.rendering import LANGUAGES

pytestmark = pytest.mark.django_db

DISCLAIMER = {
    "bg": "Съдържанието на този сайт не представлява непременно официалната позиция на Европейския съюз.",
    "ro": "Conținutul acestui site nu reprezintă în mod necesar poziția oficială a Uniunii Europene.",
    "en": "The content of this site does not necessarily represent the official position of the European Union.",
}


def _footer(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<footer class="footer">') :]


def _settings_url(site):
    return reverse("wagtailsettings:edit", args=["bgro", "siteinformation", site.pk])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_shows_the_values_of_before_the_setting(client, home_page, language):
    """The migration and the fields' defaults keep the footer the project had."""
    footer = _footer(client, language)

    assert FUNDING_STATEMENT_DEFAULTS[language] in footer
    assert f"BG-RO E-GoverNet ({PROJECT_CODE_DEFAULT}). {DISCLAIMER[language]}" in footer
    assert "mailto:" not in footer  # no platform contact until one is entered


def test_the_migration_gave_the_existing_site_its_row(home_page):
    site = Site.objects.get(is_default_site=True)
    information = SiteInformation.objects.get(site=site)
    assert information.project_code == PROJECT_CODE_DEFAULT
    assert information.funding_statement_ro == FUNDING_STATEMENT_DEFAULTS["ro"]


@pytest.fixture
def administrator(home_pages):
    call_command("setup_roles", stdout=StringIO())
    user = get_user_model().objects.create_user("site-administrator", password="x")
    user.groups.add(Group.objects.get(name=ADMINISTRATORS.name))
    return user


def test_an_administrator_edits_the_footer_of_every_language(client, administrator, home_page):
    site = Site.objects.get(is_default_site=True)
    for language in LANGUAGES:  # fill the cache first: saving must replace what it holds
        _footer(client, language)
    client.force_login(administrator)

    response = client.post(
        _settings_url(site),
        {
            "site_name": "Е-Управление БГ-РО",
            "project_code": "ROBG-999",
            "funding_statement_bg": "Финансирано от Interreg VI-A Румъния–България 2021–2027",
            "funding_statement_ro": "Finanțat prin Interreg VI-A România–Bulgaria 2021–2027",
            "funding_statement_en": "Funded by Interreg VI-A Romania–Bulgaria 2021–2027",
            "contact_email": "contact@bgro.example",
            "contact_phone": "+359 82 881 802",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    statements = {
        "bg": "Финансирано от Interreg VI-A Румъния–България 2021–2027",
        "ro": "Finanțat prin Interreg VI-A România–Bulgaria 2021–2027",
        "en": "Funded by Interreg VI-A Romania–Bulgaria 2021–2027",
    }
    for language in LANGUAGES:
        footer = _footer(client, language)
        assert statements[language] in footer
        assert FUNDING_STATEMENT_DEFAULTS[language] not in footer
        assert f"Е-Управление БГ-РО (ROBG-999). {DISCLAIMER[language]}" in footer
        assert 'href="mailto:contact@bgro.example"' in footer
        assert 'href="tel:+35982881802"' in footer
    page = client.get("/ro/").content.decode()
    assert "<title>" in page and "Е-Управление БГ-РО" in page[page.index("<title>") : page.index("</title>")]


def test_an_empty_statement_in_one_language_falls_back_to_bulgarian(client, home_page):
    information = SiteInformation.for_site(Site.objects.get(is_default_site=True))
    information.funding_statement_en = ""
    information.save()

    assert FUNDING_STATEMENT_DEFAULTS["bg"] in _footer(client, "en")


def test_the_settings_cost_no_query_on_a_warm_cache(client, home_page, rf):
    site = Site.objects.get(is_default_site=True)
    _footer(client, "bg")  # fills the cache

    request = rf.get("/bg/")
    request._wagtail_site = site  # Site.find_for_request's own per-request memo
    with CaptureQueriesContext(connection) as queries:
        information = SiteInformation.for_request_cached(request)
        assert SiteInformation.for_request_cached(request) is information
    assert len(queries.captured_queries) == 0
    assert information.project_code == PROJECT_CODE_DEFAULT


@pytest.mark.parametrize("role", [COMMUNICATIONS_OFFICERS, MODERATORS])
def test_only_administrators_may_open_the_settings(client, home_pages, role):
    call_command("setup_roles", stdout=StringIO())
    user = get_user_model().objects.create_user(f"user-{role.name}", password="x")
    user.groups.add(Group.objects.get(name=role.name))
    client.force_login(user)
    site = Site.objects.get(is_default_site=True)

    for response in (client.get(_settings_url(site)), client.post(_settings_url(site), {"project_code": "X"})):
        # Wagtail turns a permission error into a redirect to the dashboard with a message.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        assert "Sorry, you do not have permission to access this area." in [
            str(message).strip() for message in get_messages(response.wsgi_request)
        ]
    assert SiteInformation.objects.get(site=site).project_code == PROJECT_CODE_DEFAULT


def test_the_admin_menu_lists_site_information_under_settings(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("wagtailsettings:edit", args=["bgro", "siteinformation"]) in response.content.decode()


def test_the_news_feed_is_titled_with_the_site_name(client, home_page):
    index = NewsIndexPageFactory(parent=home_page, aliases=False)
    information = SiteInformation.for_site(Site.objects.get(is_default_site=True))
    information.site_name = "Е-Управление БГ-РО"
    information.save()

    response = client.get(index.get_url() + "rss/")

    assert response.status_code == 200
    assert "<title>Новини – Е-Управление БГ-РО</title>" in response.content.decode()
