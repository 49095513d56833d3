"""Settings shared by every environment.

Layout: the repository root holds the domain apps (home, catalogue, news, search); the
``site/`` folder holds this project package, ``bgro`` ("Bulgaria–Romania"), which is both
the Django project (settings, urls, wsgi) and the shared app (base page, shared blocks,
image model, site-wide templates and static files). ``manage.py`` and ``wsgi.py`` put
``site/`` on the import path because a package cannot be named ``site``.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from operations.log_settings import log_format, logging_settings
from operations.redis_cache import redis_cache
from translations.machine_translation import machine_translator

from .email import email_settings
from .env import as_bool, as_list, env

SITE_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # site/bgro
BASE_DIR = SITE_PACKAGE_DIR.parent.parent  # repository root

SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = []

INSTALLED_APPS = [
    "bgro",
    "home",
    "catalogue",
    "news",
    "search",
    "translations",
    "backup",  # issue 13: manage.py backup / restore
    "operations",  # /healthz, /readyz, request and job logs
    "consultations",  # issue 14 part 1: public consultations, comments, outcome reports
    # --- Issue 15: the BG-RO E-GoverNet network and the region's digitalisation map ---
    "network",
    "digitalisation",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales, adds tree synchronisation
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Operations: one log line per request (first, so it sees every response, redirects included).
    "operations.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "bgro.urls"
WSGI_APPLICATION = "bgro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: SQLite unless DATABASE_URL points elsewhere (PostgreSQL in production) ---
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env("DATABASE_CONN_MAX_AGE", 0, int),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory unless REDIS_URL gives a shared one ---
# django-redis ignoring a Redis that is down (operations.redis_cache): pages are slower, never failing.
REDIS_URL = env("REDIS_URL", "")
REDIS_TIMEOUT = env("REDIS_TIMEOUT", 0.5, float)  # seconds to connect or answer, then a cache miss
REDIS_KEY_PREFIX = env("REDIS_KEY_PREFIX", "bgro")  # issue 17: sites (or benchmarks) sharing one Redis
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, REDIS_TIMEOUT, key_prefix=REDIS_KEY_PREFIX)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Languages: Bulgarian is the default, every public URL carries its language ---
LANGUAGE_CODE = "bg"
LANGUAGES = [
    ("bg", "Български"),
    ("ro", "Română"),
    ("en", "English"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Sofia"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = env("STATIC_ROOT", BASE_DIR / "static", Path)
STATIC_URL = "/static/"
MEDIA_ROOT = env("MEDIA_ROOT", BASE_DIR / "media", Path)
MEDIA_URL = "/media/"
# Uploaded images and documents are best served by the web server in front of the site;
# SERVE_MEDIA lets the site serve them itself where there is none (development, one container).
SERVE_MEDIA = env("SERVE_MEDIA", False, as_bool)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Catalogue import limits (issue 16): a file beyond them is refused before it is decoded ---
CATALOGUE_IMPORT_MAX_BYTES = env("CATALOGUE_IMPORT_MAX_BYTES", 100 * 1024 * 1024, int)
CATALOGUE_IMPORT_MAX_RECORDS = env("CATALOGUE_IMPORT_MAX_RECORDS", 20_000, int)

# --- Wagtail ---
WAGTAIL_SITE_NAME = "BG-RO E-GoverNet"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "bgro.SiteImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "gif": "webp", "png": "webp", "jpeg": "webp"}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# --- Editing (issue 18): Latin slugs (bgro.slugs), no avatars from another origin ---
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    # A search node, OpenSearch 2/3 or Elasticsearch 8/9: search.wagtail_backend asks it what it
    # is (or reads ELASTICSEARCH_PRODUCT) and uses the matching modelsearch backend and client.
    _ca_certs = env("ELASTICSEARCH_CA_CERTS", "")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.wagtail_backend",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX", "bgro"),  # ours; modelsearch reads INDEX_PREFIX
            "PRODUCT": env("ELASTICSEARCH_PRODUCT", ""),
            "TIMEOUT": env("ELASTICSEARCH_TIMEOUT", 10, int),
            "OPTIONS": {"ca_certs": _ca_certs, "verify_certs": True} if _ca_certs else {},
            # Wagtail's indexes get the replicas the site search's has (none on a single node,
            # where a replica could never be placed and the index would stay yellow).
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": env("SEARCH_NODE_REPLICAS", 0, int)}}},
            "ATOMIC_REBUILD": True,
        }
    }
    ELASTICSEARCH_INDEX = WAGTAILSEARCH_BACKENDS["default"]["INDEX"]
    # Wagtail's indexes (one per model) under the same prefix as the platform's.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"{ELASTICSEARCH_INDEX}_"
    # The site's search (search.engine) runs on the node too, in an index of its own.
    PLATFORM_SEARCH_ENGINE = "node"
    SEARCH_NODE_SHARDS = env("SEARCH_NODE_SHARDS", 1, int)
    SEARCH_NODE_REPLICAS = WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"]["settings"]["index"]["number_of_replicas"]
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    PLATFORM_SEARCH_ENGINE = "database"

# --- Machine translation in wagtail-localize's editor: DeepL, else LibreTranslate, else none ---
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(
    deepl_api_key=env("DEEPL_API_KEY", ""),
    libretranslate_url=env("LIBRETRANSLATE_URL", ""),
    libretranslate_api_key=env("LIBRETRANSLATE_API_KEY", ""),
)

# --- E-mail: EMAIL_URL (SMTP) or ANYMAIL_PROVIDER, else the console (see settings/email.py);
# production's deploy check refuses the console (bgro.E010) ---
_email = email_settings()
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
DEFAULT_FROM_EMAIL = _email["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = _email["SERVER_EMAIL"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10.0)
ANYMAIL = _email.get("ANYMAIL", {})

# --- Background jobs and uploads (issue 13; README "Background jobs", "Uploads") ---
INSTALLED_APPS += ["jobs", "django_tasks", "django_tasks_db"]
# The queue lives in the database; `manage.py db_worker` runs the jobs, `manage.py run_schedule`
# enqueues the periodic ones. TASKS_BACKEND=immediate runs every job inside the process that
# asks for it instead (one process, no worker: a small site, or a quick local try).
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# Uploads go to Django's default storage: MEDIA_ROOT, or an S3-compatible bucket
# (django-storages) when AWS_STORAGE_BUCKET_NAME is set; every web and worker process sees it.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", None),
            "region_name": env("AWS_S3_REGION_NAME", None),
            "access_key": env("AWS_ACCESS_KEY_ID", None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", None),
            "location": env("AWS_LOCATION", ""),
            "querystring_auth": env("AWS_QUERYSTRING_AUTH", True, as_bool),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
# --- CORS (django-cors-headers): the open, read-only APIs answer every origin ---
# The headless API, the search API and the catalogue's linked data are public and read-only;
# partner sites and open-data portals read them from their own pages. Nothing else is shared.
INSTALLED_APPS += ["corsheaders"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "corsheaders.middleware.CorsMiddleware"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/(v2|search|catalogue)/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# --- Security (app "security", README "Security"): login protection, two-factor, sessions,
# --- headers, security.txt. One block so merges stay easy.
from datetime import date, timedelta  # noqa: E402 (imports of this block kept in it, for easy merges)

from csp.constants import NONCE  # noqa: E402

INSTALLED_APPS += [
    "security",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
]
# Content-Security-Policy and Permissions-Policy set early, so that every response (redirects
# and errors included) carries them; the TOTP state (django-otp) right after the user is known;
# the admin's TOTP requirement after the messages; axes last, as its documentation asks, to turn
# a lockout into the lockout page.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE[_after_security:_after_security] = [
    "security.headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "security.two_factor.TwoFactorMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after LOGIN_FAILURE_LIMIT failures per account and, separately, per address, for
# LOGIN_COOLOFF_MINUTES; a failure during the lockout starts the cool-off again, so an attacker
# who keeps trying waits longer and longer.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT", 5, int)
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_COOLOFF_MINUTES", 30, int))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_CLIENT_IP_CALLABLE = "security.client_address.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # security.audit writes one line per event instead
# How many proxies in front of gunicorn append to X-Forwarded-For (0: none, use the peer address).
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT", 0, int)
# Axes keeps login records (with addresses) this many days; purge_login_records deletes older ones.
LOGIN_RECORDS_RETENTION_DAYS = env("LOGIN_RECORDS_RETENTION_DAYS", 30, int)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# TOTP (django-otp; enrolment and code pages in security.two_factor) for everyone who can use
# the admin; production requires it.
REQUIRE_TWO_FACTOR = env("REQUIRE_TWO_FACTOR", False, as_bool)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# A session ends after SESSION_IDLE_MINUTES without a request (the expiry moves on each request).
SESSION_COOKIE_AGE = env("SESSION_IDLE_MINUTES", 60, int) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp with security.headers): the public site runs no inline
# script or style except what carries the response's nonce; the admin, whose Wagtail templates
# hold inline scripts, gets ADMIN_CONTENT_SECURITY_POLICY. CSP_REPORT_ONLY=true sends both as
# Content-Security-Policy-Report-Only instead, to try a change without breaking pages.
# EMBED_ORIGINS: where the media that editors embed play (VideoEmbedBlock, rich text embeds);
# IMAGE_ORIGINS: extra origins for images (uploads on a storage service or a CDN).

EMBED_ORIGINS = env(
    "EMBED_ORIGINS",
    ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"],
    as_list,
)
_image_origins = env("IMAGE_ORIGINS", [], as_list)
_csp_report_uri = env("CSP_REPORT_URI", "")
_public_directives = {
    "default-src": ["'none'"],
    "script-src": ["'self'", NONCE],
    "style-src": ["'self'", NONCE],
    "img-src": ["'self'", "data:", *_image_origins],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": EMBED_ORIGINS,
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "report-uri": [_csp_report_uri] if _csp_report_uri else None,
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # Gravatar portraits, oEmbed thumbnails, image previews being uploaded.
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *EMBED_ORIGINS],  # page previews and embeds
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
        "report-uri": [_csp_report_uri] if _csp_report_uri else None,
    },
}
if env("CSP_REPORT_ONLY", False, as_bool):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _public_directives}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _public_directives}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": ["self", *EMBED_ORIGINS],
    "fullscreen": ["self", *EMBED_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *EMBED_ORIGINS],
    "usb": [],
}

# /.well-known/security.txt (RFC 9116).
SECURITY_TXT_CONTACT = env("SECURITY_TXT_CONTACT", ["mailto:security@bgro-egovernet.eu"], as_list)
SECURITY_TXT_EXPIRES = env("SECURITY_TXT_EXPIRES", None, date.fromisoformat)  # default: a year after start-up
SECURITY_TXT_POLICY = env("SECURITY_TXT_POLICY", "")  # URL of the disclosure policy; empty: no Policy line
SECURITY_TXT_LANGUAGES = ["en", "bg", "ro"]
# --- Operations: logs (operations.log_settings) and readiness (operations.readiness) ---
# LOG_FORMAT=json writes one JSON object per line (production's default), text plain lines.
LOG_FORMAT = env("LOG_FORMAT", "text", log_format)
LOGGING = logging_settings(LOG_FORMAT, env("LOG_LEVEL", "WARNING"))
READINESS_TIMEOUT = env("READINESS_TIMEOUT", 2.0, float)  # seconds each /readyz check may take

# --- Privacy: what the privacy notice (/<lang>/privacy/) tells visitors ---
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "")  # the controller's data protection contact
# The site's own logs hold no IP address; the operator keeps them (and the proxy's) this long.
PRIVACY_LOG_RETENTION_DAYS = env("PRIVACY_LOG_RETENTION_DAYS", 30, int)

# --- Civic participation (issue 14): "Was this page useful?" (feedback) and e-mail alerts ---
INSTALLED_APPS += ["feedback", "alerts"]
FEEDBACK_RETENTION_DAYS = env("FEEDBACK_RETENTION_DAYS", 730, int)  # answers (anonymous) kept two years
# A subscription not confirmed within this many days is deleted with its address (purge job).
ALERTS_UNCONFIRMED_DAYS = env("ALERTS_UNCONFIRMED_DAYS", 7, int)
ALERTS_BATCH_SIZE = env("ALERTS_BATCH_SIZE", 50, int)  # subscribers per sending job
# --- Issue 15: network join requests declined, or left waiting, are deleted after this many days ---
NETWORK_REQUEST_RETENTION_DAYS = env("NETWORK_REQUEST_RETENTION_DAYS", 90, int)
# --- Page cache (issue 17, app "pagecache", README "Page cache and front cache") ---
# Anonymous GET/HEAD answers kept in Django's cache (Redis in production) and purged on publish;
# the middleware sits before the session, so a cached page touches no session and no database.
INSTALLED_APPS += ["pagecache"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "pagecache.middleware.PageCacheMiddleware"
)
# On a miss: the request's site and the page its path leads to, kept per site version
# (pagecache.routes; only its process_view runs, once the URL's language is active).
MIDDLEWARE.append("pagecache.routes.KeptRoutingMiddleware")
PAGE_CACHE_ENABLED = env("PAGE_CACHE", True, as_bool)
PAGE_CACHE_TIMEOUT = env("PAGE_CACHE_TIMEOUT", 24 * 3600, int)  # seconds an unpurged page stays in Redis
PAGE_CACHE_BROWSER_MAX_AGE = env("PAGE_CACHE_BROWSER_MAX_AGE", 0, int)  # 0: browsers revalidate (ETag, 304)
PAGE_CACHE_SHARED_MAX_AGE = env("PAGE_CACHE_SHARED_MAX_AGE", 60, int)  # s-maxage for nginx or a CDN
PAGE_CACHE_STALE_WHILE_REVALIDATE = env("PAGE_CACHE_STALE_WHILE_REVALIDATE", 300, int)
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/healthz", "/readyz", "/health/", "/documents/", "/.well-known/"]
# A front cache purged on publish (wagtail.contrib.frontend_cache's HTTP backend sends PURGE to
# it: the nginx of compose.yaml), e.g. FRONTEND_CACHE_URL=http://nginx:8081; empty: none.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL}
    }
# The purge names every language version itself (their slugs differ): Wagtail must not swap prefixes.
WAGTAILFRONTENDCACHE_LANGUAGES = []
FRONTEND_CACHE_PURGE_MAX_URLS = env("FRONTEND_CACHE_PURGE_MAX_URLS", 500, int)  # more: left to expire
# --- Accessibility (issue 19): the generated statement, its feedback and PDF inspection ---
INSTALLED_APPS += ["accessibility"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "accessibility.forms.AccessibleDocumentForm"  # flags untagged PDFs
