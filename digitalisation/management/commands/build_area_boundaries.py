import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digitalisation.boundaries import DATA_FILE, BoundarySourceError, build_area_boundaries


class Command(BaseCommand):
    help = (
        "Rebuild digitalisation/data/area_boundaries.json (the map's 15 districts and counties) from "
        "Natural Earth admin-1 GeoJSON: the whole ne_10m_admin_1_states_provinces.geojson, or extracts of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="Natural Earth admin-1 GeoJSON file(s).")
        parser.add_argument("--source-note", required=True,
                            help="Where the file(s) came from (name, version, licence); stored in the output.")
        parser.add_argument("--tolerance", type=float, default=0.004,
                            help="Douglas–Peucker tolerance in degrees (default 0.004, about 400 m).")
        parser.add_argument("--output", default=str(DATA_FILE), help="Where to write (default: the committed file).")

    def handle(self, *args, **options):
        if not 0 <= options["tolerance"] < 0.5:
            raise CommandError("--tolerance must be between 0 and 0.5 degrees.")
        collections = []
        for source in options["sources"]:
            try:
                collections.append(json.loads(Path(source).read_text(encoding="utf-8")))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {source} as JSON: {error}") from error
        try:
            data = build_area_boundaries(collections, options["tolerance"], options["source_note"])
        except BoundarySourceError as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        points = sum(len(ring) for region in data["regions"].values() for ring in region["rings"])
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output}: {len(data['regions'])} regions, {points} points, {output.stat().st_size} bytes."
        ))
