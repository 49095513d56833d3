"""Deleting, unpublishing and moving need the take-down permission (bgro.page_permissions), and
existing sites give it to their moderators through the migration ``bgro.0002``."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, get_page_models

from bgro import roles
from bgro.page_permissions import SitePagePermissionTester
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

take_down_migration = importlib.import_module("bgro.migrations.0002_moderators_take_down_bulgarian_pages")


def _member(name, role):
    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=role.name))
    return user


def test_every_page_type_uses_the_site_tester(home_pages):
    """Wagtail asks the specific page; a page type on Wagtail's own tester would escape the rule."""
    page = StandardPageFactory(parent=home_pages["bg"])
    generic = Page.objects.get(pk=page.pk)  # as Wagtail's views load it
    user = get_user_model().objects.create_user("someone", password="x")
    assert isinstance(generic.permissions_for_user(user), SitePagePermissionTester)
    for model in get_page_models():
        if model is not Page:
            assert model.permissions_for_user is not Page.permissions_for_user, model


def test_the_home_page_of_a_tree_only_a_superuser_takes_down(home_pages):
    roles.setup_roles()
    administrator = _member("administrator", roles.ADMINISTRATORS)
    superuser = get_user_model().objects.create_superuser("root", password="x")
    home = home_pages["bg"]

    assert not home.permissions_for_user(administrator).can_unpublish()
    assert not home.permissions_for_user(administrator).can_delete()
    assert home.permissions_for_user(superuser).can_unpublish()


def test_the_migration_gives_moderators_what_they_could_do_before(home_pages):
    roles.setup_roles()
    moderators = Group.objects.get(name=roles.MODERATORS.name)
    moderators.page_permissions.filter(permission__codename="bulk_delete_page").delete()
    leaf = StandardPageFactory(parent=home_pages["bg"])
    moderator = _member("moderator", roles.MODERATORS)
    assert not leaf.permissions_for_user(moderator).can_delete()

    take_down_migration.grant_take_down(apps, None)
    take_down_migration.grant_take_down(apps, None)  # twice: still one grant

    grants = GroupPagePermission.objects.filter(group=moderators, permission__codename="bulk_delete_page")
    assert [grant.page_id for grant in grants] == [home_pages["bg"].pk]
    moderator = get_user_model().objects.get(pk=moderator.pk)  # Wagtail caches permissions on the user
    assert leaf.permissions_for_user(moderator).can_delete()
    assert "nothing changed" in _setup_roles_output()


def test_the_migration_leaves_wagtails_initial_grant_on_the_root_alone(home_pages, root_page):
    """Before setup_roles ran, Moderators publish on the root page (every tree): no take-down there."""
    take_down_migration.grant_take_down(apps, None)

    assert not GroupPagePermission.objects.filter(
        group__name=roles.MODERATORS.name, permission__codename="bulk_delete_page"
    ).exists()


def _setup_roles_output():
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("setup_roles", stdout=output)
    return output.getvalue()
