"""Test settings: PostgreSQL from DATABASE_URL (the suite's default), fast hashing, plain storage."""

from .base import *  # noqa: F403
from .base import dj_database_url
from .env import env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The suite runs on the real PostgreSQL; the smoke run points DATABASE_URL at SQLite.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bgro")
    )
}

# Nothing is collected in tests: templates get URLs from the storage, WhiteNoise serves no
# folder (and does not warn about a missing one).
STATIC_ROOT = None
PLATFORM_SEARCH_ENGINE = "database"  # the node tests switch to the node themselves (tests/search/node.py)

# --- Background jobs (issue 13): run at once in tests; a test that needs the queue overrides
# TASKS with the database backend and runs the worker itself (tests/jobs/). ---
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Page cache (issue 17): off, so tests that render, change and render again see the change;
# tests/pagecache/ switch it on with a Redis of their own key prefix. ---
PAGE_CACHE_ENABLED = False
