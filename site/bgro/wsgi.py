"""WSGI entry point: `gunicorn --pythonpath site bgro.wsgi` from the repository root."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bgro.settings.production")

application = get_wsgi_application()
