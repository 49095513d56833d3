from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts.models import Subscriber


class Command(BaseCommand):
    help = "Deletes alert subscriptions never confirmed within ALERTS_UNCONFIRMED_DAYS (or --days), with their addresses."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.ALERTS_UNCONFIRMED_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        deleted = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()[1].get(
            "alerts.Subscriber", 0
        )
        self.stdout.write(f"Deleted {deleted} unconfirmed subscriptions older than {days} days.")
