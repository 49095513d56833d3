"""Machine translation: configured from the environment, offered in the segment editor when
configured (wagtail-localize's dummy translator stands in for DeepL), absent otherwise."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from tests.factories import StandardPageFactory
from tests.translations.test_workflow import submit
from translations.machine_translation import DEEPL, LIBRETRANSLATE, machine_translator

ROOT = Path(__file__).resolve().parents[2]
DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


@pytest.mark.smoke
def test_deepl_wins_then_libretranslate_then_nothing():
    assert machine_translator() is None
    assert machine_translator(deepl_api_key="k:fx", libretranslate_url="https://lt.example.org") == {
        "CLASS": DEEPL,
        "OPTIONS": {"AUTH_KEY": "k:fx"},
    }
    assert machine_translator(libretranslate_url="https://lt.example.org/", libretranslate_api_key="s") == {
        "CLASS": LIBRETRANSLATE,
        "OPTIONS": {"LIBRETRANSLATE_URL": "https://lt.example.org", "API_KEY": "s"},
    }


def settings_in_subprocess(**variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"}
    }
    environment.update(
        variables, DJANGO_SETTINGS_MODULE="bgro.settings.production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from wagtail_localize.machine_translators import get_machine_translator as g; t = g(); "
        "print(json.dumps([settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR, t and type(t).__name__]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}"},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [None, None]),
        ({"DEEPL_API_KEY": "secret:fx"}, [{"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "secret:fx"}}, "DeepLTranslator"]),
        (
            {"LIBRETRANSLATE_URL": "https://translate.example.org", "LIBRETRANSLATE_API_KEY": "k"},
            [
                {
                    "CLASS": LIBRETRANSLATE,
                    "OPTIONS": {"LIBRETRANSLATE_URL": "https://translate.example.org", "API_KEY": "k"},
                },
                "LibreTranslator",
            ],
        ),
    ],
)
def test_the_environment_chooses_the_translator(variables, expected):
    assert settings_in_subprocess(**variables) == expected


@pytest.fixture
def translation(client, home_pages, locales, administrator, translator_ro):
    page = StandardPageFactory(parent=home_pages["bg"], title="Услуги онлайн")
    client.force_login(administrator)
    submit(client, page, locales["ro"])
    client.force_login(translator_ro)
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locales["ro"])


def editor_props(client, translation):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk]))
    assert response.status_code == 200
    return json.loads(response.context["props"])


@pytest.mark.django_db
@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY)
def test_the_machine_translate_button_fills_every_segment(client, translation, locales):
    machine = editor_props(client, translation)["machineTranslator"]
    assert machine["url"] == reverse("wagtail_localize:machine_translate", args=[translation.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    response = client.post(machine["url"], {"next": edit_url})
    assert response.status_code == 302 and response["Location"] == edit_url
    segments = StringSegment.objects.filter(source=translation.source)
    machine_made = StringTranslation.objects.filter(locale=locales["ro"], translation_type="machine")
    assert machine_made.count() == segments.count()
    assert machine_made.get(translation_of__data="Услуги онлайн").data == "онлайн Услуги"  # the dummy reverses words


@pytest.mark.django_db
@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None)
def test_without_configuration_there_is_no_machine_translation(client, translation, locales):
    assert editor_props(client, translation)["machineTranslator"] is None
    # wagtail-localize answers 404 (which the language middleware turns into a redirect to a
    # language-prefixed URL that is not found either).
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]), follow=True)
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(locale=locales["ro"]).exists()
