"""Point the default Site record at the address the site is served on.

Canonical and hreflang links, the sitemap, the feeds and the API build absolute URLs from the
Site record's hostname and port (``Site.root_url``). The first migration leaves
``localhost:80``; ``bin/run`` calls this with the development server's address, an operator
with the public address (README, "Addresses").
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site


def parse_site_address(address):
    """(hostname, port) of an ``http(s)://host[:port]`` address, or ValueError saying why not."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{address!r} is not an http:// or https:// address with a host name")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"{address!r} has a path, query or fragment; give the scheme, host and port only")
    try:
        port = parts.port
    except ValueError as error:
        raise ValueError(f"{address!r}: {error}") from None
    default_port = 443 if parts.scheme == "https" else 80
    port = port or default_port
    if parts.scheme == "http" and port == 443:
        raise ValueError(f"{address!r}: Wagtail serves port 443 as https; use https://")
    if parts.scheme == "https" and port != 443:
        raise ValueError(f"{address!r}: Wagtail builds https:// links for port 443 only")
    return parts.hostname, port


class Command(BaseCommand):
    help = "Set the default site's host name and port from an address such as http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("address", help="the address the site is served on, e.g. https://egov.example.org")

    def handle(self, *args, address, **options):
        try:
            hostname, port = parse_site_address(address)
        except ValueError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            site = Site.objects.select_for_update().filter(is_default_site=True).first()
            if site is None:
                raise CommandError("There is no default site; run the migrations first (manage.py migrate).")
            clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
            if clash is not None:
                raise CommandError(f"Another site ({clash.site_name or clash.pk}) already uses {hostname}:{port}.")
            site.hostname, site.port = hostname, port
            site.save(update_fields=["hostname", "port"])
        Site.clear_site_root_paths_cache()
        if options["verbosity"]:
            self.stdout.write(f"The default site is now served at {site.root_url}/")
