"""Site-wide pages that are not Wagtail pages."""

from csp.exceptions import CSPNonceError
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.module_loading import import_string
from wagtail.models import Site


def server_error(request):
    """Django's 500 page, with the nonce that lets its inline style pass the
    Content-Security-Policy. Still self-contained: no context processors, no database."""
    template = loader.get_template("500.html")
    try:
        nonce = str(request.csp_nonce)
    except (AttributeError, CSPNonceError):  # the error came before or after the CSP middleware
        nonce = ""
    return HttpResponseServerError(template.render({"csp_nonce": nonce}))


def privacy_notice(request):
    """The privacy notice, in the visitor's language, from the translation catalogues.

    A template rather than an editable page: the notice must exist in all three languages on a
    fresh site (before anyone has created or translated a page), cannot be deleted or left
    half-translated by an edit, and its translations are reviewed with the interface's (locale/).
    What is operator-specific (contact address, retention periods) comes from the settings.
    """
    context = {
        "privacy_contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "log_retention_days": settings.PRIVACY_LOG_RETENTION_DAYS,
        # Failed sign-ins (address, user name) kept for login protection: the security app's
        # setting, which its purge_login_records command applies.
        "login_record_retention_days": getattr(settings, "LOGIN_RECORDS_RETENTION_DAYS", 30),
        # Issue 14: page feedback and e-mail alerts (their purge jobs apply these).
        "feedback_retention_days": settings.FEEDBACK_RETENTION_DAYS,
        "alerts_unconfirmed_days": settings.ALERTS_UNCONFIRMED_DAYS,
        # Issues 14 and 15: consultation comments (the confirmation link's life, after which the
        # daily purge deletes an unconfirmed one) and network join requests (their purge job).
        "comment_confirmation_days": import_string("consultations.views.CONFIRMATION_DAYS"),
        "network_request_retention_days": settings.NETWORK_REQUEST_RETENTION_DAYS,
    }
    return TemplateResponse(request, "bgro/privacy_notice.html", context)


def document_beyond_any_id(request, document_id):
    """``/documents/<id>/…`` with an id of 20 digits or more, past any bigint: no such document.

    Wagtail's document view hands the id to the database lookup, and int() refuses 4,301 digits
    or more with a ValueError (a 500); shorter ids beyond the range are a 404 there already.
    """
    raise Http404("No such document.")


# --- Files every crawler and browser asks for at the root (issue 18) ---


def robots_txt(request):
    """``/robots.txt``: everything public may be crawled except the admin and the search
    results (endless query combinations); the sitemap at the site's own address (Site record)."""
    site = Site.find_for_request(request)
    sitemap_url = f"{site.root_url}{reverse('sitemap')}" if site else request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def static_file_at_root(name):
    """A view that redirects a root address browsers ask for on their own (``/favicon.ico``,
    ``/apple-touch-icon.png``) to the shipped static file, under its hashed name in production."""

    def redirect_to_static(request):
        return HttpResponseRedirect(static(name))

    return redirect_to_static
