"""Editorial roles: ``setup_roles`` is idempotent, and each role may do exactly what it should.

The matrix walks role × action × language tree through Wagtail's own permission APIs (the page
permission tester, the image and document permission policies, ``has_perm``); a few cells are
also checked through the admin views, as editors meet them.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)
from wagtail.permissions import policy_registry

from bgro import roles
from bgro.translation import translate_page
from tests.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    translate,
)
from tests.rendering import LANGUAGES

pytestmark = pytest.mark.django_db

USERS = {
    "communications-officer": roles.COMMUNICATIONS_OFFICERS,
    "moderator": roles.MODERATORS,
    "translator-ro": roles.TRANSLATORS["ro"],
    "translator-en": roles.TRANSLATORS["en"],
    "translator-bg": roles.TRANSLATORS["bg"],
    "administrator": roles.ADMINISTRATORS,
}


def run_setup_roles():
    output = StringIO()
    call_command("setup_roles", stdout=output)
    return output.getvalue()


def snapshot():
    """Everything setup_roles manages, in comparable form."""
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "model": sorted(Group.permissions.through.objects.values_list("group__name", "permission__codename")),
        "pages": sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename")),
        "collections": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "collection_id", "permission__codename")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active", "workflow_tasks__task__name")),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "approvers": sorted(GroupApprovalTask.objects.values_list("name", "groups__name")),
    }


# --- The command -----------------------------------------------------------------------------


@pytest.mark.smoke
def test_setup_roles_twice_changes_nothing_the_second_time(home_pages):
    NewsIndexPageFactory(parent=home_pages["bg"])

    first = run_setup_roles()
    after_first = snapshot()
    second = run_setup_roles()

    assert "Created group “Communications officers”." in first
    assert "change(s) made" in first
    assert snapshot() == after_first
    assert "nothing changed" in second
    assert "Created" not in second and "added" not in second and "removed" not in second


@pytest.mark.smoke
def test_each_group_holds_exactly_its_role(home_pages, root_page):
    # Wagtail's initial data gives "Moderators" rights on the root page, so in every language
    # tree: setup_roles takes them away.
    assert GroupPagePermission.objects.filter(group__name="Moderators", page=root_page).exists()

    run_setup_roles()

    trees = {**home_pages, roles.ROOT: root_page}
    for role in roles.ROLES:
        group = Group.objects.get(name=role.name)
        held = {
            (grant.page_id, grant.permission.codename)
            for grant in GroupPagePermission.objects.filter(group=group).select_related("permission")
        }
        expected = {
            (trees[language].pk, f"{action}_page")
            for language, actions in role.page_permissions.items()
            for action in actions
        }
        assert held == expected, role.name
        held_collection = {
            f"{grant.permission.content_type.app_label}.{grant.permission.codename}"
            for grant in GroupCollectionPermission.objects.filter(group=group).select_related(
                "permission__content_type"
            )
        }
        assert held_collection == set(role.collection_permissions), role.name
        if not role.all_permissions:
            held_model = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            assert held_model == set(role.permissions), role.name


@pytest.mark.smoke
def test_setup_roles_takes_back_what_a_role_should_not_hold(home_pages):
    run_setup_roles()
    officers = Group.objects.get(name="Communications officers")
    GroupPagePermission.objects.create(group=officers, page=home_pages["bg"], permission_type="publish")
    GroupPagePermission.objects.create(group=officers, page=home_pages["ro"], permission_type="change")

    output = run_setup_roles()

    assert "Communications officers: may no longer publish pages in the bg tree" in output
    assert "Communications officers: may no longer edit pages in the ro tree" in output
    assert set(officers.page_permissions.values_list("permission__codename", flat=True)) == {"add_page", "change_page"}


@pytest.mark.smoke
def test_review_workflow_waits_for_a_news_index_then_is_assigned_on_a_later_run(home_pages):
    output = run_setup_roles()

    assert "no news index yet" in output
    assert not WorkflowPage.objects.filter(workflow__name="Review and publish").exists()

    news_index = NewsIndexPageFactory(parent=home_pages["bg"])
    output = run_setup_roles()

    assert f"Workflow “Review and publish” assigned to “{news_index.title}”" in output
    assert WorkflowPage.objects.get(page=news_index).workflow.name == "Review and publish"
    # Only the Bulgarian news index: the Romanian and English trees hold translations.
    assert WorkflowPage.objects.filter(workflow__name="Review and publish").count() == 1
    assert "nothing changed" in run_setup_roles()


@pytest.mark.smoke
def test_groups_that_are_not_roles_are_left_alone_with_a_note(home_pages):
    output = run_setup_roles()

    # Wagtail's initial "Editors" group may edit every language tree.
    assert "The group “Editors” is not a role" in output
    assert GroupPagePermission.objects.filter(group__name="Editors").exists()


# --- The matrix: role × action × language tree -------------------------------------------------

# Page actions: the language trees where the role may do them.
# Other actions: whether the role may do them at all.
EVERY_TREE = set(LANGUAGES)
EXPECTED = {
    "communications-officer": {
        "create-news": {"bg"},
        "create-service": {"bg"},
        "edit-news": {"bg"},
        "edit-service": {"bg"},
        "publish-news": set(),
        "publish-service": set(),
        "access-admin": True,
        "upload-image": True,
        "choose-image": True,
        "upload-document": True,
        "submit-translation": False,
        "manage-users": False,
        "import-catalogue": False,
    },
    "moderator": {
        "create-news": {"bg"},
        "create-service": {"bg"},
        "edit-news": {"bg"},
        "edit-service": {"bg"},
        "publish-news": {"bg"},
        "publish-service": {"bg"},
        "access-admin": True,
        "upload-image": True,
        "choose-image": True,
        "upload-document": True,
        "submit-translation": False,
        "manage-users": False,
        "import-catalogue": False,
    },
    **{
        f"translator-{language}": {
            # Bulgarian translators translate into the source tree and create nothing there.
            "create-news": set() if language == "bg" else {language},
            "create-service": set() if language == "bg" else {language},
            "edit-news": {language},
            "edit-service": {language},
            "publish-news": {language},
            "publish-service": {language},
            "access-admin": True,
            "upload-image": False,
            "choose-image": False,
            "upload-document": False,
            "submit-translation": True,
            "manage-users": False,
            "import-catalogue": False,
        }
        for language in ("ro", "en", "bg")
    },
    "administrator": {
        "create-news": EVERY_TREE,
        "create-service": EVERY_TREE,
        "edit-news": EVERY_TREE,
        "edit-service": EVERY_TREE,
        "publish-news": EVERY_TREE,
        "publish-service": EVERY_TREE,
        "access-admin": True,
        "upload-image": True,
        "choose-image": True,
        "upload-document": True,
        "submit-translation": True,
        "manage-users": True,
        "import-catalogue": True,
    },
}


def _cells():
    for role, actions in EXPECTED.items():
        for action, allowed in actions.items():
            if isinstance(allowed, set):
                for language in LANGUAGES:
                    verdict = language in allowed
                    yield pytest.param(
                        role,
                        action,
                        language,
                        verdict,
                        id=f"{role}-{action}-{language}-{'allowed' if verdict else 'forbidden'}",
                    )
            else:
                yield pytest.param(
                    role, action, None, allowed, id=f"{role}-{action}-{'allowed' if allowed else 'forbidden'}"
                )


@pytest.fixture(scope="module")
def editorial_site(module_db):
    """News and a service in all three trees (translations, not aliases), the roles, and one user per role."""
    from tests.conftest import get_home_pages, get_locales

    locales = get_locales()
    homes = get_home_pages(locales)
    news_index = NewsIndexPageFactory(parent=homes["bg"])
    service_index = ServiceIndexPageFactory(parent=homes["bg"])
    news = NewsPageFactory(parent=news_index)
    service = ServicePageFactory(parent=service_index)
    pages = {
        name: {"bg": page}
        for name, page in (
            ("news-index", news_index),
            ("service-index", service_index),
            ("news", news),
            ("service", service),
        )
    }
    # Through a wagtail-localize translation, so translated pages open in its translation editor.
    for language in ("ro", "en"):
        for name in ("news-index", "service-index", "news", "service"):
            source = pages[name]["bg"]
            pages[name][language] = translate_page(source, locales[language], {"title": f"{source.title} [{language}]"})

    run_setup_roles()
    users = {}
    for username, role in USERS.items():
        user = get_user_model().objects.create_user(username, password="x")
        user.groups.add(Group.objects.get(name=role.name))
        users[username] = user.pk
    return {"pages": pages, "users": users, "locales": locales}


def _user(editorial_site, role):
    """A fresh copy: Wagtail caches permissions on the user object."""
    return get_user_model().objects.get(pk=editorial_site["users"][role])


def _may(editorial_site, user, action, language):
    pages = editorial_site["pages"]
    if action in ("create-news", "create-service"):
        index = pages["news-index" if action == "create-news" else "service-index"][language]
        return index.permissions_for_user(user).can_add_subpage()
    if action.startswith(("edit-", "publish-")):
        verb, kind = action.split("-")
        permissions = pages[kind][language].permissions_for_user(user)
        return permissions.can_edit() if verb == "edit" else permissions.can_publish()
    images = policy_registry.get_by_type(get_image_model())
    documents = policy_registry.get_by_type(get_document_model())
    checks = {
        "access-admin": lambda: user.has_perm("wagtailadmin.access_admin"),
        "upload-image": lambda: images.user_has_permission(user, "add"),
        "choose-image": lambda: images.user_has_permission(user, "choose"),
        "upload-document": lambda: documents.user_has_permission(user, "add"),
        "submit-translation": lambda: user.has_perm("wagtail_localize.submit_translation"),
        "manage-users": lambda: user.has_perm("auth.change_user") and user.has_perm("auth.change_group"),
        "import-catalogue": lambda: user.has_perm("catalogue.add_catalogueimport"),
    }
    return checks[action]()


@pytest.mark.parametrize(("role", "action", "language", "allowed"), list(_cells()))
def test_role_matrix(editorial_site, db, role, action, language, allowed):
    user = _user(editorial_site, role)

    assert _may(editorial_site, user, action, language) is allowed


# --- The same rules in the admin views ---------------------------------------------------------

ADMIN_VIEW_CASES = [
    # role, view, language of the page, allowed
    ("translator-ro", "edit-news", "bg", False),
    ("translator-ro", "edit-news", "ro", True),
    ("translator-ro", "edit-news", "en", False),
    ("translator-ro", "create-news", "ro", True),
    ("translator-ro", "create-news", "bg", False),
    ("translator-ro", "upload-image", None, False),
    ("translator-bg", "edit-news", "bg", True),
    ("translator-bg", "create-news", "bg", False),
    ("communications-officer", "edit-news", "bg", True),
    ("communications-officer", "edit-news", "ro", False),
    ("communications-officer", "create-news", "bg", True),
    ("communications-officer", "upload-image", None, True),
    ("moderator", "edit-news", "en", False),
    ("administrator", "edit-news", "en", True),
]


def _admin_url(editorial_site, view, language):
    pages = editorial_site["pages"]
    if view == "edit-news":
        return reverse("wagtailadmin_pages:edit", args=[pages["news"][language].pk])
    if view == "create-news":
        return reverse("wagtailadmin_pages:add", args=["news", "newspage", pages["news-index"][language].pk])
    return reverse("wagtailimages:add")


@pytest.mark.parametrize(
    ("role", "view", "language", "allowed"),
    [
        pytest.param(
            *case, id=f"{case[0]}-{case[1]}{'-' + case[2] if case[2] else ''}-{'allowed' if case[3] else 'forbidden'}"
        )
        for case in ADMIN_VIEW_CASES
    ],
)
def test_admin_views_follow_the_roles(editorial_site, db, client, role, view, language, allowed):
    client.force_login(_user(editorial_site, role))

    response = client.get(_admin_url(editorial_site, view, language))

    if allowed:
        assert response.status_code == 200
    else:
        # Wagtail turns a permission error into a redirect to the dashboard with a message.
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        assert messages == ["Sorry, you do not have permission to access this area."]


def test_romanian_translators_edit_in_the_translation_editor(editorial_site, db, client):
    """A translated page opens in wagtail-localize's editor, which checks the page's own locale."""
    client.force_login(_user(editorial_site, "translator-ro"))
    romanian_news = editorial_site["pages"]["news"]["ro"]

    response = client.get(reverse("wagtailadmin_pages:edit", args=[romanian_news.pk]))

    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [template.name for template in response.templates]


# --- Workflow and special cases -----------------------------------------------------------------


def test_news_go_through_review_by_moderators(editorial_site, db):
    officer = _user(editorial_site, "communications-officer")
    moderator = _user(editorial_site, "moderator")
    news = Page.objects.get(pk=editorial_site["pages"]["news"]["bg"].pk).specific

    workflow = news.get_workflow()
    assert workflow.name == "Review and publish"
    assert news.permissions_for_user(officer).can_submit_for_moderation()

    news.save_revision(user=officer)
    workflow.start(news, officer)
    news.refresh_from_db()
    task = news.current_workflow_task.specific

    assert "approve" in [name for name, _label, _modal in task.get_actions(news, moderator)]
    assert task.get_actions(news, officer) == []
    assert task.user_can_access_editor(news, moderator)


def test_bulgarian_translators_translate_romanian_records_but_not_their_source(editorial_site, db):
    """A record written in Romanian lives in the Romanian tree; its Bulgarian version in the Bulgarian one."""
    pages = editorial_site["pages"]
    locales = editorial_site["locales"]
    romanian_source = ServicePageFactory(
        parent=pages["service-index"]["ro"], institution=pages["service"]["bg"].institution, aliases=False
    )
    bulgarian_translation = translate(romanian_source, locales["bg"])
    translator = _user(editorial_site, "translator-bg")

    assert bulgarian_translation.locale.language_code == "bg"
    assert bulgarian_translation.permissions_for_user(translator).can_edit()
    assert bulgarian_translation.permissions_for_user(translator).can_publish()
    assert not romanian_source.permissions_for_user(translator).can_edit()
    assert romanian_source.permissions_for_user(_user(editorial_site, "translator-ro")).can_edit()


def test_translators_cannot_start_a_translation_in_another_language(editorial_site, db, client):
    pages = editorial_site["pages"]
    english = editorial_site["locales"]["en"]
    news = NewsPageFactory(parent=pages["news-index"]["bg"])
    news.save_revision().publish()
    client.force_login(_user(editorial_site, "translator-ro"))

    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[news.pk]), {"locales": [english.pk]}
    )

    assert response.status_code == 200  # the form again, with the choice refused
    assert news.get_translation(english).alias_of_id is not None
    offered = response.context["form"].fields["locales"].queryset
    assert [locale.language_code for locale in offered] == ["ro"]


def test_translators_cannot_start_a_snippet_translation_in_another_language(editorial_site, db, client):
    from catalogue.models import LifeEvent

    english = editorial_site["locales"]["en"]
    event = LifeEvent.objects.create(
        name="Раждане на дете", slug="having-a-child", locale=editorial_site["locales"]["bg"]
    )
    client.force_login(_user(editorial_site, "translator-ro"))
    url = reverse("wagtail_localize:submit_snippet_translation", args=["catalogue", "lifeevent", event.pk])

    response = client.post(url, {"locales": [english.pk]})

    assert response.status_code == 200
    assert not LifeEvent.objects.filter(translation_key=event.translation_key, locale=english).exists()


def test_translators_start_translations_in_their_own_language(editorial_site, db, client):
    pages = editorial_site["pages"]
    romanian = editorial_site["locales"]["ro"]
    news = NewsPageFactory(parent=pages["news-index"]["bg"])
    news.save_revision().publish()
    client.force_login(_user(editorial_site, "translator-ro"))

    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[news.pk]), {"locales": [romanian.pk]}
    )

    assert response.status_code == 302
    assert news.get_translation(romanian).alias_of_id is None
