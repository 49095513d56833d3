"""Add forms with autosave on (bgro.autosave), through the admin's own endpoints: a submit that
reaches the add view after its autosave created the draft is saved onto that draft; any other
page with the slug still refuses it. The browser test (tests/browser/test_admin_editing.py)
plays the same race in Chromium."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from bgro.models import StandardPage

pytestmark = pytest.mark.django_db

TITLE = "Приемно време на кмета"


def _form(title, introduction="", **extra):
    data = {"title": title, "slug": "", "introduction": introduction, "body": streamfield([]), "listing_summary": ""}
    return nested_form_data(data | {"comments": inline_formset([])}) | extra


@pytest.fixture
def add_url(home_page):
    return reverse("wagtailadmin_pages:add", args=["bgro", "standardpage", home_page.pk])


def _editor(client, username):
    client.force_login(get_user_model().objects.create_superuser(username, f"{username}@example.bg", "x"))
    return client


def _pages(home_page):
    return list(Page.objects.child_of(home_page).filter(title__startswith=TITLE))


def test_submit_after_the_autosave_created_the_draft_saves_that_draft(client, home_page, add_url):
    editor = _editor(client, "fast-editor")
    autosave = editor.post(add_url, _form(TITLE), HTTP_ACCEPT="application/json")
    draft = StandardPage.objects.get(pk=json.loads(autosave.content)["pk"])

    # The autosave's answer has not arrived: the form still posts to the add view.
    submit = editor.post(add_url, _form(TITLE, "Всеки вторник.", **{"action-publish": "action-publish"}))

    assert submit.status_code == 302
    assert submit["Location"] != add_url
    draft.refresh_from_db()
    assert draft.live and draft.introduction == "Всеки вторник."
    assert [page.pk for page in _pages(home_page)] == [draft.pk]


def test_another_editors_draft_with_the_slug_still_refuses_the_page(client, home_page, add_url):
    _editor(client, "first-editor").post(add_url, _form(TITLE), HTTP_ACCEPT="application/json")
    second = _editor(client, "second-editor")

    response = second.post(add_url, _form(TITLE))

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert len(_pages(home_page)) == 1


def test_a_draft_saved_on_purpose_is_not_taken_over(client, home_page, add_url):
    editor = _editor(client, "careful-editor")
    saved = editor.post(add_url, _form(TITLE), HTTP_ACCEPT="application/json")
    draft = StandardPage.objects.get(pk=json.loads(saved.content)["pk"])
    draft.save_revision()  # Save draft pressed on its edit form: a second revision

    response = editor.post(add_url, _form(TITLE))

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
