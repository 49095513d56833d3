from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from feedback.models import PageFeedback


class Command(BaseCommand):
    help = "Deletes answers to “Was this page useful?” older than FEEDBACK_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
        deleted, _ = PageFeedback.objects.filter(date__lt=timezone.localdate() - timedelta(days=days)).delete()
        self.stdout.write(f"Deleted {deleted} answers older than {days} days.")
