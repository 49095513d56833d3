from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from consultations.models import ConsultationComment
from consultations.views import CONFIRMATION_DAYS


class Command(BaseCommand):
    help = (
        "Delete consultation comments whose author never confirmed the e-mail address, once their "
        "confirmation link has expired (they hold an address and nothing will ever publish them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=CONFIRMATION_DAYS,
            help=f"delete those sent more than this many days ago (default {CONFIRMATION_DAYS}, the link's life)",
        )

    def handle(self, *args, days, **options):
        if days < CONFIRMATION_DAYS:
            self.stderr.write(f"--days must be at least {CONFIRMATION_DAYS}: younger links still work.")
            raise SystemExit(2)
        deleted, _per_model = ConsultationComment.objects.filter(
            status=ConsultationComment.Status.UNCONFIRMED, created_at__lt=timezone.now() - timedelta(days=days)
        ).delete()
        self.stdout.write(f"Deleted {deleted} unconfirmed comment(s).")
