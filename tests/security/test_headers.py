"""Security headers of every public page type, scored by Mozilla's HTTP Observatory rules
(tests/security/observatory.py) with the production settings; no inline script or style without
the response's nonce; the admin's own, looser policy; report-only mode."""

import importlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from wagtail.embeds.models import Embed

from tests.browser.site_content import LANGUAGES, build_site
from tests.security.observatory import parse_csp, score_response

ROOT = Path(__file__).resolve().parents[2]

# What production sets for headers and cookies, read from bgro.settings.production itself.
PRODUCTION_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "ADMIN_CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
]


@pytest.fixture(scope="module")
def production_values():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SECRET_KEY", "x" * 50)
        patch.setenv("ALLOWED_HOSTS", "testserver")
        patch.delenv("CSP_REPORT_ONLY", raising=False)
        production = importlib.reload(importlib.import_module("bgro.settings.production"))
    return {name: getattr(production, name) for name in PRODUCTION_SETTINGS}


@pytest.fixture
def production_headers(production_values):
    with override_settings(**production_values):
        yield production_values


@pytest.fixture(scope="module")
def built_site(module_db):
    return build_site()


@pytest.fixture(scope="module")
def site_paths(built_site):
    return built_site.paths


class _InlineCode(HTMLParser):
    """Inline scripts and styles with their nonce, style attributes and event handlers."""

    def __init__(self):
        super().__init__()
        self.inline = []  # (tag, nonce)
        self.attributes = []  # (tag, attribute)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Data blocks (JSON-LD, JSON) are not run, and CSP does not apply to them.
        data_block = (attributes.get("type") or "").startswith(("application/ld+json", "application/json"))
        if (tag == "script" and "src" not in attributes and not data_block) or tag == "style":
            self.inline.append((tag, attributes.get("nonce")))
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.attributes.append((tag, name))


def _nonce(policy):
    nonces = {source[len("'nonce-") : -1] for source in policy.get("script-src", []) if source.startswith("'nonce-")}
    return nonces.pop() if nonces else None


def test_every_page_type_scores_a_plus_and_runs_nothing_inline(db, client, built_site, site_paths, production_headers):
    assert {"home", "standard-page", "institution-index", "institution-page", "service-index", "service-page",
            "news-index", "news-page", "deliverable-index", "deliverable-page", "search", "not-found",
            "display"} <= set(site_paths)  # fmt: skip
    failures = []
    for page_type, paths in site_paths.items():
        for code in LANGUAGES:
            path = paths[code]
            response = client.get(path, secure=True, HTTP_X_FORWARDED_PROTO="https")
            # Pages that answer with an error on purpose (not found, an invalid link) say so in statuses;
            # a form's error state is reached by sending the form (actions): its page itself is a 200.
            expected = 200 if page_type in built_site.actions else built_site.statuses.get(page_type, 200)
            assert response.status_code == expected, f"GET {path}: {response.status_code}"
            plain = client.get(path, HTTP_X_FORWARDED_PROTO="http")
            score = score_response(response, http_redirect=plain)
            if score.score < 100:
                failures.append(f"{path}: {score}")
            policy = parse_csp(response["Content-Security-Policy"])
            assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"], path
            assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], path
            assert "camera=()" in response["Permissions-Policy"], path
            page = _InlineCode()
            page.feed(response.content.decode())
            nonce = _nonce(policy)
            for tag, tag_nonce in page.inline:
                assert tag_nonce and tag_nonce == nonce, f"{path}: inline <{tag}> without the response's nonce"
            assert not page.attributes, f"{path}: inline attributes {page.attributes}"
    assert not failures, "Below A+:\n" + "\n".join(failures)


def test_the_admin_has_its_own_policy(db, client, production_headers):
    response = client.get("/admin/login/", secure=True, HTTP_X_FORWARDED_PROTO="https")
    policy = parse_csp(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's own inline scripts
    assert policy["frame-ancestors"] == ["'self'"]  # page previews
    assert policy["object-src"] == ["'none'"]
    # The sign-in form's cookie: Secure, SameSite (and the session cookie, HttpOnly).
    assert score_response(response).results["cookies"][1] >= 0


def test_the_500_page_style_carries_the_nonce(production_headers):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="tests.security.error_urls"):
        response = client.get("/fail/", secure=True, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 500
    style_nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{style_nonce}'" in parse_csp(response["Content-Security-Policy"])["style-src"]


def test_embeds_have_no_style_attribute():
    html = render_to_string(
        "wagtailembeds/embed_frontend.html",
        {"embed": Embed(url="https://www.youtube.com/watch?v=x", html="<iframe src='https://www.youtube-nocookie.com/embed/x'></iframe>", width=480, height=270)},
    )
    assert "style=" not in html
    assert 'data-embed-ratio="56.2' in html


def test_report_only_mode_moves_both_policies(client, db):
    # The setting, as the environment gives it.
    environment = {**os.environ, "CSP_REPORT_ONLY": "true", "DJANGO_SETTINGS_MODULE": "bgro.settings.dev"}
    probe = "import bgro.settings.dev as s; print(hasattr(s, 'CONTENT_SECURITY_POLICY'), bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    answer = subprocess.run(
        [sys.executable, "-c", probe],
        env={**environment, "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}"}, capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    assert answer.stdout.split() == ["False", "True"]
    # The middleware, with that setting.
    from django.conf import settings

    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=settings.CONTENT_SECURITY_POLICY):
        public = client.get("/bg/no-such-page/")
        admin = client.get("/admin/login/")
    for response in (public, admin):
        assert "Content-Security-Policy" not in response
        assert "Content-Security-Policy-Report-Only" in response
    assert "'unsafe-inline'" not in public["Content-Security-Policy-Report-Only"]
    assert "'unsafe-inline'" in admin["Content-Security-Policy-Report-Only"]


PUBLIC_TEMPLATE_FOLDERS = ["site/bgro/templates", "home/templates", "catalogue/templates", "news/templates",
                           "search/templates", "translations/templates", "security/templates"]  # fmt: skip


def test_public_templates_have_no_inline_code_without_a_nonce():
    """What the page test above cannot reach (templates of blocks not in its pages)."""
    problems = []
    for folder in PUBLIC_TEMPLATE_FOLDERS:
        for template in (ROOT / folder).rglob("*.html"):
            text = template.read_text()
            if '{% extends "wagtailadmin/' in text:
                continue  # the admin's policy allows inline code
            for match in re.finditer(r"<(script|style)\b([^>]*)>|\s(style|on[a-z]+)=\"", text):
                tag, attributes, attribute = match.groups()
                if tag and (("src=" in attributes and tag == "script") or "nonce=" in attributes):
                    continue
                problems.append(f"{template.relative_to(ROOT)}: {match.group(0).strip()}")
    assert not problems, "\n".join(problems)
