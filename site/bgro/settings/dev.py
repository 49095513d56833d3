"""Development: the embedded default (SQLite, database search) with safe local values."""

from .base import *  # noqa: F403
from .env import as_bool, as_list, env

DEBUG = env("DEBUG", True, as_bool)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"], as_list)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SERVE_MEDIA = env("SERVE_MEDIA", True, as_bool)
