"""WSGI entry point: `gunicorn --pythonpath site bgro.wsgi` from the repository root."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.production")

application = get_wsgi_application()


def leave_startup_objects_out_of_collections():
    """Freeze what the process has built by now: Django, Wagtail, the apps and the URLconf, some
    200,000 objects that live as long as the process.

    A full garbage collection walks every object it tracks; with these it took about 130 ms
    here (README, Measured figures, stops 42 and 43), and it falls on whichever request happens
    to trigger it. Frozen objects are left out of every collection. They are still freed by
    reference counting when nothing refers to them; only a reference cycle among them would
    outlive its use, and the collection just before the freeze clears those made while starting.
    """
    get_resolver().url_patterns  # noqa: B018 -- the URLconf and its views, now rather than on the first request
    gc.collect()
    gc.freeze()


leave_startup_objects_out_of_collections()
