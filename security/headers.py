"""The Content-Security-Policy header: django-csp's middleware, with the admin's own policy.

django-csp applies one policy to the whole site; Wagtail's admin templates hold inline scripts
and styles that the public policy (nonces only) would block, so requests under the admin's
path prefixes get ADMIN_CONTENT_SECURITY_POLICY instead. Report-only mode (CSP_REPORT_ONLY)
moves the public policy to CONTENT_SECURITY_POLICY_REPORT_ONLY, and the admin's follows it.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        site_policy = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        if (
            admin_policy
            and parts.config is None  # a view's own @csp decorator still wins
            and getattr(settings, site_policy, None)
            and request.path_info.startswith(tuple(admin_policy["PATH_PREFIXES"]))
        ):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts
