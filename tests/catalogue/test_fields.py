"""The multiple-choice field: a list in Python, ``",a,b,"`` in the database, filterable on both databases."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from catalogue.fields import MultipleChoiceField
from catalogue.models import CHANNELS, ServicePage
from tests.factories import ServiceIndexPageFactory, ServicePageFactory

pytestmark = pytest.mark.smoke


@pytest.fixture
def service_index(home_page):
    return ServiceIndexPageFactory(parent=home_page)


def stored_value(service, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {ServicePage._meta.db_table} WHERE page_ptr_id = %s", [service.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_codes_round_trip_through_the_database(service_index):
    service = ServicePageFactory(
        parent=service_index, audience=["citizens", "ngos"], channels=["online", "in-person"], procedure_languages=[]
    )

    service = ServicePage.objects.get(pk=service.pk)

    assert service.audience == ["citizens", "ngos"]
    assert service.channels == ["online", "in-person"]
    assert service.procedure_languages == []
    assert stored_value(service, "audience") == ",citizens,ngos,"
    assert stored_value(service, "procedure_languages") == ""


@pytest.mark.django_db
def test_contains_lookup_finds_each_code_exactly(service_index):
    online = ServicePageFactory(parent=service_index, channels=["online", "email"], aliases=False)
    by_post = ServicePageFactory(
        parent=service_index, channels=["post"], online_url="", digitalisation_level=1, aliases=False
    )
    in_person = ServicePageFactory(
        parent=service_index, channels=["in-person", "phone"], online_url="", digitalisation_level=2, aliases=False
    )

    def having(code):
        return set(ServicePage.objects.filter(channels__contains=MultipleChoiceField.lookup_value(code)))

    assert having("online") == {online}
    assert having("email") == {online}
    assert having("post") == {by_post}
    assert having("in-person") == {in_person}
    assert having("person") == set()
    assert having("mail") == set()
    assert having("phone") == {in_person}
    assert set(ServicePage.objects.exclude(channels__contains=MultipleChoiceField.lookup_value("online"))) == {
        by_post,
        in_person,
    }


@pytest.mark.django_db
def test_values_list_gives_lists(service_index):
    ServicePageFactory(parent=service_index, audience=["businesses"], aliases=False)

    assert list(ServicePage.objects.values_list("audience", flat=True)) == [["businesses"]]


def test_python_values_are_normalised():
    field = MultipleChoiceField(options=CHANNELS)

    assert field.to_python(None) == []
    assert field.to_python("") == []
    assert field.to_python(",online,post,") == ["online", "post"]
    assert field.to_python(("online",)) == ["online"]
    assert field.get_prep_value(["online", "post"]) == ",online,post,"
    assert field.get_prep_value([]) == ""
    assert field.get_prep_value(",online,") == ",online,"
    assert MultipleChoiceField.lookup_value("online") == ",online,"


def test_validation_rejects_unknown_duplicate_and_missing_codes():
    field = MultipleChoiceField(options=CHANNELS)
    field.set_attributes_from_name("channels")

    field.validate(["online", "post"], None)
    with pytest.raises(ValidationError) as unknown:
        field.validate(["online", "carrier-pigeon"], None)
    assert unknown.value.code == "invalid_choice"
    with pytest.raises(ValidationError) as duplicate:
        field.validate(["online", "online"], None)
    assert duplicate.value.code == "duplicate"
    with pytest.raises(ValidationError) as missing:
        field.validate([], None)
    assert missing.value.code == "blank"


def test_blank_field_accepts_no_codes():
    field = MultipleChoiceField(options=CHANNELS, blank=True)

    field.validate([], None)


def test_many_codes_are_not_cut_by_the_length_validator():
    field = MultipleChoiceField(options=[(f"code-{n}", str(n)) for n in range(40)], max_length=255)

    field.clean([f"code-{n}" for n in range(30)], None)


def test_deconstruct_round_trip_keeps_the_options():
    field = MultipleChoiceField("channels", options=CHANNELS, blank=True)

    name, path, args, kwargs = field.deconstruct()
    rebuilt = MultipleChoiceField(*args, **kwargs)

    assert path == "catalogue.fields.MultipleChoiceField"
    assert "default" not in kwargs
    assert rebuilt.options == field.options
    assert rebuilt.blank
    assert rebuilt.get_default() == []


def test_form_field_offers_checkboxes_of_the_options():
    form_field = MultipleChoiceField("channels", options=CHANNELS).formfield()

    assert [code for code, _label in form_field.choices] == [code for code, _label in CHANNELS]
    assert form_field.required
    assert form_field.clean(["online", "post"]) == ["online", "post"]
    with pytest.raises(ValidationError):
        form_field.clean(["carrier-pigeon"])


@pytest.mark.django_db
def test_labels_follow_the_options(service_index):
    service = ServicePageFactory(parent=service_index, channels=["online", "post"], aliases=False)

    with translation.override("en"):
        assert [str(label) for label in service.channel_labels()] == ["Online", "By post"]
