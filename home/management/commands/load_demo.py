from django.core.management.base import BaseCommand

from home.demo.builder import DemoSiteBuilder


class Command(BaseCommand):
    help = "Build the trilingual demo site (institutions, services, news, deliverables). Safe to run again."

    def handle(self, *args, **options):
        builder = DemoSiteBuilder(log=lambda line: self.stdout.write(line))
        changes = builder.build()
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Demo site ready: {changes} change(s) made."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo site already up to date: nothing changed."))
