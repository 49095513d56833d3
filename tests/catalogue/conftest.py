import pytest

from catalogue.importer import create_catalogue_sections
from home.models import HomePage


@pytest.fixture
def sections(db):
    """Institution and service index pages in all three languages, where imports put records."""
    create_catalogue_sections(HomePage.objects.get(locale__language_code="bg"))
