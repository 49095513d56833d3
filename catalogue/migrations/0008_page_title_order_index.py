"""An index that serves the alphabetical lists (issue 17, flat with size).

The service index lists the children of one page (its locale, ``depth`` = its depth + 1, path
prefix) in order of title, 20 at a time. Without an index PostgreSQL reads every service of the
tree and sorts them (10,000 services: a sort of 10,000 rows on every page of the list); with one
on (locale, depth, title) it walks the titles of that language in order and stops after the page
it needs.

The table is Wagtail's (``wagtailcore_page``), which this project does not own: hence SQL of
our own, idempotent, dropped when the migration is reversed.
"""

from django.db import migrations

INDEX = "bgro_page_locale_depth_title_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0007_servicepage_electronic_identity_cross_border"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (locale_id, depth, title)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
