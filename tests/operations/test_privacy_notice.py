"""The privacy notice: in three languages on a fresh site, linked from the footer of every page."""

import re

import pytest

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]

HEADINGS = {
    "bg": "Политика за поверителност",
    "ro": "Notă de informare privind confidențialitatea",
    "en": "Privacy notice",
}
# One sentence of each section, per language: controller, retention, rights (with both authorities).
SENTENCES = {
    "bg": ["Администратор на личните данни", "Тези записи се пазят 30 дни", "www.cpdp.bg", "www.dataprotection.ro"],
    "ro": ["Operatorul datelor cu caracter personal", "Aceste jurnale se păstrează 30 de zile", "www.cpdp.bg"],
    "en": ["The controller of the personal data", "These logs are kept for 30 days", "www.dataprotection.ro"],
}


@pytest.mark.parametrize("language", ["bg", "ro", "en"])
def test_the_notice_exists_in_each_language_on_a_fresh_site(client, site, language):
    # `site` is what the migrations create: no page was written or translated by anyone.
    response = client.get(f"/{language}/privacy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert re.search(rf"<h1[^>]*>{HEADINGS[language]}</h1>", html)
    for sentence in SENTENCES[language]:
        assert sentence in html
    for other in set(HEADINGS) - {language}:
        assert f"<h1 class=\"heading-xl\">{HEADINGS[other]}</h1>" not in html


def test_the_contact_address_comes_from_the_settings(client, site, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@example.org"
    html = client.get("/en/privacy/").content.decode()
    assert '<a href="mailto:dpo@example.org">dpo@example.org</a>' in html

    settings.PRIVACY_CONTACT_EMAIL = ""
    html = client.get("/en/privacy/").content.decode()
    assert "mailto:" not in html
    assert "Write to the lead partner" in html


@pytest.mark.parametrize(
    "url, language",
    [("/bg/", "bg"), ("/ro/", "ro"), ("/en/search/?q=tax", "en"), ("/ro/no-such-page/", "ro"), ("/en/privacy/", "en")],
)
def test_every_page_links_to_the_notice_in_its_language_from_the_footer(client, site, url, language):
    html = client.get(url).content.decode()
    footer = html[html.index("<footer"):]
    assert f'href="/{language}/privacy/">{HEADINGS[language]}</a>' in footer
