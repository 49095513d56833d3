"""Production: every secret from the environment, no defaults for what must be chosen.

Start-up stops with a message naming the variable when SECRET_KEY or ALLOWED_HOSTS is
missing. `manage.py check --deploy` passes with these settings.
"""

from .base import *  # noqa: F403
from .env import as_bool, as_list, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=as_list)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", [], as_list)

# TLS is terminated by the proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", True, as_bool)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^healthz$", r"^readyz$"]  # probes call over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", 31_536_000, int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# --- Security (README "Security"): TOTP required for the admin unless REQUIRE_TWO_FACTOR=false;
# --- one proxy in front of gunicorn by default (its X-Forwarded-For gives the visitor's address).
REQUIRE_TWO_FACTOR = env("REQUIRE_TWO_FACTOR", True, as_bool)
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", 1, int)
# --- Operations: JSON log lines by default (LOG_FORMAT=text for plain ones), INFO and up ---
LOG_FORMAT = env("LOG_FORMAT", "json", log_format)  # noqa: F405
LOGGING = logging_settings(LOG_FORMAT, env("LOG_LEVEL", "INFO"))  # noqa: F405
