"""The digitalisation map: indicators computed from the catalogue, the pages with their charts
and tables, the snapshots (command and job) and the open data downloads."""

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from digitalisation.area import AREA_REGIONS
from digitalisation.indicators import compute_survey
from digitalisation.models import IndicatorSnapshot
from jobs.schedule import get_job
from tests.factories import InstitutionPageFactory, ServiceIndexPageFactory, ServicePageFactory, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site, home_page, locales):
    index = ServiceIndexPageFactory(parent=home_page)
    from tests.factories import InstitutionIndexPageFactory

    institutions = InstitutionIndexPageFactory(parent=home_page)
    ruse = InstitutionPageFactory(parent=institutions, title="Община Русе", catalogue_id="ruse", region="Ruse")
    giurgiu = InstitutionPageFactory(
        parent=institutions, title="Primăria Giurgiu", catalogue_id="giurgiu", country="RO", region="Giurgiu"
    )
    full = ServicePageFactory(parent=index, institution=ruse, digitalisation_level=5, electronic_identity=True,
                              cross_border=True)
    ServicePageFactory(parent=index, institution=ruse, digitalisation_level=1, channels=["in-person"], online_url="")
    ServicePageFactory(parent=index, institution=giurgiu, digitalisation_level=4)
    translate(index, locales["ro"])
    translate(full, locales["ro"])
    return {"ruse": ruse, "giurgiu": giurgiu}


def test_indicators_count_each_service_once_by_place(catalogue):
    survey = compute_survey("bg")
    ruse = survey.regions["Ruse"]
    assert (ruse.services, ruse.started_online, ruse.completed_online, ruse.paid_online) == (2, 1, 1, 1)
    assert (ruse.electronic_identity, ruse.cross_border) == (1, 1)
    assert ruse.levels == [1, 0, 0, 0, 1]
    # Two services in three languages: the source pages and one Romanian translation are real.
    assert ruse.translated_share == round(100 * 3 / 6, 1)
    giurgiu = survey.regions["Giurgiu"]
    assert (giurgiu.services, giurgiu.paid_online, giurgiu.completed_online) == (1, 1, 0)
    assert survey.countries["BG"].services == 2 and survey.countries["RO"].services == 1
    assert survey.regions["Vidin"].services == 0 and survey.regions["Vidin"].share("started_online") is None
    assert [row.key for row in survey.institutions] == ["ruse", "giurgiu"]


def test_overview_has_map_charts_and_tables_in_every_language(client, catalogue, django_assert_max_num_queries):
    for code in ("bg", "ro", "en"):
        # Services, institutions, their names in the language, the locale count, and the site's
        # own per-page queries (site, menu, footer) — independent of the catalogue's size.
        with django_assert_max_num_queries(20):
            response = client.get(f"/{code}/digitalisation/", {"indicator": "paid_online"})
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('<svg class="chart"') == 3
        assert f'href="/{code}/digitalisation/regions/Ruse/"' in html
        assert html.count("<table") == 4
        # The map: one boundary path per district and county, each a link named in the language.
        assert html.count('<path class="region-map__region"') == 15
        with translation.override(code):
            for region in AREA_REGIONS:
                assert f'aria-label="{region.label}: ' in html, (code, region.key)
    unknown = client.get("/en/digitalisation/", {"indicator": "<script>"})
    assert unknown.status_code == 200 and unknown.context["map_problem"]


def test_snapshots_show_how_a_district_changed(client, catalogue):
    call_command("record_indicators", "--date", "2026-01-01", stdout=io.StringIO())
    ServicePageFactory(parent=catalogue["ruse"].get_parent().get_parent().get_children().type(
        __import__("catalogue.models", fromlist=["ServiceIndexPage"]).ServiceIndexPage).first().specific,
        institution=catalogue["ruse"], digitalisation_level=5)
    get_job("digitalisation-snapshot").task.call()
    call_command("record_indicators", stdout=io.StringIO())  # the same day again: replaced, not doubled
    rows = IndicatorSnapshot.objects.filter(key="Ruse").order_by("taken_on")
    assert [row.services for row in rows] == [2, 3]
    assert IndicatorSnapshot.objects.count() == 2 * (2 + 15)

    html = client.get("/ro/digitalisation/regions/Ruse/").content.decode()
    assert "polyline" in html and "2026-01-01" in html
    assert client.get("/ro/digitalisation/regions/Atlantis/").status_code == 404


def test_bad_date_is_a_clear_error(catalogue):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("record_indicators", "--date", "yesterday")


def test_every_table_downloads_as_csv_and_json_with_a_licence(client, catalogue):
    call_command("record_indicators", stdout=io.StringIO())
    for table in ("countries", "regions", "institutions", "snapshots"):
        as_json = client.get(f"/en/digitalisation/data/{table}.json")
        assert as_json.status_code == 200 and 'rel="license"' in as_json["Link"]
        data = as_json.json()
        assert "CC BY 4.0" in data["licence"]["name"] and data["rows"]
        as_csv = client.get(f"/en/digitalisation/data/{table}.csv")
        rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
        assert len(rows) == len(data["rows"])
    regions = client.get("/en/digitalisation/data/regions.json").json()["rows"]
    assert len(regions) == 15 and {row["region"] for row in regions} >= {"Vidin", "Constanta", "Calarasi"}
    assert client.get("/en/digitalisation/data/secrets.csv").status_code == 404
    assert client.get("/en/digitalisation/data/regions.xml").status_code == 404

    response = client.get("/api/v2/digitalisation-indicators/?scope=region&key=Ruse")
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    api = response.json()
    assert api["meta"]["total_count"] == 1 and api["items"][0]["services"] == 2
