"""The service page in the wording of the language review (issue 18): a fee is „Такса“, and the
languages of the procedure read as a Bulgarian or Romanian list (lower case, first letter up)."""

import html

import pytest
from django.test import Client

from tests.factories import (
    InstitutionIndexPageFactory,
    InstitutionPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "fee", "languages"),
    [
        ("bg", "Такса", "Български, румънски, английски"),
        ("ro", "Cost", "Bulgară, română, engleză"),
        ("en", "Cost", "Bulgarian, Romanian, English"),
    ],
)
def test_service_page_names_the_fee_and_lists_the_languages(home_pages, language, fee, languages):
    home = home_pages[language]
    institution = InstitutionPageFactory(
        parent=InstitutionIndexPageFactory(parent=home), catalogue_id="ruse-municipality"
    )
    service = ServicePageFactory(
        parent=ServiceIndexPageFactory(parent=home), institution=institution, procedure_languages=["bg", "ro", "en"]
    )

    text = html.unescape(Client().get(service.url).content.decode())

    assert f"<p>{languages}</p>" in text
    assert f">{fee}<" in text
