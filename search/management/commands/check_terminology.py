"""``check_terminology [FILE ...] [--shipped]``: find forms the glossary says to avoid.

Reads the demo content files (default: home/demo/*.json) and reports every place that still
uses a form a glossary term replaces, in the text's own language. The forms come from the
site's glossary (Snippets → Glossary, "forms to avoid"), or with --shipped from the glossary
files shipped with the search app. Fails (exit status 1) when it finds any.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.management.commands.load_glossary import read_json, shipped_glossary
from search.models import GlossaryTerm
from search.terminology import find_avoided, glossary_terms, json_texts


def demo_files():
    return sorted((Path(settings.BASE_DIR) / "home" / "demo").glob("*.json"))


def file_texts(path):
    return json_texts(read_json(path), where=Path(path).name)


class Command(BaseCommand):
    help = "Report the places in the demo content that use a form the glossary says to avoid."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="file", help="JSON content files (default: home/demo/*.json)")
        parser.add_argument("--shipped", action="store_true", help="use the glossary files shipped with the search app")

    def handle(self, files, shipped, **options):
        terms = shipped_glossary() if shipped else glossary_terms(GlossaryTerm.objects.all())
        paths = files or demo_files()
        findings = [finding for path in paths for finding in find_avoided(terms, file_texts(path))]
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(f"{len(findings)} forms to avoid found in {len(paths)} files")
        self.stdout.write(f"Terminology: no form to avoid in {len(paths)} files")
