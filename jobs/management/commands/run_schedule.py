"""``run_schedule [--once] [--list]``: enqueue the periodic jobs of jobs.schedule when due."""

import time

from django.core.management.base import BaseCommand, no_translations
from django.utils import timezone

from jobs.schedule import PERIODIC_JOBS, enqueue_due, last_runs, next_due

TICK_SECONDS = 15


class Command(BaseCommand):
    help = (
        "Enqueue the periodic background jobs (jobs/schedule.py) when they are due, every "
        f"{TICK_SECONDS} seconds; the worker (manage.py db_worker) runs them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue what is due now, then exit (for cron)")
        parser.add_argument("--list", action="store_true", help="list the periodic jobs, when each last ran and is next due")

    @no_translations  # the operator's console, in English as every other command
    def handle(self, *args, once, list, verbosity, **options):
        if list:
            self._list()
            return
        while True:
            for job, result in enqueue_due():
                if verbosity:
                    self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} enqueued {job.name} ({result.id})")
            if once:
                return
            time.sleep(TICK_SECONDS)

    def _list(self):
        runs = last_runs()
        now = timezone.now()
        for job in PERIODIC_JOBS:
            run = runs.get(job.name)
            due = next_due(job, run)
            last = f"{timezone.localtime(run.last_enqueued_at):%Y-%m-%d %H:%M}" if run else "never"
            upcoming = "now" if due is None or due <= now else f"{timezone.localtime(due):%Y-%m-%d %H:%M}"
            self.stdout.write(f"{job.name:<26} {_every(job.every):<6} last {last:<16} next {upcoming}")
            self.stdout.write(f"    {job.task_path}: {job.description}")


def _every(interval):
    seconds = int(interval.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
