"""``update_index``: Wagtail's index, then the platform's search index and lexicon.

Replaces Wagtail's command of the same name (the search app comes first in INSTALLED_APPS),
so the command operators already know rebuilds everything search needs.
"""

from django.db import connection
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.indexing import rebuild_index
from search.lexicon import rebuild_lexicon
from search.models import SearchEntry, SearchPosting


class Command(WagtailUpdateIndex):
    help = "Rebuild Wagtail's search index, the platform's search index and the translation-memory lexicon."

    def handle(self, **options):
        super().handle(**options)
        self.verbosity = options.get("verbosity", 1)
        translations = rebuild_lexicon()
        self.write(f"Search lexicon: {translations} word translations learnt from the translation memory")
        entries = rebuild_index()
        self.write(f"Search index: {entries} entries")
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # Fresh statistics and visibility map: searches then read the postings from their
            # index alone (index-only scans) instead of visiting the table.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {SearchPosting._meta.db_table}, {SearchEntry._meta.db_table}")
