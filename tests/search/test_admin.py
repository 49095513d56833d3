"""Editors' side of search: the glossary snippet translators keep, the search report, the loader."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bgro.roles import setup_roles
from search.engine import DatabaseSearchEngine, SearchRequest
from search.log import record_search
from search.models import GlossaryTerm
from tests.search.conftest import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(home_pages):
    setup_roles()


def member_of(django_user_model, group_name):
    user = django_user_model.objects.create_user(username=group_name[:20].replace(" ", ""), password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_the_seed_glossary_is_there_from_the_start():
    assert GlossaryTerm.objects.filter(term_en="birth certificate", term_ro="certificat de naștere").exists()
    assert GlossaryTerm.objects.count() >= 80


@pytest.mark.parametrize(
    "group, allowed",
    [
        ("Translators — Romanian", True),
        ("Translators — English", True),
        ("Translators — Bulgarian", True),
        ("Communications officers", False),
        ("Moderators", False),
    ],
)
def test_translators_keep_the_glossary(client, roles, django_user_model, group, allowed):
    client.force_login(member_of(django_user_model, group))
    response = client.post(
        reverse("wagtailsnippets_search_glossaryterm:add"),
        {"term_bg": "кадастрална скица", "term_ro": "schiță cadastrală", "term_en": "cadastral sketch", "note": ""},
    )

    assert GlossaryTerm.objects.filter(term_en="cadastral sketch").exists() is allowed
    assert response.status_code == 302
    assert (response["Location"] == reverse("wagtailsnippets_search_glossaryterm:list")) is allowed


def test_a_new_glossary_term_works_in_search_at_once(catalogue):
    # An acronym no dictionary knows: only the glossary can carry the Romanian words to it.
    service = make_service(catalogue, "Справка от ЕСГРАОН")
    search = DatabaseSearchEngine()
    assert search.search(SearchRequest(query="evidenta populatiei", language="ro")).total == 0

    GlossaryTerm.objects.create(term_bg="ЕСГРАОН", term_ro="evidența populației", term_en="population register")

    hits = search.search(SearchRequest(query="evidenta populatiei", language="ro")).hits
    assert [hit.id for hit in hits] == [service.catalogue_id]


def test_search_report_lists_frequent_and_fruitless_queries(client, admin_user):
    for _ in range(3):
        record_search("паспорт", "bg", 4, 12)
    record_search("pasaport electronic", "ro", 0, 9)
    client.force_login(admin_user)

    response = client.get(reverse("search_report"))
    assert response.status_code == 200
    assert [row["query"] for row in response.context["frequent"]] == ["паспорт", "pasaport electronic"]
    assert [row["query"] for row in response.context["zero"]] == ["pasaport electronic"]

    romanian = client.get(reverse("search_report"), {"language": "ro", "period": "7"})
    assert [row["query"] for row in romanian.context["frequent"]] == ["pasaport electronic"]

    csv = client.get(reverse("search_report"), {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "pasaport electronic" in csv.content.decode()


def test_search_report_needs_the_admin(client):
    assert client.get(reverse("search_report")).status_code == 302


def test_load_glossary_adds_only_what_is_missing(tmp_path):
    path = tmp_path / "glossary.json"
    path.write_text(
        json.dumps(
            [{"bg": "раждане", "ro": "naștere", "en": "birth"}, {"bg": "скица", "ro": "schiță", "en": "sketch"}]
        ),
        encoding="utf-8",
    )
    output = io.StringIO()
    call_command("load_glossary", str(path), stdout=output)
    call_command("load_glossary", str(path), stdout=output)

    assert GlossaryTerm.objects.filter(term_en="sketch").count() == 1
    assert "0 terms added, 2 already present" in output.getvalue()


def test_load_glossary_refuses_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "glossary.json"
    path.write_text(
        json.dumps([{"bg": "скица", "ro": "schiță", "en": "sketch"}, {"bg": "", "ro": "x"}]), encoding="utf-8"
    )
    before = GlossaryTerm.objects.count()

    with pytest.raises(CommandError) as error:
        call_command("load_glossary", str(path))

    assert "[1].bg" in str(error.value) and "[1].en" in str(error.value)
    assert GlossaryTerm.objects.count() == before
