"""Lists mark text in another language than the visitor's: a service written in Romanian and
not yet translated carries lang="ro" and a language badge on the Bulgarian service list."""

import pytest

from tests.conftest import get_home_pages, get_locales
from tests.factories import ServiceIndexPageFactory, ServicePageFactory, translated_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def romanian_only_service(locales):
    home = get_home_pages(get_locales())["bg"]
    translated_versions(home, locales)
    index = ServiceIndexPageFactory(parent=home)
    indexes = translated_versions(index, locales)
    service = ServicePageFactory(parent=indexes["ro"], title="Autorizație de construire")
    alias = service.copy_for_translation(locales["bg"], alias=True)
    return indexes, alias


def test_romanian_only_service_is_marked_on_the_bulgarian_list(client, romanian_only_service):
    indexes, alias = romanian_only_service
    assert alias.alias_of_id is not None

    content = client.get(indexes["bg"].url).content.decode()

    assert 'lang="ro">Autorizație de construire</a>' in content
    assert "language-badge" in content and "румънски" in content.split("language-badge", 1)[1][:80].lower()
