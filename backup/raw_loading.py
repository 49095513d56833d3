"""The one place that knows which third-party receivers misbehave on a raw load.

Django sends ``post_save`` with ``raw=True`` for every row a restore (or a fixture) loads. Our
receivers and Wagtail's (search, reference index, image focal points) return at once on a raw
save; two of wagtail-localize's do not, and would change the data being restored:

- ``sync_trees_on_locale_sync_save`` synchronises the language trees when a
  ``LocaleSynchronization`` row is saved (creating aliases before the pages are back);
- ``post_save_string_translation`` copies a translated title into the page's ``draft_title``
  (reading a ``TranslationContext`` that may not be loaded yet).

They are disconnected for the duration of ``quiet_raw_load_receivers()`` and connected again
afterwards. Their names are wagtail-localize's module internals: tests/backup/test_raw_loading.py
fails loudly when an upgrade renames or removes them, or connects them differently. Checked
against wagtail-localize 1.14.5.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from wagtail_localize import models as localize_models

CHECKED_WAGTAIL_LOCALIZE_VERSION = "1.14.5"


def raw_unsafe_receivers():
    """(receiver, sender) pairs of ``post_save`` that must not run on a raw load."""
    return [
        (localize_models.sync_trees_on_locale_sync_save, localize_models.LocaleSynchronization),
        (localize_models.post_save_string_translation, localize_models.StringTranslation),
    ]


@contextmanager
def quiet_raw_load_receivers():
    """Disconnect the raw-unsafe receivers in the block, reconnect exactly those that were."""
    disconnected = [
        (receiver, sender)
        for receiver, sender in raw_unsafe_receivers()
        if post_save.disconnect(receiver, sender=sender)
    ]
    try:
        yield
    finally:
        for receiver, sender in disconnected:
            post_save.connect(receiver, sender=sender)
