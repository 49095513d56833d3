"""Mozilla HTTP Observatory's score for one response, by its published rules.

The rules and modifiers are those of the Observatory's scoring document
(github.com/mozilla/http-observatory, httpobs/docs/scoring.md, as used by MDN's HTTP Observatory):
every site starts at 100; penalties apply always, bonuses only when the score without them is
90 or more; 100 and above is A+. The tests it cannot run from a response (HSTS preload list
membership, crossdomain.xml) are left out; contribute.json, HPKP and X-XSS-Protection, which MDN's
Observatory no longer scores, are left out too.
"""

import re
from dataclasses import dataclass, field

GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"),
          (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F")]  # fmt: skip

SIX_MONTHS = 15_768_000
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url"}
VALID_REFERRER_POLICIES = PRIVATE_REFERRER_POLICIES | UNSAFE_REFERRER_POLICIES | {"no-referrer-when-downgrade"}


@dataclass
class Score:
    results: dict = field(default_factory=dict)  # test → (result name, modifier)

    def add(self, test, result, modifier):
        self.results[test] = (result, modifier)

    @property
    def score(self):
        penalties = sum(modifier for _, modifier in self.results.values() if modifier < 0)
        bonuses = sum(modifier for _, modifier in self.results.values() if modifier > 0)
        base = 100 + penalties
        return max(0, base + bonuses if base >= 90 else base)

    @property
    def grade(self):
        return next(grade for floor, grade in GRADES if self.score >= floor)

    def __str__(self):
        lines = [f"{self.score} ({self.grade})"]
        lines += [f"  {modifier:+d} {test}: {result}" for test, (result, modifier) in self.results.items()]
        return "\n".join(lines)


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        tokens = part.strip().split()
        if not tokens:
            continue
        name = tokens[0].lower()
        if not re.fullmatch(r"[a-z-]+", name) or name in directives:
            raise ValueError(f"invalid or repeated directive {tokens[0]!r}")
        # Keywords are case-insensitive; nonces and hashes are not.
        directives[name] = [
            token.lower() if token.startswith("'") and not token.lower().startswith(("'nonce-", "'sha")) else token
            for token in tokens[1:]
        ]
    return directives


def _broad(sources):
    return any(source in {"*", "http:", "https:", "data:"} for source in sources)


def content_security_policy(headers):
    header = headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25, {}
    try:
        policy = parse_csp(header)
    except ValueError:
        return "csp-header-invalid", -25, {}
    default = policy.get("default-src")
    script = policy.get("script-src", default)
    style = policy.get("style-src", default)
    objects = policy.get("object-src", default)
    has_nonce_or_hash = script is not None and any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in script)
    # CSP level 2 browsers ignore 'unsafe-inline' next to a nonce or hash; the Observatory does too.
    script_inline = script is not None and "'unsafe-inline'" in script and not has_nonce_or_hash
    if script is None or objects is None or script_inline or _broad(script) or _broad(objects):
        return "csp-implemented-with-unsafe-inline", -20, policy
    every_source = [source for sources in policy.values() for source in sources]
    if any(source.startswith("http:") for source in every_source):
        passive = {"img-src", "media-src"}
        if all(not s.startswith("http:") for name, sources in policy.items() if name not in passive for s in sources):
            return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10, policy
        return "csp-implemented-with-insecure-scheme", -20, policy
    if "'unsafe-eval'" in every_source:
        return "csp-implemented-with-unsafe-eval", -10, policy
    if style is None or "'unsafe-inline'" in style or _broad(style):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0, policy
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10, policy
    return "csp-implemented-with-no-unsafe", 5, policy


def cookies(response, hsts):
    jar = response.cookies  # Django's responses keep their cookies apart from the headers
    if not jar:
        return "cookies-not-found", 0
    worst = ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    all_samesite = True
    for name, morsel in jar.items():
        session = any(word in name.lower() for word in ("login", "sess"))
        anticsrf = "csrf" in name.lower()
        samesite = str(morsel["samesite"]).lower()
        if samesite and samesite not in {"strict", "lax"}:
            return "cookies-samesite-flag-invalid", -20
        all_samesite = all_samesite and bool(samesite)
        if anticsrf and not samesite:
            return "cookies-anticsrf-without-samesite-flag", -20
        if session and not morsel["httponly"]:
            return "cookies-session-without-httponly-flag", -30
        if not morsel["secure"]:
            if session:
                return ("cookies-session-without-secure-flag-but-protected-by-hsts", -10) if hsts else ("cookies-session-without-secure-flag", -40)
            worst = ("cookies-without-secure-flag-but-protected-by-hsts", -5) if hsts else ("cookies-without-secure-flag", -20)
    if worst[1] == 5 and not all_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return worst


def score_response(response, *, http_redirect=None):
    """Score a response fetched over https; ``http_redirect`` is the answer to the same URL over
    plain http, for the redirection test."""
    headers = response.headers
    score = Score()

    result, modifier, policy = content_security_policy(headers)
    score.add("content-security-policy", result, modifier)

    hsts = headers.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts, re.I)
    if not hsts:
        score.add("strict-transport-security", "hsts-not-implemented", -20)
    elif not match:
        score.add("strict-transport-security", "hsts-header-invalid", -20)
    elif int(match.group(1)) < SIX_MONTHS:
        score.add("strict-transport-security", "hsts-implemented-max-age-less-than-six-months", -10)
    else:
        score.add("strict-transport-security", "hsts-implemented-max-age-at-least-six-months", 0)

    score.add("cookies", *cookies(response, hsts=bool(match)))

    allow_origin = headers.get("Access-Control-Allow-Origin")
    if allow_origin == "*":
        # Public content may be shared: the Observatory penalises "*" only with credentials.
        universal = headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
        score.add("cors", "cross-origin-resource-sharing-implemented-with-universal-access" if universal else "cross-origin-resource-sharing-implemented-with-public-access", -50 if universal else 0)
    else:
        score.add("cors", "cross-origin-resource-sharing-not-implemented", 0)

    if http_redirect is not None:
        location = http_redirect.headers.get("Location", "")
        if http_redirect.status_code in (301, 302, 307, 308) and location.startswith("https://"):
            score.add("redirection", "redirection-to-https", 0)
        else:
            score.add("redirection", "redirection-missing", -20)

    referrer = headers.get("Referrer-Policy", "").split(",")[-1].strip().lower()
    if not referrer:
        score.add("referrer-policy", "referrer-policy-not-implemented", 0)
    elif referrer in PRIVATE_REFERRER_POLICIES:
        score.add("referrer-policy", "referrer-policy-private", 5)
    elif referrer == "no-referrer-when-downgrade":
        score.add("referrer-policy", "referrer-policy-no-referrer-when-downgrade", 0)
    elif referrer in UNSAFE_REFERRER_POLICIES:
        score.add("referrer-policy", "referrer-policy-unsafe", -5)
    else:
        score.add("referrer-policy", "referrer-policy-header-invalid", -5)

    score.add("subresource-integrity", *subresource_integrity(response))

    nosniff = headers.get("X-Content-Type-Options", "")
    if not nosniff:
        score.add("x-content-type-options", "x-content-type-options-not-implemented", -5)
    elif nosniff.strip().lower() == "nosniff":
        score.add("x-content-type-options", "x-content-type-options-nosniff", 0)
    else:
        score.add("x-content-type-options", "x-content-type-options-header-invalid", -5)

    xfo = headers.get("X-Frame-Options", "").strip().upper()
    if "frame-ancestors" in policy:
        score.add("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    elif xfo in {"DENY", "SAMEORIGIN"}:
        score.add("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    elif not xfo:
        score.add("x-frame-options", "x-frame-options-not-implemented", -20)
    else:
        score.add("x-frame-options", "x-frame-options-header-invalid", -20)
    return score


def subresource_integrity(response):
    if "html" not in response.headers.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    html = response.content.decode(response.charset or "utf-8", "replace")
    sources = re.findall(r"<script\b[^>]*\bsrc=[\"']([^\"']+)", html, re.I)
    if not sources:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    if any(src.startswith("http://") for src in sources):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if all(src.startswith("/") and not src.startswith("//") for src in sources):
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5
