"""Progress of an import, visible to the admin while the import's transaction is still open.

An import writes every record in one transaction (all or nothing), so a progress count saved
through the import's own connection would be seen by nobody until the end. The count is written
through a second connection of the worker, in autocommit. Opening it is Django's
undocumented ``connections.create_connection``, fenced in ``bgro.framework_internals``
(tests/catalogue/test_import_job.py checks that it still gives an independent connection).

Inside an outer transaction nothing can be shown either. On SQLite the import's transaction locks the whole database for writing, so the count cannot be
written meanwhile: there the admin sees the progress at the end only.
"""

import time

from django.db import connections

from bgro.framework_internals import independent_connection

from .models import CatalogueImport


class ImportProgress:
    """``progress(done, total)`` callback for CatalogueImporter that records the counts on a
    CatalogueImport row, at most every ``interval`` seconds (and always the last one)."""

    def __init__(self, import_id, *, alias="default", interval=0.5):
        self.import_id = import_id
        self.interval = interval
        self._last = 0.0
        own = connections[alias]
        # Inside an outer transaction (the immediate backend in a request or a test) the import's
        # rows are invisible to a second connection, which would even wait on their locks.
        live = own.vendor != "sqlite" and not own.in_atomic_block
        self._connection = independent_connection(alias) if live else None

    def __call__(self, done, total):
        if self._connection is None:
            return
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        table = self._connection.ops.quote_name(CatalogueImport._meta.db_table)
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET records_done = %s, records_total = %s WHERE id = %s",
                [done, total, self.import_id],
            )

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None
