"""The admin dashboard's panels for editors (bgro.dashboard and each app's panel): counts with
links, in the editor's language, at a cost in queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from catalogue.models import CatalogueImport
from search.models import SearchQueryLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, home_pages):
    user = get_user_model().objects.create_superuser("dashboard-editor", "dashboard@example.bg", "pass-dashboard-19")
    set_admin_language(user, "en")  # the admin is in Bulgarian by default
    client.force_login(user)
    return client, user


def set_admin_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def add_activity(user, number):
    now = timezone.now()
    for index in range(number):
        SearchQueryLog.objects.create(query=f"няма такова {index}", language="bg", result_count=0, duration_ms=4, hour=now)
        CatalogueImport.objects.create(
            file_name=f"catalogue-{index}.json", imported_by=user, status=CatalogueImport.Status.FAILED
        )
    # Outside the periods shown: not counted.
    SearchQueryLog.objects.create(query="стара", language="bg", result_count=0, duration_ms=4, hour=now - timedelta(days=30))


def queries_of_dashboard(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_panels_show_counts_with_links(editor_client):
    client, user = editor_client
    add_activity(user, 2)

    _queries, html = queries_of_dashboard(client)

    assert "2 searches found nothing in the last 7 days" in html
    assert "стара" not in html
    assert "2 catalogue imports failed or were refused in the last 30 days" in html
    assert "0 pages waiting for review" in html
    assert reverse("wagtailadmin_reports:workflow") in html
    assert reverse("translations_coverage") + "?state=outdated" in html
    assert reverse("search_report") + "?period=7" in html


def test_panels_speak_the_editors_language(editor_client):
    client, user = editor_client
    set_admin_language(user, "bg")
    add_activity(user, 1)

    _queries, html = queries_of_dashboard(client)

    assert "Търсения без резултати" in html
    assert "Searches without results" not in html


def test_dashboard_queries_do_not_grow_with_the_data(editor_client):
    client, user = editor_client
    add_activity(user, 1)
    queries_of_dashboard(client)  # first request: sessions, content types and locales cached
    few, _html = queries_of_dashboard(client)
    add_activity(user, 8)
    many, _html = queries_of_dashboard(client)

    assert many == few
