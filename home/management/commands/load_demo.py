from django.core.management.base import BaseCommand

from bgro.renditions import make_renditions
from digitalisation import demo as digitalisation_demo
from home.demo.builder import DemoSiteBuilder
from network import demo as network_demo


class Command(BaseCommand):
    help = "Build the trilingual demo site (institutions, services, news, deliverables). Safe to run again."

    def handle(self, *args, **options):
        builder = DemoSiteBuilder(log=lambda line: self.stdout.write(line))
        changes = builder.build()
        # --- Issue 15: the network and the digitalisation map (after the catalogue they read) ---
        changes += network_demo.build(log=lambda line: self.stdout.write(line))
        changes += digitalisation_demo.build(log=lambda line: self.stdout.write(line))
        # --- Issue 17: every rendition the pages show, made now rather than on a first view ---
        images, made = make_renditions()
        if made:
            self.stdout.write(f"{made} image rendition(s) made for {images} image(s).")
        if changes:
            self.stdout.write(self.style.SUCCESS(f"Demo site ready: {changes} change(s) made."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo site already up to date: nothing changed."))
