"""``search_node_sync [--every SECONDS]``: send the search node what it missed while it was down.

Entries changed while the node did not answer wait in the backlog (search.models.NodeBacklog);
the next index update sends them along, and this command sends them without waiting for one —
from cron, or as a long-running process with ``--every`` (the compose file's ``worker``).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search.engine import search_engine
from search.node import NodeSearchEngine, sync_backlog


class Command(BaseCommand):
    help = "Send the search node the entries that wait in its backlog (edits made while it was down)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, metavar="SECONDS", help="keep running, syncing every SECONDS (at least 5)"
        )

    def handle(self, *args, every=None, verbosity=1, **options):
        if not isinstance(search_engine(), NodeSearchEngine):
            raise CommandError("The site search runs on the database (ELASTICSEARCH_URL is not set): nothing to sync.")
        if every is not None and every < 5:
            raise CommandError("--every must be at least 5 seconds.")
        while True:
            sent, left = sync_backlog()
            if verbosity and (sent or left or every is None):
                self.stdout.write(f"Search node backlog: {sent} groups sent, {left} waiting")
            if every is None:
                return
            time.sleep(every)
