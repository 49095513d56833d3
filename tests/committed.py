"""Tests whose data other threads must see (a live server, a searching thread) commit it; this
gives the database back as the migrations left it afterwards, as Django's
``serialized_rollback`` does, so the rest of the suite finds it as it was."""

from contextlib import contextmanager

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.models.signals import post_save
from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save


@contextmanager
def committed_then_restored():
    """Run the block in autocommit; then empty the database and restore the migrated content.

    Django keeps content types by id for the whole process: one cached under ids another
    test's rows had (a restore, a rollback) makes a page of the committed site load as another
    model ("'GroupApprovalTask' object has no attribute 'is_root'" in the admin, seen on CI).
    The cache is emptied when the block starts and when the rows come back."""
    ContentType.objects.clear_cache()
    migrated_content = connection.creation.serialize_db_to_string()
    try:
        yield
    finally:
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        # wagtail-localize synchronises the trees when a LocaleSynchronization is saved, even
        # when loaded raw from a fixture, and the locales may not be back yet.
        post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
        try:
            connection.creation.deserialize_db_from_string(migrated_content)
        finally:
            post_save.connect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
        # The rows came back with their ids: the sequences continue after them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
