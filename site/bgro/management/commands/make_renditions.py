from django.core.management.base import BaseCommand

from bgro.renditions import RENDITION_SETS, make_renditions


class Command(BaseCommand):
    help = (
        "Make every image rendition the public pages use (bgro.renditions), so that no visitor waits for one. "
        "load_demo runs it; run it after restoring media or changing a rendition set. Safe to run again."
    )

    def handle(self, *args, **options):
        images, made = make_renditions()
        sets = ", ".join(RENDITION_SETS)
        self.stdout.write(self.style.SUCCESS(f"{made} rendition(s) made for {images} image(s) in use ({sets})."))
