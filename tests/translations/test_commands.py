"""``manage.py translation_coverage``: the dashboard's totals and rows for reports."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import LifeEventFactory, StandardPageFactory, translate

pytestmark = pytest.mark.django_db


def run(*args):
    output = io.StringIO()
    call_command("translation_coverage", *args, stdout=output)
    return output.getvalue()


def test_totals_per_language(home_pages, locales):
    page = StandardPageFactory(parent=home_pages["bg"])
    translate(page, locales["ro"])
    lines = {line.split()[0]: line.split()[1:] for line in run().splitlines()[1:]}
    # missing, in progress, published in part, outdated, up to date, total: the home page and the page
    assert lines["ro"] == ["1", "0", "0", "0", "1", "2"]
    assert lines["en"] == ["2", "0", "0", "0", "0", "2"]
    assert lines["all"] == ["3", "0", "0", "0", "1", "4"]


def test_csv_rows(home_pages, locales, tmp_path):
    page = StandardPageFactory(parent=home_pages["bg"], title="Достъпност")
    life_event = LifeEventFactory(name="Раждане на дете")
    target = tmp_path / "coverage.csv"
    assert run("--language", "en", "--csv", str(target)) == f"Wrote 3 rows to {target}.\n"
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {(row["id"], row["model"], row["title"], row["language"], row["state"]) for row in rows} == {
        (str(home_pages["bg"].pk), "wagtailcore.page", home_pages["bg"].title, "en", "missing"),
        (str(page.pk), "wagtailcore.page", "Достъпност", "en", "missing"),
        (str(life_event.pk), "catalogue.lifeevent", "Раждане на дете", "en", "missing"),
    }


def test_unknown_language():
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        run("--language", "xx")
