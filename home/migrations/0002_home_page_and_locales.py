"""The three languages, their synchronisation, and the Bulgarian home page as the site root.

Romanian and English trees are synchronised from Bulgarian: every page created in Bulgarian
appears in them as an alias until a translator translates it (see home.signals).
"""

import uuid

from django.db import migrations

TRANSLATED_LOCALES = ["ro", "en"]


def create_home_page_and_locales(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    LocaleSynchronization = apps.get_model("wagtail_localize.LocaleSynchronization")

    bulgarian, _ = Locale.objects.get_or_create(language_code="bg")
    for code in TRANSLATED_LOCALES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": bulgarian})

    # Wagtail's own initial data made a plain welcome page (and a site pointing to it).
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, depth=2).delete()
    Locale.objects.exclude(language_code__in=["bg", *TRANSLATED_LOCALES]).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Начало",
        draft_title="Начало",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=bulgarian,
        translation_key=uuid.uuid4(),
        introduction="Институции, услуги и новини от двата бряга на Дунав.",
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.create(hostname="localhost", root_page_id=home.id, is_default_site=True, site_name="BG-RO E-GoverNet")


def remove_home_page(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_home_page_and_locales, remove_home_page)]
