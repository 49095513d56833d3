"""Delete what axes keeps about sign-ins once it is no longer needed (README "Security").

Run it daily (cron, a systemd timer, the container platform's scheduled job). Failed attempts go
once their cool-off has ended; the logs of sign-ins and failures (account, address, browser) go
after LOGIN_RECORDS_RETENTION_DAYS.
"""

from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete failed sign-in attempts whose cool-off has ended and sign-in logs older than "
        "LOGIN_RECORDS_RETENTION_DAYS (or --days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep logs this many days (default: the setting)")

    def handle(self, *args, days=None, **options):
        days = settings.LOGIN_RECORDS_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        now = timezone.now()
        logs_before = now - timedelta(days=days)
        attempts_before = now - (get_cool_off() or timedelta(0))
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=attempts_before).delete()
        failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=logs_before).delete()
        sign_ins, _ = AccessLog.objects.filter(attempt_time__lt=logs_before).delete()
        self.stdout.write(
            f"Deleted {attempts} expired failed attempt(s), {failures} failure log(s) and "
            f"{sign_ins} sign-in log(s) older than {days} day(s)."
        )
