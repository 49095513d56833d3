import pytest

from catalogue.regions import Country
from tests.consultations.factories import ConsultationIndexPageFactory, ConsultationPageFactory
from tests.factories import InstitutionIndexPageFactory, InstitutionPageFactory


@pytest.fixture
def institutions(home_page):
    directory = InstitutionIndexPageFactory(parent=home_page)
    return {
        "BG": InstitutionPageFactory(parent=directory, title="Община Русе", country=Country.BULGARIA, region="Ruse"),
        "RO": InstitutionPageFactory(
            parent=directory, title="Primăria Giurgiu", country=Country.ROMANIA, region="Giurgiu",
            address="Bulevardul București 49-51", email="office@example.ro",
        ),
    }


@pytest.fixture
def consultation_index(home_page):
    return ConsultationIndexPageFactory(parent=home_page)


@pytest.fixture
def open_consultation(consultation_index, institutions):
    return ConsultationPageFactory(parent=consultation_index, institution=institutions["BG"])
