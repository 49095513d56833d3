from django.core.management.base import BaseCommand, CommandError

from backup.archive import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent archive (.tar.gz) of the database (one snapshot) and the media files, "
        "with a manifest of versions, row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write, e.g. bgro-2026-12-03.tar.gz (replaced if it exists).")

    def handle(self, *args, file, verbosity=1, **options):
        log = self.stdout.write if verbosity >= 1 else (lambda message: None)
        try:
            summary = write_backup(file, log=log)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup written: {error}") from None
        log(
            f"Backup written to {summary.path}: {summary.rows} rows of {summary.models} models, "
            f"{summary.media_files} media files ({summary.media_bytes} bytes)."
        )
