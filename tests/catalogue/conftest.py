import pytest
from wagtail.models import Locale

from bgro.translation import translate_page
from catalogue.models import InstitutionIndexPage, ServiceIndexPage
from home.models import HomePage


@pytest.fixture
def sections(db):
    """Institution and service index pages in all three languages, where imports put records."""
    home = HomePage.objects.get(locale__language_code="bg")
    for model, slug in ((InstitutionIndexPage, "institutions"), (ServiceIndexPage, "services")):
        index = model(title=slug, slug=slug)
        home.add_child(instance=index)
        index.save_revision().publish()
        for language in ("ro", "en"):
            translate_page(
                index, Locale.objects.get(language_code=language), {"title": f"{slug} {language}", "slug": slug, "introduction": ""}
            )
