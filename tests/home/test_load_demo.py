"""load_demo builds the trilingual demo site, and running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation

from bgro.models import StandardPage
from catalogue.models import InstitutionPage, LifeEvent, ServicePage
from consultations.models import ConsultationComment
from news.models import DeliverablePage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, built once for this module and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            call_command("load_demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def test_demo_site_has_the_promised_content(demo_site):
    sources = {"alias_of__isnull": True}
    institutions = InstitutionPage.objects.filter(**sources).values("translation_key").distinct().count()
    services = ServicePage.objects.filter(**sources).values("translation_key").distinct().count()
    assert institutions >= 12
    assert services >= 30
    assert set(InstitutionPage.objects.filter(**sources).values_list("country", flat=True)) == {"BG", "RO"}
    news = NewsPage.objects.filter(locale__language_code="bg", **sources)
    assert news.count() == 10
    assert all(page.listing_image_id for page in news)
    assert all(any(block.block_type == "image" and block.value["alt_text"] for block in page.body) for page in news)
    deliverables = DeliverablePage.objects.filter(locale__language_code="bg", **sources)
    assert {page.deliverable_type for page in deliverables} == {"study", "strategy", "user-guide"}
    for page in deliverables:
        document = page.document_bg
        assert document.file_extension == "pdf"
        assert document.file.read(5) == b"%PDF-"
    assert StandardPage.objects.filter(slug="accessibility", locale__language_code="en").exists()


def test_every_demo_service_has_life_events_in_every_language(demo_site):
    for language in ("bg", "ro", "en"):
        events = LifeEvent.objects.filter(locale__language_code=language)
        assert events.count() >= 10, language
        assert {"having-a-child", "building-a-home", "starting-a-business", "working-across-the-border"} <= set(
            events.values_list("slug", flat=True)
        )
    romanian = " ".join(LifeEvent.objects.filter(locale__language_code="ro").values_list("name", flat=True))
    assert "ş" not in romanian and "ţ" not in romanian and "ș" in romanian
    without = ServicePage.objects.filter(life_events__isnull=True).values_list("url_path", flat=True)
    assert not without, f"services without life events: {list(without)[:5]}"


def test_demo_translations_are_real_and_some_items_stay_untranslated(demo_site):
    for language in ("ro", "en"):
        translated = ServicePage.objects.filter(locale__language_code=language, alias_of__isnull=True)
        untranslated = ServicePage.objects.filter(locale__language_code=language, alias_of__isnull=False)
        assert translated.exists(), language
        assert untranslated.exists(), language
    assert StringTranslation.objects.filter(locale__language_code="ro").exists()
    # Romanian text carries comma-below diacritics, never the cedilla look-alikes.
    romanian = " ".join(ServicePage.objects.filter(locale__language_code="ro", alias_of__isnull=True).values_list("title", flat=True))
    assert "ş" not in romanian and "ţ" not in romanian


def test_demo_consultations_cover_every_state_on_both_banks(demo_site):
    from consultations.models import ConsultationPage

    sources = ConsultationPage.objects.filter(locale__language_code="bg", alias_of__isnull=True)
    states = {(page.law_country, page.state) for page in sources}
    assert {("BG", "open"), ("RO", "open"), ("BG", "awaiting-report"), ("BG", "concluded"), ("RO", "concluded")} <= states
    for page in sources:
        assert page.get_translations().filter(alias_of__isnull=True).count() == 2, page.title
        page.full_clean()  # the law of its country holds
    decided = ConsultationComment.objects.filter(consultation__outcome_published_on__isnull=False)
    assert decided.exists() and not decided.filter(outcome="").exists()


def test_running_load_demo_twice_changes_nothing(demo_site):
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        StringTranslation.objects.count(),
        LifeEvent.objects.count(),
        ServicePage.life_events.through.objects.count(),
        ConsultationComment.objects.count(),
    )
    latest = Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at", flat=True).first()

    call_command("load_demo", stdout=StringIO())

    assert (
        Page.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        StringTranslation.objects.count(),
        LifeEvent.objects.count(),
        ServicePage.life_events.through.objects.count(),
        ConsultationComment.objects.count(),
    ) == counts
    assert Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at", flat=True).first() == latest


# --- Issue 15: the network and the digitalisation map in the demo ---


def test_demo_has_the_network_and_indicators_for_every_district(demo_site):
    from digitalisation.area import AREA_REGIONS
    from digitalisation.indicators import compute_survey
    from digitalisation.models import IndicatorSnapshot
    from network.models import CooperationAgreement, Member

    members = Member.objects.approved()
    assert members.count() >= 12
    assert {member.kind for member in members} == {
        "municipality", "regional-administration", "ngo", "business", "chamber", "education"
    }
    agreements = CooperationAgreement.objects.all()
    assert agreements.count() >= 5
    assert all(agreement.parties.count() >= 2 for agreement in agreements)
    assert all(agreement.document.file.read(5) == b"%PDF-" for agreement in agreements)
    survey = compute_survey()
    assert all(survey.regions[region.key].services >= 3 for region in AREA_REGIONS)
    assert IndicatorSnapshot.objects.values("taken_on").distinct().count() == 2


# --- Issue 18: every language reads right ---


@pytest.mark.parametrize(("language", "contacts"), [("bg", "Контакти"), ("ro", "Contact"), ("en", "Contacts")])
def test_demo_footer_names_the_contacts_page_in_every_language(demo_site, client, language, contacts):
    import re

    html = client.get(f"/{language}/").content.decode()
    footer = html[html.index('<footer class="footer">') :]
    links = re.findall(r'<a class="footer__link" href="[^"]*"([^>]*)>([^<]+)</a>', footer)
    assert ("", contacts) in links, links
    assert not [text for attributes, text in links if "lang=" not in attributes and re.search(r"[а-я]", text)] or (
        language == "bg"
    )


def test_demo_network_members_have_their_texts_in_three_languages(demo_site):
    from network.models import Member

    for member in Member.objects.approved().prefetch_related("translations"):
        assert member.language == {"BG": "bg", "RO": "ro"}[member.country], member.slug
        assert {translation.language for translation in member.translations.all()} == {"bg", "ro", "en"} - {
            member.language
        }, member.slug
        for language in ("bg", "ro", "en"):
            texts = member.texts_in(language)
            assert texts["offers"] and not texts["offers"].lang, (member.slug, language)
            assert texts["seeks"] and not texts["seeks"].lang, (member.slug, language)
# --- Issue 18: the project's partners are named from one record ---


def test_partners_have_the_same_name_on_every_page_in_each_language(demo_site, client):
    """The home page's partners (editorial.json) name the lead partner and the partner everywhere:
    home page, footer, privacy notice, their catalogue pages, the About and accessibility pages."""
    import html
    import json

    from django.utils import translation

    from home.demo.builder import DATA, partner_names
    from home.models import HomePage

    editorial = json.loads((DATA / "editorial.json").read_text(encoding="utf-8"))
    names = partner_names(editorial)
    assert set(names) == {"bsc-ruse", "eastern-danube-bureau"}
    for language in ("bg", "ro", "en"):
        home = HomePage.objects.get(locale__language_code=language)
        blocks = {block.value["role"]: block.value["name"] for block in home.partners}
        assert blocks["lead-partner"] == names["bsc-ruse"][language], language
        assert blocks["partner"] == names["eastern-danube-bureau"][language], language
        for key, name in names.items():
            institution = InstitutionPage.objects.get(catalogue_id=key, locale__language_code=language)
            assert institution.title == name[language], (language, key)
        about = StandardPage.objects.get(
            translation_key=StandardPage.objects.get(slug="about", locale__language_code="en").translation_key,
            locale__language_code=language,
        )
        statement = StandardPage.objects.get(slug="accessibility", locale__language_code="en").get_translation(
            home.locale
        )
        with translation.override(language):
            pages = {"home": home.url, "about": about.url, "accessibility": statement.url}
            for page, url in pages.items():
                response = client.get(url)
                assert response.status_code == 200, (language, page)
                text = html.unescape(response.content.decode())
                assert "{{partner:" not in text
                # The footer on every page, and the page's own text on the three.
                assert text.count(names["bsc-ruse"][language]) >= 2, (language, page)
            about_text = html.unescape(client.get(about.url).content.decode())
            assert names["eastern-danube-bureau"][language] in about_text, language


def test_the_catalogue_file_names_the_partners_as_their_record_does():
    """catalogue.json is also a standalone import file: its partners' names follow the record."""
    import json

    from home.demo.builder import DATA, partner_names

    names = partner_names(json.loads((DATA / "editorial.json").read_text(encoding="utf-8")))
    catalogue = json.loads((DATA / "catalogue.json").read_text(encoding="utf-8"))
    institutions = {record["id"]: record["name"] for record in catalogue["institutions"]}
    for key, name in names.items():
        assert institutions[key] == name, key
# --- Issue 17: every rendition the pages show is made by load_demo, none on a first view ---


def _pages_to_render():
    """One page of each type in each language, and every standard and news page (their images)."""
    seen, urls = set(), []
    for page in Page.objects.live().public().filter(depth__gte=2).specific().order_by("path"):
        key = (type(page).__name__, page.locale_id)
        if key not in seen or isinstance(page, (NewsPage, StandardPage)):
            seen.add(key)
            urls.append(page.url)
    return urls


def test_rendering_every_page_type_after_load_demo_makes_no_rendition(demo_site, client):
    from news.models import NewsIndexPage

    Rendition = get_image_model().get_rendition_model()
    before = Rendition.objects.count()
    assert before, "load_demo made the renditions"
    urls = _pages_to_render()
    urls += [page.url for page in NewsIndexPage.objects.live()]
    urls += [f"/{language}/display/slides.json" for language in ("bg", "ro", "en")]
    pictures = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pictures += response.content.count(b"<picture>")
    assert pictures >= 30  # news images in the body and in listings, in three languages
    assert Rendition.objects.count() == before, "a page made a rendition on its first view"


def test_demo_images_are_avif_and_webp_pictures_with_srcset(demo_site, client):
    import re

    page = NewsPage.objects.live().filter(locale__language_code="bg").exclude(listing_image=None).first()
    for url in (page.url, page.get_parent().url):
        html = client.get(url).content.decode()
        picture = re.search(r"<picture>.*?</picture>", html, re.S).group()
        webp = re.search(r'<source[^>]*srcset="([^"]+)"[^>]*type="image/webp"', picture)
        avif = re.search(r'<source[^>]*srcset="([^"]+)"[^>]*type="image/avif"', picture)
        assert webp and all(".webp " in candidate for candidate in webp.group(1).split(", ")), picture
        assert avif and all(".avif " in candidate for candidate in avif.group(1).split(", ")), picture
        assert re.search(r'<img [^>]*srcset="[^"]+\.jpg \d+w', picture), "a JPEG fallback with its widths"
