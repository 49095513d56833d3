"""The boundaries of the programme area's districts and counties, for the digitalisation map.

The site reads one small committed file, ``digitalisation/data/area_boundaries.json``: the 15
districts and counties already projected to the map's drawing units and simplified, plus the
stretch of border they share (the Danube, and the land border in Dobruja). Nothing is loaded
from elsewhere at run time. The file is built by ``manage.py build_area_boundaries`` from
Natural Earth's admin-1 GeoJSON (public domain), as ``digitalisation/data/README.md`` says.

Building keeps the shared edges shared: every ring is cut at the points where the set of
regions owning its vertices changes, and each stretch between two such points is simplified on
its own (Douglas–Peucker), so two neighbours simplify their common stretch to the same points
and the map shows no slivers or gaps between them.
"""

import json
import math
import unicodedata
from functools import cache
from itertools import pairwise
from pathlib import Path

from catalogue.regions import Country

from .area import AREA_REGIONS

DATA_FILE = Path(__file__).resolve().parent / "data" / "area_boundaries.json"
MAP_WIDTH = 760  # drawing units across the map; the height follows from the area's shape
MARGIN = 8
# Natural Earth's country codes (adm0_a3) for the two countries.
SOURCE_COUNTRIES = {"BGR": Country.BULGARIA, "ROU": Country.ROMANIA}


class BoundarySourceError(ValueError):
    """The source file is not Natural Earth admin-1 GeoJSON or lacks one of the 15 regions."""


@cache
def area_boundaries():
    """The committed boundaries: {"regions": {key: {"rings", "label"}}, "border", "width", ...}."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _fold(name):
    """ASCII, lower case: Natural Earth spells the names "Calarasi" in some versions and
    "Călărași" in others."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


def _source_rings(feature):
    geometry = feature.get("geometry") or {}
    if geometry.get("type") == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise BoundarySourceError(f"{feature['properties'].get('name')!r} has no polygon geometry.")
    # Outer rings only: none of the 15 regions has a hole, and islands in the Danube that belong
    # to a region are its own polygons.
    return [[(float(lon), float(lat)) for lon, lat, *_rest in polygon[0]] for polygon in polygons]


def find_area_features(collections):
    """The source features of the 15 regions, by region key, from one or more GeoJSON
    FeatureCollections (the whole admin-1 file, or per-country extracts of it)."""
    wanted = {(region.country, _fold(region.key)): region.key for region in AREA_REGIONS}
    found = {}
    for collection in collections:
        if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
            raise BoundarySourceError("The source is not a GeoJSON FeatureCollection.")
        for feature in collection["features"]:
            properties = feature.get("properties") or {}
            country = SOURCE_COUNTRIES.get(properties.get("adm0_a3"))
            key = wanted.get((country, _fold(properties.get("name") or "")))
            if key:
                found[key] = _source_rings(feature)
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise BoundarySourceError(f"The source lacks these regions: {', '.join(missing)}.")
    return found


def _perpendicular_distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.hypot(x - x1, y - y1)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(x2 - x1, y2 - y1)


def douglas_peucker(points, tolerance):
    """The points of a polyline that keep it within ``tolerance`` of the original; the first
    and last are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            here = _perpendicular_distance(points[index], points[first], points[last])
            if here > distance:
                farthest, distance = index, here
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_shared(rings_by_key, tolerance):
    """Simplify every ring so that stretches shared by neighbours come out identical."""
    owners = {}
    for key, rings in rings_by_key.items():
        for ring in rings:
            for point in ring:
                owners.setdefault(point, set()).add(key)
    simplified = {}
    for key, rings in rings_by_key.items():
        simplified[key] = []
        for ring in rings:
            ring = ring[:-1] if ring[0] == ring[-1] else ring
            count = len(ring)
            anchors = [
                index for index in range(count)
                if owners[ring[index]] != owners[ring[index - 1]] or owners[ring[index]] != owners[ring[(index + 1) % count]]
            ]
            if not anchors:  # a ring nobody shares (a coast-only island): keep its two extremes fixed
                anchors = [0, count // 2]
            kept = []
            for position, start in enumerate(anchors):
                end = anchors[(position + 1) % len(anchors)]
                stretch = [ring[index % count] for index in range(start, end + (count if end <= start else 0) + 1)]
                # Simplify in a canonical direction, so that the neighbour, walking the same
                # stretch the other way round, keeps the same points.
                forward = stretch[0] <= stretch[-1]
                reduced = douglas_peucker(stretch if forward else stretch[::-1], tolerance)
                kept += (reduced if forward else reduced[::-1])[:-1]
            if len(kept) >= 3:
                simplified[key].append(kept + [kept[0]])
    return simplified


def _projection(rings_by_key):
    """Equirectangular, with longitudes shortened by cos(latitude) at the area's middle: at
    this size and latitude (43°–45° N) the distortion is below what the eye can see."""
    points = [point for rings in rings_by_key.values() for ring in rings for point in ring]
    west, east = min(lon for lon, _lat in points), max(lon for lon, _lat in points)
    south, north = min(lat for _lon, lat in points), max(lat for _lon, lat in points)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = (MAP_WIDTH - 2 * MARGIN) / ((east - west) * shrink)
    height = round((north - south) * scale + 2 * MARGIN)

    def project(point):
        lon, lat = point
        return (round(MARGIN + (lon - west) * shrink * scale, 1), round(MARGIN + (north - lat) * scale, 1))

    return project, height


def _label_point(rings):
    """Where the name goes: the centroid of the region's largest polygon."""
    ring = max(rings, key=lambda ring: abs(_signed_area(ring)))
    area = _signed_area(ring)
    x = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairwise(ring)) / (6 * area)
    y = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairwise(ring)) / (6 * area)
    return [round(x, 1), round(y, 1)]


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _shared_border(regions):
    """The polylines along which a Bulgarian region touches a Romanian one."""
    country_of = {region.key: region.country for region in AREA_REGIONS}
    romanian_points = {
        tuple(point) for key, region in regions.items() if country_of[key] == Country.ROMANIA
        for ring in region["rings"] for point in ring
    }
    lines = []
    for key, region in regions.items():
        if country_of[key] != Country.BULGARIA:
            continue
        for ring in region["rings"]:
            line = []
            for start, end in pairwise(ring):
                if tuple(start) in romanian_points and tuple(end) in romanian_points:
                    line = line or [start]
                    line.append(end)
                elif line:
                    lines.append(line)
                    line = []
            if line:
                lines.append(line)
    return lines


def build_area_boundaries(collections, tolerance, source_note):
    """The data the map draws, from Natural Earth admin-1 GeoJSON; ``tolerance`` in degrees."""
    rings_by_key = find_area_features(collections)
    simplified = _simplify_shared(rings_by_key, tolerance)
    project, height = _projection(simplified)
    regions = {}
    for region in AREA_REGIONS:
        rings = []
        for ring in simplified[region.key]:
            projected = [list(project(point)) for point in ring]
            # Rounding can fold tiny rings (islets) to nothing: leave those out.
            if len({tuple(point) for point in projected}) >= 3 and abs(_signed_area(projected)) >= 1:
                rings.append(projected)
        regions[region.key] = {"rings": rings, "label": _label_point(rings)}
    return {
        "source": source_note,
        "width": MAP_WIDTH,
        "height": height,
        "regions": regions,
        "border": _shared_border(regions),
    }


def path_data(rings):
    """SVG path data (``d``) for a region's rings."""
    return " ".join("M" + " L".join(f"{x:g},{y:g}" for x, y in ring[:-1]) + " Z" for ring in rings)
