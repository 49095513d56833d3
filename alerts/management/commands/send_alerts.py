from django.core.management.base import BaseCommand

from alerts.tasks import due_subscriber_ids, enqueue_batches


class Command(BaseCommand):
    help = "Queues the alert messages that are due (the scheduler's send-alerts job does this every hour)."

    def handle(self, *args, **options):
        ids = due_subscriber_ids()
        jobs = enqueue_batches(ids)
        self.stdout.write(f"Queued {len(jobs)} sending jobs for {len(ids)} subscribers.")
