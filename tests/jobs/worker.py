"""Run the queue's real worker (django-tasks-db's ``db_worker``) in the test's process, until
the queue is empty. The worker installs its own SIGINT/SIGTERM handlers; they are given back."""

import io
import signal

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def run_worker_until_the_queue_is_empty():
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name=*",
            verbosity=0, stdout=io.StringIO(), stderr=io.StringIO(),
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
