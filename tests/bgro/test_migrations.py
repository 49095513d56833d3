"""The migrations are complete and build what the site needs to start."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site
from wagtail_localize.models import LocaleSynchronization

from home.models import HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_models_and_migrations_agree():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit as exit_:
        pytest.fail(
            f"makemigrations --check exited with {exit_.code}: a model change has no migration.\n{output.getvalue()}"
        )


def test_migrations_create_the_three_locales_synchronised_from_bulgarian(locales):
    synchronisations = {
        sync.locale.language_code: sync.sync_from.language_code for sync in LocaleSynchronization.objects.all()
    }

    assert synchronisations == {"ro": "bg", "en": "bg"}


def test_migrations_make_the_bulgarian_home_page_the_root_of_the_default_site(home_pages, site):
    assert site.root_page.specific == home_pages["bg"]
    assert Site.objects.count() == 1
    assert home_pages["bg"].live
    assert home_pages["bg"].alias_of_id is None
    assert Page.get_first_root_node().get_children().count() == 3


@pytest.mark.parametrize("language", ["ro", "en"])
def test_romanian_and_english_home_pages_start_as_aliases(home_pages, language):
    alias = home_pages[language]

    assert isinstance(alias, HomePage)
    assert alias.alias_of_id == home_pages["bg"].id
    assert alias.live
    assert alias.get_url() == f"/{language}/"
