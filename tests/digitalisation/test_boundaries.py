"""The digitalisation map's boundaries: the committed data file, the command that rebuilds it
from Natural Earth admin-1 GeoJSON, and the map drawn from it on the overview page."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from digitalisation.area import AREA_REGIONS
from digitalisation.boundaries import DATA_FILE, area_boundaries, douglas_peucker


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def test_the_committed_file_holds_the_fifteen_regions_as_closed_polygons():
    data = area_boundaries()
    assert set(data["regions"]) == {region.key for region in AREA_REGIONS}
    assert "Natural Earth" in data["source"] and DATA_FILE.stat().st_size < 60_000
    for key, region in data["regions"].items():
        assert region["rings"], key
        for ring in region["rings"]:
            assert len(ring) >= 4 and ring[0] == ring[-1], key
            assert abs(_signed_area(ring)) > 1, key
            assert all(0 <= x <= data["width"] and 0 <= y <= data["height"] for x, y in ring), key
        x, y = region["label"]
        assert 0 < x < data["width"] and 0 < y < data["height"]
    # The Danube: Bulgarian and Romanian regions meet along a long shared line.
    border_points = sum(len(line) for line in data["border"])
    assert border_points > 50
    # Ruse and Giurgiu share their stretch of the Danube exactly (no gap, no sliver).
    ruse = {tuple(point) for ring in data["regions"]["Ruse"]["rings"] for point in ring}
    giurgiu = {tuple(point) for ring in data["regions"]["Giurgiu"]["rings"] for point in ring}
    assert len(ruse & giurgiu) >= 5


def test_douglas_peucker_drops_only_what_lies_within_the_tolerance():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 1), (4, 0)]
    assert douglas_peucker(line, 0.1) == [(0, 0), (2, 0), (3, 1), (4, 0)]
    assert douglas_peucker(line, 0) == line


def _wiggly_edge(west, east, lat):
    """An edge with intermediate points, as a real boundary has."""
    return [(west + step / 10, lat + (0.001 if step % 2 else 0)) for step in range(int((east - west) * 10) + 1)]


def _square(west, south, name, country):
    east, north = west + 1, south + 1
    ring = _wiggly_edge(west, east, south) + _wiggly_edge(west, east, north)[::-1] + [(west, south)]
    return {"type": "Feature", "properties": {"name": name, "adm0_a3": country},
            "geometry": {"type": "Polygon", "coordinates": [[list(point) for point in ring]]}}


def _source(tmp_path, leave_out=()):
    """Fifteen squares: the Romanian counties in a row north of the Bulgarian districts (as
    Natural Earth spells them, accents and all), Veliko Tarnovo under Pleven."""
    romanian = ["Mehedinți", "Dolj", "Olt", "Teleorman", "Giurgiu", "Călărași", "Constanța"]
    bulgarian = ["Vidin", "Montana", "Vratsa", "Pleven", "Ruse", "Silistra", "Dobrich"]
    features = [_square(22 + index, 44, name, "ROU") for index, name in enumerate(romanian)]
    features += [_square(22 + index, 43, name, "BGR") for index, name in enumerate(bulgarian)]
    features += [_square(25, 42, "Veliko Tarnovo", "BGR"), _square(26, 44, "Ruse", "ROU")]  # a namesake is ignored
    features = [feature for feature in features if feature["properties"]["name"] not in leave_out]
    path = tmp_path / "admin1.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def test_the_command_rebuilds_the_file_from_natural_earth_geojson(tmp_path):
    output = tmp_path / "boundaries.json"
    call_command("build_area_boundaries", str(_source(tmp_path)), "--source-note", "test squares",
                 "--output", str(output), stdout=io.StringIO())
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["source"] == "test squares" and len(data["regions"]) == 15
    # The wiggles (0.001°) are below the tolerance: each square keeps its corners, and the
    # corners its neighbours share.
    assert all(4 <= len(region["rings"][0]) <= 10 for region in data["regions"].values())
    dolj = {tuple(point) for point in data["regions"]["Dolj"]["rings"][0]}
    montana = {tuple(point) for point in data["regions"]["Montana"]["rings"][0]}
    assert len(dolj & montana) >= 2
    # The border runs the whole width of the seven pairs, west to east.
    xs = [x for line in data["border"] for x, _y in line]
    assert min(xs) < 10 and max(xs) > data["width"] - 10


def test_a_source_without_every_region_is_refused_and_nothing_is_written(tmp_path):
    output = tmp_path / "boundaries.json"
    with pytest.raises(CommandError, match="Giurgiu"):
        call_command("build_area_boundaries", str(_source(tmp_path, leave_out={"Giurgiu"})), "--source-note", "x",
                     "--output", str(output), stdout=io.StringIO())
    not_json = tmp_path / "not.geojson"
    not_json.write_text("<html>", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("build_area_boundaries", str(not_json), "--source-note", "x", "--output", str(output))
    assert not output.exists()
