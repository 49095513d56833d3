from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.models import Member


class Command(BaseCommand):
    help = (
        "Deletes requests to join the network, with their contact details, that were declined or left "
        "waiting for NETWORK_REQUEST_RETENTION_DAYS (or --days); a party to an agreement is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days=None, **options):
        days = settings.NETWORK_REQUEST_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        deleted = Member.objects.filter(
            pk__in=Member.objects.requests_past_retention(days).values("pk")
        ).delete()[1].get("network.Member", 0)
        self.stdout.write(f"Deleted {deleted} join request(s) declined or waiting for more than {days} days.")
