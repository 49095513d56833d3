from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from backup.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Put a backup archive back: the database (every table replaced) and the media files, then rebuild "
        "the search indexes. Refuses a database with content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that is not empty (users, pages, images or documents).",
        )
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="Do not rebuild the search indexes afterwards (search finds nothing until `update_index` runs).",
        )

    def handle(self, *args, file, force=False, skip_index=False, verbosity=1, **options):
        log = self.stdout.write if verbosity >= 1 else (lambda message: None)
        try:
            summary = restore_backup(file, force=force, log=log)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing restored: {error}") from None
        # Pages, menus and settings cached before the restore describe another site.
        cache.clear()
        made = summary.manifest["created_at"]
        log(f"Restored {summary.rows} rows and {summary.media_files} media files from the backup of {made}.")
        if skip_index:
            log("Search indexes not rebuilt (--skip-index): run `manage.py update_index` before opening the site.")
            return
        call_command("update_index", stdout=self.stdout, stderr=self.stderr, verbosity=verbosity)
