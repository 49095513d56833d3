"""Fixtures of the translation workflow: the editorial roles and one account per role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from bgro import roles


@pytest.fixture
def editorial_roles(home_pages):
    """The groups setup_roles makes (it needs the three language trees)."""
    roles.setup_roles()


@pytest.fixture
def make_user(editorial_roles):
    """``make_user(username, role, email=…, language=…)``: an account in the group of ``role``."""

    def make(username, role, *, email=None, language=""):
        user = get_user_model().objects.create_user(
            username, email=f"{username}@example.org" if email is None else email, password="x"
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role.name))
        if language:
            UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
        return user

    return make


@pytest.fixture
def translator_ro(make_user):
    return make_user("translator-ro", roles.TRANSLATORS["ro"])


@pytest.fixture
def translator_en(make_user):
    return make_user("translator-en", roles.TRANSLATORS["en"])


@pytest.fixture
def administrator(make_user):
    return make_user("administrator", roles.ADMINISTRATORS)
