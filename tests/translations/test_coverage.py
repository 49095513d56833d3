"""The coverage dashboard: states and totals match the pages, filters, CSV, access, scale."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page

from bgro import roles
from catalogue.models import ServicePage
from tests.factories import (
    ServiceIndexPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    many_translatable_pages,
    translate,
)
from tests.translations.test_workflow import coverage, submit

pytestmark = pytest.mark.django_db


def dashboard(client, **query):
    response = client.get(reverse("translations_coverage"), query)
    assert response.status_code == 200
    return response


def test_states_and_totals_match_the_pages(client, home_pages, locales, administrator):
    translated = StandardPageFactory(parent=home_pages["bg"], title="Преведена")
    translate(translated, locales["ro"])  # in the ordinary editor: no segment editor, up to date
    submitted = StandardPageFactory(parent=home_pages["bg"], title="Подадена")
    client.force_login(administrator)
    submit(client, submitted, locales["en"])

    rows = coverage(client)
    assert rows[(translated.pk, "ro")]["state"] == "up_to_date"
    assert rows[(translated.pk, "en")]["state"] == "missing"
    assert rows[(submitted.pk, "en")]["state"] == "in_progress"
    assert rows[(submitted.pk, "ro")]["state"] == "missing"
    # The Bulgarian versions are the sources: no Bulgarian rows.
    assert not any(language == "bg" for _page, language in rows)
    # Every page of the Bulgarian tree but the root, in Romanian and English.
    assert len(rows) == 2 * Page.objects.filter(locale=locales["bg"], depth__gt=1).count()

    response = dashboard(client)
    totals = {name.lower(): counts for name, counts, _total in response.context["language_totals"]}
    missing_ro = sum(1 for (_page, language), row in rows.items() if language == "ro" and row["state"] == "missing")
    assert totals["румънски"][0] == missing_ro  # the admin speaks Bulgarian by default
    assert response.context["overall"][1] == len(rows)
    by_type = {name: total for name, _counts, total in response.context["type_totals"]}
    assert by_type["Стандартни страници"] == 4  # two pages × two languages


def test_a_page_written_in_romanian_is_translated_into_bulgarian_and_english(
    client, home_pages, locales, administrator
):
    index = ServiceIndexPageFactory(parent=home_pages["bg"])
    romanian_index = translate(index, locales["ro"])
    service = ServicePageFactory(parent=romanian_index, aliases=False, title="Certificat fiscal")
    client.force_login(administrator)
    rows = coverage(client)
    assert rows[(service.pk, "bg")]["state"] == "missing"
    assert rows[(service.pk, "en")]["state"] == "missing"
    assert (service.pk, "ro") not in rows


def test_filters(client, home_pages, locales, administrator):
    index = ServiceIndexPageFactory(parent=home_pages["bg"])
    first = ServicePageFactory(parent=index)
    ServicePageFactory(parent=index, institution=first.institution)
    other = ServicePageFactory(parent=index)
    translate(first, locales["ro"])
    client.force_login(administrator)
    institution = str(first.institution.translation_key)
    service_type = ContentType.objects.get_for_model(ServicePage).pk

    rows = coverage(client, institution=institution)
    assert {page for page, _language in rows} == {first.pk, first.pk + 0} | {
        page.pk for page in ServicePage.objects.filter(locale=locales["bg"], institution=first.institution)
    }
    assert other.pk not in {page for page, _language in rows}
    assert set(coverage(client, language="ro", content_type=service_type, state="up_to_date")) == {(first.pk, "ro")}
    assert all(language == "en" for _page, language in coverage(client, language="en"))
    response = dashboard(client, language="ro", state="missing")
    assert all(row.state == "missing" and row.language == "ro" for row in response.context["page_obj"].object_list)
    # The filter form shows the institution by name.
    assert first.institution.title in response.content.decode()


def test_bad_filters_are_reported_not_applied(client, home_pages, administrator):
    StandardPageFactory(parent=home_pages["bg"])
    client.force_login(administrator)
    response = dashboard(client, language="xx", content_type="abc", state="<script>", institution="nope", p="9999")
    form = response.context["form"]
    assert set(form.errors) == {"language", "content_type", "state", "institution"}
    assert response.context["row_count"] == len(coverage(client))
    assert "<script>" not in response.content.decode()


def test_pagination_and_links(client, home_pages, locales, administrator):
    many_translatable_pages(home_pages, 60)
    client.force_login(administrator)
    first = dashboard(client, language="ro")
    assert first.context["page_obj"].paginator.num_pages == 1 + (first.context["row_count"] - 1) // 50
    second = dashboard(client, language="ro", p=2)
    assert second.context["page_obj"].number == 2
    html = second.content.decode()
    assert "language=ro&amp;p=1" in html
    row = next(row for row in second.context["page_obj"].object_list if row.state == "missing")
    assert row.action_url == (
        reverse("wagtail_localize:submit_page_translation", args=[row.source_id]) + "?select_locale=ro"
    )


def test_csv_cells_are_not_formulas(client, home_pages, administrator):
    page = StandardPageFactory(parent=home_pages["bg"], title="=HYPERLINK(1)")
    client.force_login(administrator)
    response = client.get(reverse("translations_coverage"), {"export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="translation-coverage-')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [line[1] for line in lines if line[0] == str(page.pk)] == ["'=HYPERLINK(1)"] * 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (roles.TRANSLATORS["ro"], True),
        (roles.TRANSLATORS["bg"], True),
        (roles.MODERATORS, True),
        (roles.ADMINISTRATORS, True),
        (roles.COMMUNICATIONS_OFFICERS, False),
    ],
)
def test_who_sees_the_dashboard(client, make_user, role, allowed):
    client.force_login(make_user("someone", role))
    response = client.get(reverse("translations_coverage"))
    assert (response.status_code == 200) is allowed
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (reverse("translations_coverage") in menu) is allowed


def test_anonymous_visitors_are_sent_to_the_login(client, home_pages):
    response = client.get(reverse("translations_coverage"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_query_count_does_not_depend_on_the_number_of_pages(client, home_pages, administrator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(administrator)

    def count(**query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("translations_coverage"), query)
        assert response.status_code == 200
        return len(captured.captured_queries)

    many_translatable_pages(home_pages, 5)
    count()  # warms the caches of content types and of the admin's menu
    few = {"html": count(), "filtered": count(language="ro", state="outdated"), "csv": count(export="csv")}
    many_translatable_pages(home_pages, 45, label="more")
    many = {"html": count(), "filtered": count(language="ro", state="outdated"), "csv": count(export="csv")}
    assert few == many
    # The export: session, user, admin profile (3), the user's groups for access to the dashboard
    # (1), the admin's access permission (user and group permissions, 2), then the dashboard's:
    # locales, pages, translation sources, translations, segment counts, translated segment
    # counts, outdated sources, services' institutions, content types (9), one per translatable
    # snippet model (life events: 1), and the titles (1). (+1 on a site with institutions: their
    # names for the filter; +1 per snippet model with rows: their titles.)
    # Since the security app (README "Security"), +4 on every admin request: the two-factor
    # check reads the user's permissions and TOTP devices, and the session is saved on each
    # request (its idle expiry moves on).
    assert many["csv"] == 21, many
    # The page adds the admin's menu, header and user profile (26 today; room for a menu item).
    assert many["html"] <= 29, many
