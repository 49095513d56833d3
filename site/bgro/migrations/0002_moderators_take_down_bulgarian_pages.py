"""Moderators may delete, unpublish and move pages of the Bulgarian tree (bgro.page_permissions).

Since then these actions need the ``bulk_delete`` page permission. On a site where
``setup_roles`` already ran, the Moderators group publishes in the Bulgarian tree only (a grant
on a language tree's home page): it gets ``bulk_delete`` there too, so moderators keep what
they could do. Elsewhere (no such group, or Wagtail's initial grant on the root page, which
``setup_roles`` takes back) nothing changes; ``setup_roles`` gives the rest.
"""

from django.db import migrations

MODERATORS = "Moderators"
HOME_PAGE_DEPTH = 2


def grant_take_down(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    take_down = Permission.objects.filter(content_type__app_label="wagtailcore", codename="bulk_delete_page").first()
    if take_down is None:
        return
    publishing = GroupPagePermission.objects.filter(
        group__name=MODERATORS, permission__codename="publish_page", page__depth=HOME_PAGE_DEPTH
    ).select_related("page__locale")
    for grant in publishing:
        if grant.page.locale.language_code == "bg":
            GroupPagePermission.objects.get_or_create(group_id=grant.group_id, page_id=grant.page_id, permission=take_down)


def take_back(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=MODERATORS, permission__codename="bulk_delete_page", page__depth=HOME_PAGE_DEPTH
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bgro", "0001_initial"),
        ("home", "0002_home_page_and_locales"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_take_down, take_back)]
