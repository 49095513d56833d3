"""Settings shared by every environment.

Layout: the repository root holds the domain apps (home, catalogue, news, search); the
``site/`` folder holds this project package, ``bgro`` ("Bulgaria–Romania"), which is both
the Django project (settings, urls, wsgi) and the shared app (base page, shared blocks,
image model, site-wide templates and static files). ``manage.py`` and ``wsgi.py`` put
``site/`` on the import path because a package cannot be named ``site``.
"""

from pathlib import Path

import dj_database_url

from translations.machine_translation import machine_translator

from .env import as_bool, env

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
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bgro",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "no-reply@bgro-egovernet.eu")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # django_tasks logs every background task (two lines per page save) at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
