from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from operations import views as operations_views
from search import urls as search_urls
from translations.sitemap import sitemap

from . import views

urlpatterns = [
    path(".well-known/", include("security.urls")),  # security.txt (RFC 9116)
    # Operations: liveness (the process answers) and readiness (every service it uses is usable);
    # /health/ is the readiness probe's older name.
    path("healthz", operations_views.liveness, name="healthz"),
    path("readyz", operations_views.readiness, name="readyz"),
    path("health/", operations_views.readiness, name="health"),
    # Linked data holds every language, so it lives outside the language prefixes.
    path("api/catalogue/", include("catalogue.urls")),
    path("api/v2/", include("bgro.api")),
    path("api/search/", include("search.api_urls")),
    path("admin/", include(wagtailadmin_urls)),
    # --- Bounded input (issue 16): an id no row can have is a 404 before Wagtail's view ---
    re_path(r"^documents/(?P<document_id>\d{20,})/", views.document_beyond_any_id),
    path("documents/", include(wagtaildocs_urls)),
    # Every public page with its real translations as hreflang alternates (translations.sitemap).
    path("sitemap.xml", sitemap, name="sitemap"),
    # --- Root files crawlers and browsers ask for on their own (issue 18) ---
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.static_file_at_root("bgro/favicon.ico"), name="favicon"),
    path("apple-touch-icon.png", views.static_file_at_root("bgro/apple-touch-icon.png"), name="apple_touch_icon"),
]

# The 500 page's inline style carries the response's Content-Security-Policy nonce.
handler500 = views.server_error

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Every public page carries its language: /bg/…, /ro/…, /en/…; "/" redirects by Accept-Language.
urlpatterns += i18n_patterns(
    path("search/", include(search_urls)),
    path("display/", include("home.urls")),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    # --- Civic participation (issue 14): page feedback and e-mail alerts ---
    path("feedback/", include("feedback.urls")),
    path("alerts/", include("alerts.urls")),
    path("accessibility-statement/", include("accessibility.urls")),  # issue 19
    # --- Issue 15: the network's directory and the digitalisation map ---
    path("network/", include("network.urls")),
    path("digitalisation/", include("digitalisation.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
