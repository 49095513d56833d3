"""Give every page with a non-Latin slug its Latin slug (bgro.slugs); the old address redirects.

Pages created before slugs were transliterated keep a Cyrillic (percent-encoded) address. The
new slug is written to the page and to its latest revision, so that publishing a draft later
does not bring the old slug back; Wagtail's redirects app (WAGTAILREDIRECTS_AUTO_CREATE, on by
default) records a redirect from the old address of the page and of each of its descendants.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from bgro.slugs import latin_slug, needs_latin_slug


class Command(BaseCommand):
    help = "Replace non-Latin page slugs by their transliteration; the old addresses redirect."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the changes without making them")

    def handle(self, *args, dry_run=False, **options):
        candidates = [page for page in Page.objects.order_by("path").only("pk", "slug") if needs_latin_slug(page.slug)]
        changed = 0
        for candidate in candidates:
            page = candidate.specific
            new_slug = self._free_slug(page, latin_slug(page.slug) or f"page-{page.pk}")
            self.stdout.write(f"{page.url_path} → {new_slug}")
            if dry_run:
                continue
            with transaction.atomic():
                old_slug, page.slug = page.slug, new_slug
                page.save(clean=False)
                revision = page.latest_revision
                if revision is not None and revision.content.get("slug") == old_slug:
                    revision.content["slug"] = new_slug
                    revision.save(update_fields=["content"])
            changed += 1
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{verb} {len(candidates) if dry_run else changed} slug(s)")

    @staticmethod
    def _free_slug(page, slug):
        siblings = set(page.get_siblings(inclusive=False).values_list("slug", flat=True))
        candidate, number = slug, 1
        while candidate in siblings:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate
