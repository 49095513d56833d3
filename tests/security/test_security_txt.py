"""/.well-known/security.txt by RFC 9116: the fields, from the settings."""

import re
from datetime import UTC, date, datetime, timedelta

from django.test import override_settings


@override_settings(
    SECURITY_TXT_CONTACT=["mailto:security@example.org", "https://example.org/report"],
    SECURITY_TXT_EXPIRES=date(2031, 6, 30),
    SECURITY_TXT_POLICY="https://example.org/disclosure-policy",
)
def test_security_txt_has_the_fields_of_rfc_9116(client, db):
    response = client.get("/.well-known/security.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == [
        "Contact: mailto:security@example.org",
        "Contact: https://example.org/report",
        "Expires: 2031-06-30T23:59:59Z",
        "Preferred-Languages: en, bg, ro",
        "Canonical: https://testserver/.well-known/security.txt",
        "Policy: https://example.org/disclosure-policy",
    ]


def test_without_a_configured_expiry_it_expires_within_a_year(client, db):
    text = client.get("/.well-known/security.txt").content.decode()
    expires = datetime.strptime(re.search(r"^Expires: (.+)$", text, re.M).group(1), "%Y-%m-%dT%H:%M:%SZ")
    ahead = expires.replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(days=300) < ahead <= timedelta(days=365)
    assert "Policy:" not in text  # none configured
    assert client.post("/.well-known/security.txt").status_code == 405
