"""Outgoing e-mail settings from the environment: ``EMAIL_URL`` or a provider through django-anymail.

``EMAIL_URL`` names an SMTP server or the console:

- ``smtp://user:password@host:25`` plain SMTP (user and password optional, percent-encoded);
- ``smtp+tls://user:password@host:587`` SMTP upgraded with STARTTLS (the submission port);
- ``smtp+ssl://user:password@host:465`` SMTP over TLS from the first byte;
- ``console:`` every message printed on standard output (development).

``ANYMAIL_PROVIDER`` (``mailgun``, ``postmark``, ``sendgrid``, ``brevo``) sends through that
provider's HTTP API instead, with its key from the variable the table below names.

Why not dj-email-url: it has no ``smtp+tls``/``smtp+ssl`` schemes and reads ``smtps://`` as
STARTTLS, the opposite of what the name says elsewhere; the mapping is a dozen lines.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"

# scheme → (default port, use STARTTLS, use implicit TLS)
SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtp+ssl": (465, False, True),
}

# provider → (anymail backend, variables it needs, variables it may use); the variables are
# anymail's own setting names, so the ANYMAIL dict is built from them unchanged.
ANYMAIL_PROVIDERS = {
    "mailgun": ("anymail.backends.mailgun.EmailBackend", ["MAILGUN_API_KEY"], ["MAILGUN_SENDER_DOMAIN", "MAILGUN_API_URL"]),
    "postmark": ("anymail.backends.postmark.EmailBackend", ["POSTMARK_SERVER_TOKEN"], []),
    "sendgrid": ("anymail.backends.sendgrid.EmailBackend", ["SENDGRID_API_KEY"], []),
    "brevo": ("anymail.backends.brevo.EmailBackend", ["BREVO_API_KEY"], []),
}


def as_email_url(raw):
    """The Django e-mail settings an ``EMAIL_URL`` stands for (a dict); ValueError when malformed."""
    parts = urlsplit(raw.strip())
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE_BACKEND}
    if scheme not in SMTP_SCHEMES:
        known = ", ".join(f"{name}://" for name in SMTP_SCHEMES)
        raise ValueError(f"unknown scheme {parts.scheme!r} (expected {known} or console:)")
    if not parts.hostname:
        raise ValueError("no host (expected e.g. smtp+tls://user:password@mail.example.org:587)")
    default_port, use_tls, use_ssl = SMTP_SCHEMES[scheme]
    port = parts.port or default_port  # urlsplit raises ValueError on a port that is no number
    query = parse_qs(parts.query)
    timeout = float(query["timeout"][0]) if "timeout" in query else 10.0
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        # Without a timeout a silent server holds a worker forever.
        "EMAIL_TIMEOUT": timeout,
    }


def email_settings():
    """Every e-mail setting, read from the environment (console when nothing is configured)."""
    provider = env("ANYMAIL_PROVIDER", "").strip().lower()
    email_url = env("EMAIL_URL", None, as_email_url)
    if provider and email_url:
        raise ImproperlyConfigured("EMAIL_URL and ANYMAIL_PROVIDER are both set: choose one")
    if provider:
        if provider not in ANYMAIL_PROVIDERS:
            raise ImproperlyConfigured(
                f"ANYMAIL_PROVIDER={provider!r} is not supported (one of: {', '.join(ANYMAIL_PROVIDERS)})"
            )
        backend, required, optional = ANYMAIL_PROVIDERS[provider]
        anymail = {name: env(name) for name in required}
        anymail.update({name: env(name) for name in optional if env(name, "")})
        selected = {"EMAIL_BACKEND": backend, "ANYMAIL": anymail}
    else:
        selected = email_url or {"EMAIL_BACKEND": CONSOLE_BACKEND}
    default_from = env("DEFAULT_FROM_EMAIL", "no-reply@bgro-egovernet.eu")
    return {
        **selected,
        "DEFAULT_FROM_EMAIL": default_from,
        # The sender of error mails to ADMINS; a server often refuses an unknown sender.
        "SERVER_EMAIL": env("SERVER_EMAIL", default_from),
    }

