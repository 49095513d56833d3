from datetime import date

from django.core.management.base import BaseCommand, CommandError

from digitalisation.snapshots import record_snapshot


class Command(BaseCommand):
    help = "Record today's digitalisation indicators (per country and region) as a dated snapshot. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Record under this date (YYYY-MM-DD) instead of today, e.g. to backfill.")

    def handle(self, *args, **options):
        taken_on = None
        if options["date"]:
            try:
                taken_on = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from error
        rows = record_snapshot(taken_on)
        self.stdout.write(self.style.SUCCESS(f"Recorded {rows} indicator rows."))
