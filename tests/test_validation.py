"""One test per validation rule, each on a small chart broken in one way; and the default chart's data."""

from __future__ import annotations

import json

import pytest
import shapely

from reflexmap import charts, load_chart

# --- reading the file -----------------------------------------------------------------------------


def test_missing_file(tmp_path, single_problem):
    single_problem(tmp_path / "nowhere.geojson", None, "cannot read the file")


def test_missing_folder_manifest(tmp_path, refused):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (problem,) = refused(folder).problems
    assert problem.file == "chart.json"
    assert "cannot read the file" in problem.message


def test_unreadable_zone_file_is_named(tmp_path, write_json, refused):
    (tmp_path / "zones.geojson").mkdir()
    manifest = write_json("chart.json", {"title": "t", "zones": ["zones.geojson"]})
    (problem,) = refused(manifest).problems
    assert problem.file == "zones.geojson"
    assert "cannot read the file" in problem.message


def test_not_utf8(tmp_path, single_problem):
    path = tmp_path / "latin1.geojson"
    path.write_bytes('{"type": "FeatureCollection", "features": [], "x": "caf\xe9"}'.encode("latin-1"))
    single_problem(path, None, "not UTF-8")


@pytest.mark.parametrize("text", ["{", "{'type': 'FeatureCollection'}", "[1, 2,]", "FeatureCollection"])
def test_not_json(write_json, single_problem, text):
    single_problem(write_json("broken.geojson", text), None, "not valid JSON")


@pytest.mark.parametrize("text", ["", " \n"])
def test_an_empty_file_is_named_as_such(write_json, single_problem, text):
    single_problem(write_json("empty.geojson", text), None, "the file is empty")


@pytest.mark.parametrize(
    "doc",
    [
        [],
        "a string",
        42,
        None,
        {"type": "Feature", "properties": {}, "geometry": None},
        {"type": "featurecollection", "features": []},
        {"features": []},
    ],
)
def test_not_a_feature_collection(write_json, single_problem, doc):
    single_problem(write_json("odd.geojson", json.dumps(doc)), None, "not a chart")


@pytest.mark.parametrize("text", ["null", "[]", '"text"', "3"])
def test_zone_file_that_is_not_a_feature_collection(write_json, make_zone, refused, text):
    # a listed file holding `null` (or any non-collection) must be reported, never skipped silently
    write_json("good.geojson", {"type": "FeatureCollection", "features": [make_zone()]})
    write_json("odd.geojson", text)
    manifest = write_json("chart.json", {"title": "t", "zones": ["good.geojson", "odd.geojson"]})
    (problem,) = refused(manifest).problems
    assert problem.file == "odd.geojson"
    assert "not a chart" in problem.message or "FeatureCollection" in problem.message


def test_features_must_be_a_list(write_json, single_problem):
    single_problem(write_json("c.geojson", {"type": "FeatureCollection", "features": {}}), None, "list")


def test_feature_must_be_a_feature(write_chart, make_zone, refused):
    error = refused(write_chart([make_zone("fine"), {"type": "Point"}]))
    (problem,) = error.problems
    assert problem.feature == 1
    assert "not a GeoJSON Feature" in problem.message


def test_empty_chart_is_refused(write_chart, single_problem):
    single_problem(write_chart([]), None, "no zones")


# --- zone properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["name", "foot", "system", "body_areas", "technique", "caveats"])
def test_missing_property(write_chart, make_zone, single_problem, key):
    feature = make_zone("sole-zone")
    del feature["properties"][key]
    problem = single_problem(write_chart([feature]), "sole-zone", key)
    assert "missing" in problem.message or "must be" in problem.message
    assert problem.feature == 0


def test_missing_zone_id(write_chart, make_zone, single_problem):
    feature = make_zone()
    del feature["properties"]["zone_id"]
    single_problem(write_chart([feature]), None, "missing property 'zone_id'")


def test_missing_geometry(write_chart, make_zone, single_problem):
    feature = make_zone("no-shape")
    feature["geometry"] = None
    single_problem(write_chart([feature]), "no-shape", "missing geometry")


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("body_areas", "liver", "'body_areas' must be a list of text"),
        ("body_areas", [], "'body_areas' must name at least one item"),
        ("body_areas", ["liver", 3], "'body_areas' must be a list of text"),
        ("caveats", "be careful", "'caveats' must be a list of text"),
        ("keywords", "liver", "'keywords' must be a list of text"),
        ("overlaps", "brain", "'overlaps' must be a list of text"),
        ("name", 7, "'name' must be non-empty text"),
        ("name", "   ", "'name' must be non-empty text"),
        ("notes", ["a note"], "'notes' must be text"),
        ("technique", "press it", "'technique' must be an object"),
        ("zone_id", 12, "'zone_id' must be non-empty text"),
    ],
)
def test_wrong_typed_property(write_chart, make_zone, single_problem, key, value, words):
    feature = make_zone("typed-zone")
    feature["properties"][key] = value
    zone = None if key == "zone_id" else "typed-zone"
    single_problem(write_chart([feature]), zone, words)


@pytest.mark.parametrize("key", ["method", "how", "direction", "pressure", "duration"])
def test_technique_missing_a_key(write_chart, make_zone, single_problem, key):
    feature = make_zone("technique-zone")
    del feature["properties"]["technique"][key]
    single_problem(write_chart([feature]), "technique-zone", f"'technique.{key}' must be non-empty text")


def test_technique_key_not_text(write_chart, make_zone, single_problem):
    feature = make_zone("technique-zone")
    feature["properties"]["technique"]["pressure"] = 3
    single_problem(write_chart([feature]), "technique-zone", "'technique.pressure'")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("foot", "middle"),
        ("foot", "Left"),
        ("foot", ["left"]),
        ("view", "top"),
        ("system", "circulatory"),
        ("system", "Digestive"),
    ],
)
def test_unknown_choice(write_chart, make_zone, single_problem, key, value):
    feature = make_zone("choice-zone")
    feature["properties"][key] = value
    problem = single_problem(write_chart([feature]), "choice-zone", f"unknown {key}")
    assert "expected one of" in problem.message


def test_view_defaults_to_plantar(write_chart, make_zone):
    feature = make_zone("no-view")
    del feature["properties"]["view"]
    chart = load_chart(write_chart([feature]))
    assert chart.zones["view"].tolist() == ["plantar"]


def test_keywords_overlaps_and_notes_are_optional(write_chart, make_zone):
    feature = make_zone("bare")
    for key in ("keywords", "overlaps", "notes"):
        feature["properties"].pop(key, None)
    row = load_chart(write_chart([feature])).zones.iloc[0]
    assert (row["keywords"], row["overlaps"], row["notes"]) == ((), (), "")


def test_empty_caveats_list_is_allowed(write_chart, make_zone):
    chart = load_chart(write_chart([make_zone("calm", caveats=[])]))
    assert chart.zones.iloc[0]["caveats"] == ()


@pytest.mark.parametrize(
    "zone_id", ["Liver", "liver_1", "liver--lobe", "-liver", "liver-", "liver lobe", "leber\u00e9", "liver/1"]
)
def test_bad_zone_id_slug(write_chart, make_zone, single_problem, zone_id):
    single_problem(write_chart([make_zone(zone_id)]), zone_id, "slug")


@pytest.mark.parametrize("zone_id", ["liver", "l5", "sacrum-coccyx", "lumbar-spine-2"])
def test_good_zone_id_slug(write_chart, make_zone, zone_id):
    assert load_chart(write_chart([make_zone(zone_id)])).zones["zone_id"].tolist() == [zone_id]


def test_duplicate_zone_id_on_one_foot(write_chart, make_zone, single_problem):
    first = make_zone("twin", box=(30, 100, 50, 120))
    second = make_zone("twin", box=(55, 100, 75, 120))
    problem = single_problem(write_chart([first, second]), "twin", "duplicate zone_id", "left foot")
    assert problem.feature == 1  # the second one is the duplicate
    assert "feature 1 of the file" in problem.message  # and it says where the first one is, counting from 1


def test_duplicate_zone_id_across_files(tmp_path, write_json, make_zone, refused):
    write_json("a.geojson", {"type": "FeatureCollection", "features": [make_zone("twin")]})
    write_json(
        "b.geojson", {"type": "FeatureCollection", "features": [make_zone("twin", box=(55, 100, 75, 120))]}
    )
    manifest = write_json("chart.json", {"title": "two files", "zones": ["a.geojson", "b.geojson"]})
    (problem,) = refused(manifest).problems
    assert problem.file == "b.geojson"
    assert problem.zone == "twin"
    assert "duplicate zone_id" in problem.message and "a.geojson" in problem.message


def test_same_zone_id_on_both_feet_is_fine(write_chart, make_zone):
    chart = load_chart(write_chart([make_zone("pair", foot="left"), make_zone("pair", foot="right")]))
    assert sorted(chart.zones["foot"]) == ["left", "right"]
    assert chart.zone("pair").feet == ("left", "right")


# --- geometry -------------------------------------------------------------------------------------


def _with_ring(make_zone, ring, zone_id="shape-zone"):
    feature = make_zone(zone_id)
    feature["geometry"]["coordinates"] = [ring]
    return feature


def test_self_intersecting_polygon(write_chart, make_zone, single_problem):
    bowtie = [[30, 100], [50, 120], [50, 100], [30, 120], [30, 100]]
    single_problem(
        write_chart([_with_ring(make_zone, bowtie)]), "shape-zone", "invalid polygon", "Self-inter"
    )


@pytest.mark.parametrize(
    "ring",
    [
        [[30, 100], [50, 100], [50, 100], [30, 100]],  # two distinct points
        [[30, 100], [50, 100], [30, 100]],  # three positions
        [[30, 100], [30, 100], [30, 100], [30, 100]],  # one point
        [],
    ],
)
def test_ring_with_fewer_than_three_distinct_points(write_chart, make_zone, single_problem, ring):
    single_problem(write_chart([_with_ring(make_zone, ring)]), "shape-zone", "at least 3 distinct points")


def test_unclosed_ring(write_chart, make_zone, single_problem):
    ring = [[30, 100], [50, 100], [50, 120], [30, 120]]
    single_problem(write_chart([_with_ring(make_zone, ring)]), "shape-zone", "not closed")


@pytest.mark.parametrize(
    "position", [[30], ["30", 100], [True, 100], [None, 100], {"x": 30, "y": 100}, 30, [[30, 100]]]
)
def test_position_not_numbers(write_chart, make_zone, single_problem, position):
    ring = [position, [50, 100], [50, 120], [30, 120], [30, 100]]
    single_problem(write_chart([_with_ring(make_zone, ring)]), "shape-zone", "is not [x, y] numbers")


@pytest.mark.parametrize("kind", ["Point", "LineString", None, "polygon"])
def test_geometry_must_be_polygonal(write_chart, make_zone, single_problem, kind):
    feature = make_zone("shape-zone")
    feature["geometry"]["type"] = kind
    single_problem(write_chart([feature]), "shape-zone", "must be a Polygon or MultiPolygon")


def test_multipolygon_zone_loads(write_chart, make_zone):
    feature = make_zone("two-parts")
    feature["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[30, 100], [40, 100], [40, 110], [30, 110], [30, 100]]],
            [[[45, 100], [55, 100], [55, 110], [45, 110], [45, 100]]],
        ],
    }
    row = load_chart(write_chart([feature])).zones.iloc[0]
    assert row["geometry"].geom_type == "MultiPolygon"
    assert row["area_mm2"] == pytest.approx(200.0)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_literals_are_rejected(write_chart, make_zone, refused, literal):
    path = write_chart([make_zone("nan-zone")])
    text = path.read_text().replace("[30.0, 100.0]", f"[{literal}, 100.0]", 1)
    assert literal in text
    path.write_text(text)
    (problem,) = refused(path).problems
    assert problem.file == path.name
    assert "not valid JSON" in problem.message and literal in problem.message


@pytest.mark.parametrize("number", ["1e999", "-1e999"])
def test_overflowing_float_becomes_infinite_and_is_rejected(write_chart, make_zone, single_problem, number):
    path = write_chart([make_zone("inf-zone")])
    path.write_text(path.read_text().replace("[50.0, 120.0]", f"[{number}, 120.0]", 1))
    assert number in path.read_text()
    single_problem(path, "inf-zone", "NaN or infinite")


def test_huge_integer_coordinate_is_rejected(write_chart, make_zone, single_problem):
    # json parses a 400-digit integer exactly; it does not fit in a float
    path = write_chart([make_zone("huge-zone")])
    path.write_text(path.read_text().replace("[50.0, 120.0]", "[1" + "0" * 400 + ", 120.0]", 1))
    single_problem(path, "huge-zone", "too large")


def test_zone_outside_the_reference_outline(write_chart, make_zone, single_problem):
    # x -20..10 at the arch: most of it is off the medial edge of the sole
    problem = single_problem(
        write_chart([make_zone("stray", box=(-20, 100, 10, 120))]), "stray", "outside the left foot outline"
    )
    assert "mm²" in problem.message


def test_zone_outside_outline_tolerance(write_chart, make_zone, make_outline, single_problem):
    outline = make_outline("left", (0, 0, 100, 200))
    # 1 mm x 2 mm = 2 mm² outside: within the 3 mm² tolerance for coordinates rounded to 0.1 mm
    inside = load_chart(write_chart([make_zone("edge", box=(90, 100, 101, 102)), outline]))
    assert inside.zones["zone_id"].tolist() == ["edge"]
    # 2 mm x 2 mm = 4 mm² outside: refused
    problem = single_problem(
        write_chart([make_zone("edge", box=(90, 100, 102, 102)), outline]), "edge", "outside"
    )
    assert "4.0 mm²" in problem.message
    assert charts.OUTSIDE_TOLERANCE_MM2 == 3.0


def test_overlapping_zones_are_refused(write_chart, make_zone, single_problem):
    a = make_zone("zone-a", box=(30, 100, 50, 120))
    b = make_zone("zone-b", box=(40, 100, 60, 120))  # 10 x 20 = 200 mm² shared
    problem = single_problem(write_chart([a, b]), "zone-b", "overlaps zone 'zone-a'", "200.0 mm²")
    assert "'overlaps'" in problem.message  # it tells the author how to declare it


@pytest.mark.parametrize("declared_on", ["zone-a", "zone-b"])
def test_declared_overlap_is_allowed(write_chart, make_zone, declared_on):
    a = make_zone("zone-a", box=(30, 100, 50, 120))
    b = make_zone("zone-b", box=(40, 100, 60, 120))
    (a if declared_on == "zone-a" else b)["properties"]["overlaps"] = [
        "zone-b" if declared_on == "zone-a" else "zone-a"
    ]
    chart = load_chart(write_chart([a, b]))
    assert sorted(chart.zones["zone_id"]) == ["zone-a", "zone-b"]


def test_overlap_within_tolerance_is_allowed(write_chart, make_zone, single_problem):
    a = make_zone("zone-a", box=(30, 100, 50, 120))
    # 0.1 mm x 20 mm = 2 mm² shared: rounding slop, allowed
    load_chart(write_chart([a, make_zone("zone-b", box=(49.9, 100, 70, 120))]))
    # 0.25 mm x 20 mm = 5 mm² shared: refused
    single_problem(write_chart([a, make_zone("zone-b", box=(49.75, 100, 70, 120))]), "zone-b", "overlaps")


def test_adjacent_zones_sharing_an_edge_are_fine(write_chart, make_zone):
    chart = load_chart(write_chart([make_zone("zone-a"), make_zone("zone-b", box=(50, 100, 70, 120))]))
    assert len(chart.zones) == 2


def test_overlap_on_different_feet_is_not_an_overlap(write_chart, make_zone):
    chart = load_chart(write_chart([make_zone("zone-a", foot="left"), make_zone("zone-b", foot="right")]))
    assert len(chart.zones) == 2


def test_overlaps_naming_an_unknown_zone(write_chart, make_zone, single_problem):
    feature = make_zone("zone-a", overlaps=["ghost"])
    single_problem(write_chart([feature]), "zone-a", "'overlaps' names 'ghost'", "not a zone")


# --- limits ---------------------------------------------------------------------------------------


def test_file_over_the_size_limit(write_chart, make_zone, make_outline, single_problem, monkeypatch):
    # the chart brings its own outline, so the (larger) reference outline file is not read
    path = write_chart([make_zone(), make_outline("left", (0, 0, 100, 200))])
    size = path.stat().st_size
    monkeypatch.setattr(charts, "MAX_FILE_BYTES", size - 1)
    single_problem(path, None, f"the limit is {size - 1:,}", f"{size:,} bytes")
    monkeypatch.setattr(charts, "MAX_FILE_BYTES", size)
    assert len(load_chart(path).zones) == 1


def test_too_many_features(write_chart, make_zone, single_problem, monkeypatch):
    monkeypatch.setattr(charts, "MAX_FEATURES", 2)
    features = [make_zone(f"z{i}", box=(30 + 10 * i, 100, 40 + 10 * i, 110)) for i in range(3)]
    single_problem(write_chart(features), None, "3 features; the limit is 2")
    assert len(load_chart(write_chart(features[:2])).zones) == 2


def test_too_many_vertices_in_one_feature(write_chart, make_zone, single_problem, monkeypatch):
    monkeypatch.setattr(charts, "MAX_VERTICES_PER_FEATURE", 4)  # a square ring has 5 positions
    single_problem(write_chart(), "test-zone", "more than 4 vertices")


def test_too_many_vertices_in_all(write_chart, make_zone, single_problem, monkeypatch):
    monkeypatch.setattr(charts, "MAX_VERTICES_TOTAL", 9)  # two squares: 10 positions
    features = [make_zone("zone-a"), make_zone("zone-b", box=(55, 100, 75, 120))]
    single_problem(write_chart(features), None, "10 vertices in all; the limit is 9")


def test_text_over_the_length_limit(write_chart, make_zone, single_problem, monkeypatch):
    monkeypatch.setattr(charts, "MAX_TEXT_CHARS", 50)  # the other texts of the test zone are shorter
    single_problem(write_chart([make_zone("wordy", notes="x" * 51)]), "wordy", "'notes' is 51 characters")
    assert load_chart(write_chart([make_zone("wordy", notes="x" * 50)])).zone("wordy").notes == "x" * 50


# --- markup ---------------------------------------------------------------------------------------

PAYLOAD = "<img src=x onerror=alert(1)>"


def _set(feature: dict, where: str, value: str) -> None:
    props = feature["properties"]
    if where == "name":
        props["name"] = value
    elif where == "caveat":
        props["caveats"] = ["A normal caveat.", value]
    elif where == "technique.how":
        props["technique"]["how"] = value
    elif where == "body_areas":
        props["body_areas"] = [value]
    elif where == "notes":
        props["notes"] = value


@pytest.mark.parametrize("where", ["name", "caveat", "technique.how", "body_areas", "notes"])
def test_markup_in_zone_text(write_chart, make_zone, single_problem, where):
    feature = make_zone("marked")
    _set(feature, where, PAYLOAD)
    path = write_chart([feature])
    single_problem(path, "marked", "contains markup", "plain text")

    zone = load_chart(path, allow_markup=True).zone("marked")
    stored = {
        "name": zone.name,
        "caveat": zone.caveats[-1],
        "technique.how": zone.technique.how,
        "body_areas": zone.body_areas[0],
        "notes": zone.notes,
    }[where]
    assert stored == PAYLOAD  # verbatim: neither stripped nor escaped; escaping is the app's job


@pytest.mark.parametrize("key", ["title", "school", "description", "license", "version", "sources"])
def test_markup_in_chart_metadata(write_chart, single_problem, key):
    meta = {key: [PAYLOAD] if key == "sources" else PAYLOAD}
    path = write_chart(chart=meta)
    single_problem(path, None, f"chart '{key}'", "contains markup")
    info = load_chart(path, allow_markup=True).info
    assert (info.sources[0] if key == "sources" else getattr(info, key)) == PAYLOAD


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "</b>",
        "<!-- hidden -->",
        "&lt;b&gt;",
        "&#60;b",
        "&#x3c;b",
        "< svg onload=x>",
    ],
)
def test_other_markup_forms_are_refused(write_chart, make_zone, single_problem, text):
    single_problem(write_chart([make_zone("marked", name=text)]), "marked", "contains markup")


@pytest.mark.parametrize("text", ["Fish & chips", "R&D", "3 < 5 minutes", "pressure >moderate", "a<3"])
def test_plain_text_with_angle_brackets_and_ampersands_is_fine(write_chart, make_zone, text):
    assert load_chart(write_chart([make_zone("plain", notes=text)])).zone("plain").notes == text


# --- manifests ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["../zones.geojson", "sub/zones.geojson", "..", ".", "sub\\zones.geojson", "/etc/passwd", ".hidden", ""],
)
def test_manifest_file_names_must_be_plain(tmp_path, write_json, make_zone, refused, name):
    # a perfectly good zone file sits where the bad name would lead: it must not be read
    (tmp_path / "sub").mkdir()
    zone_file = {"type": "FeatureCollection", "features": [make_zone()]}
    (tmp_path / "sub" / "zones.geojson").write_text(json.dumps(zone_file))
    folder = tmp_path / "chart"
    folder.mkdir()
    (folder / "sub").mkdir()
    (folder / "sub" / "zones.geojson").write_text(json.dumps(zone_file))
    (tmp_path / "zones.geojson").write_text(json.dumps(zone_file))
    manifest = folder / "chart.json"
    manifest.write_text(json.dumps({"title": "t", "zones": [name]}))
    (problem,) = refused(manifest).problems
    assert problem.file == "chart.json"
    assert "must be a plain file name" in problem.message
    assert repr(name) in problem.message


@pytest.mark.parametrize("value", ["zones.geojson", [1], {"a": "b"}])
def test_manifest_zones_must_be_a_list_of_names(write_json, refused, value):
    manifest = write_json("chart.json", {"title": "t", "zones": value})
    messages = [p.message for p in refused(manifest).problems]
    assert "'zones' must be a list of file names" in messages


def test_manifest_outline_names_are_checked(write_json, make_zone, refused):
    write_json("zones.geojson", {"type": "FeatureCollection", "features": [make_zone()]})
    manifest = write_json(
        "chart.json", {"title": "t", "zones": ["zones.geojson"], "outlines": {"left": "../x"}}
    )
    problems = refused(manifest).problems
    assert any("must be a plain file name" in p.message for p in problems)
    assert all(p.file == "chart.json" for p in problems)


def test_manifest_with_its_own_outline_file(write_json, make_zone, make_outline):
    write_json("zones.geojson", {"type": "FeatureCollection", "features": [make_zone(box=(10, 10, 20, 20))]})
    write_json(
        "left.geojson", {"type": "FeatureCollection", "features": [make_outline("left", (0, 0, 64, 128))]}
    )
    manifest = write_json(
        "chart.json", {"title": "t", "zones": ["zones.geojson"], "outlines": {"left": "left.geojson"}}
    )
    assert load_chart(manifest).outline("left").bounds == (0, 0, 64, 128)


# --- several problems at once ---------------------------------------------------------------------


def test_every_problem_is_reported(write_chart, make_zone, refused):
    bad_foot = make_zone("zone-a", foot="middle")
    bad_areas = make_zone("zone-b", body_areas="liver", box=(55, 100, 75, 120))
    bowtie = make_zone("zone-c", box=(30, 130, 50, 150))
    bowtie["geometry"]["coordinates"] = [[[30, 130], [50, 150], [50, 130], [30, 150], [30, 130]]]
    two_at_once = make_zone("Zone-D", system="magic", box=(55, 130, 75, 150))
    fine = make_zone("zone-e", box=(30, 160, 50, 175))
    path = write_chart([bad_foot, bad_areas, bowtie, two_at_once, fine], chart={"title": PAYLOAD})
    error = refused(path)
    assert len(error.problems) == 6, str(error)
    by_zone = {}
    for p in error.problems:
        by_zone.setdefault(p.zone, []).append(p.message)
    assert set(by_zone) == {None, "zone-a", "zone-b", "zone-c", "Zone-D"}
    assert "markup" in by_zone[None][0]
    assert "unknown foot" in by_zone["zone-a"][0]
    assert "must be a list of text" in by_zone["zone-b"][0]
    assert "invalid polygon" in by_zone["zone-c"][0]
    assert len(by_zone["Zone-D"]) == 2
    assert str(error).startswith("the chart has 6 problems:")
    assert str(error).count("\n  - ") == 6


def test_problems_in_several_files_are_all_reported(write_json, make_zone, refused):
    write_json("a.geojson", {"type": "FeatureCollection", "features": [make_zone("zone-a", foot="middle")]})
    write_json("b.geojson", "{ not json")
    manifest = write_json("chart.json", {"title": "t", "zones": ["a.geojson", "b.geojson", "c.geojson"]})
    problems = refused(manifest).problems
    assert sorted(p.file for p in problems) == ["a.geojson", "b.geojson", "c.geojson"]
    assert len(problems) == 3


# --- the default chart ----------------------------------------------------------------------------


def test_default_chart_passes_every_check():
    chart = charts.load_chart(None)  # raises ChartError otherwise
    assert len(chart.zones) > 0


def _feet_of(default_map) -> dict[str, set[str]]:
    zones = default_map.zones
    return {zid: set(group["foot"]) for zid, group in zones.groupby("zone_id")}


@pytest.mark.parametrize("zone_id", ["heart", "spleen", "descending-colon", "sigmoid-colon"])
def test_left_foot_only_zones(default_map, zone_id):
    assert _feet_of(default_map)[zone_id] == {"left"}


@pytest.mark.parametrize("zone_id", ["liver", "gallbladder", "ileocecal-valve", "ascending-colon"])
def test_right_foot_only_zones(default_map, zone_id):
    assert _feet_of(default_map)[zone_id] == {"right"}


@pytest.mark.parametrize(
    "zone_id",
    [
        "brain",
        "pituitary",
        "sinuses",
        "eyes",
        "ears",
        "neck",
        "thyroid",
        "lungs",
        "shoulder",
        "solar-plexus",
        "stomach",
        "pancreas",
        "kidney",
        "adrenal",
        "ureter",
        "bladder",
        "small-intestine",
        "transverse-colon",
        "cervical-spine",
        "thoracic-spine",
        "lumbar-spine",
        "sacrum-coccyx",
        "sciatic-nerve",
    ],
)
def test_paired_zones_are_on_both_feet(default_map, zone_id):
    assert _feet_of(default_map)[zone_id] == {"left", "right"}


def _centre_uv(default_map, zone_id: str, foot: str) -> tuple[float, float]:
    geom = default_map.zone(zone_id, foot).geometry
    u, v = default_map.to_normalized(foot, geom.centroid.x, geom.centroid.y)
    return float(u), float(v)


def test_default_chart_anatomy_runs_heel_to_toe(default_map):
    # toes at the top, the heel at the bottom, the organs in the order of the body
    v = {z: _centre_uv(default_map, z, "left")[1] for z in ("brain", "lungs", "stomach", "kidney", "bladder")}
    v_pelvis = _centre_uv(default_map, "pelvic-area", "left")[1]
    assert v["brain"] > 0.8
    assert v_pelvis < 0.3
    assert v["brain"] > v["lungs"] > v["stomach"] > v["kidney"] > v["bladder"] > v_pelvis


def test_default_chart_spine_runs_along_the_medial_edge(default_map):
    for foot in ("left", "right"):
        for zone_id in ("cervical-spine", "thoracic-spine", "lumbar-spine", "sacrum-coccyx"):
            assert _centre_uv(default_map, zone_id, foot)[0] < 0.25, (zone_id, foot)


def test_default_chart_lateral_organs(default_map):
    # liver and ascending colon on the outer side of the right sole, spleen and descending colon on the left
    assert _centre_uv(default_map, "liver", "right")[0] > 0.5
    assert _centre_uv(default_map, "ascending-colon", "right")[0] > 0.6
    assert _centre_uv(default_map, "spleen", "left")[0] > 0.6
    assert _centre_uv(default_map, "descending-colon", "left")[0] > 0.6
    assert _centre_uv(default_map, "shoulder", "left")[0] > 0.8


def test_every_default_zone_lies_inside_its_outline(default_map):
    for row in default_map.zones.itertuples():
        outline = default_map.outline(row.foot, row.view)
        outside = row.geometry.difference(outline).area
        assert outside <= charts.OUTSIDE_TOLERANCE_MM2, (row.zone_id, row.foot, outside)


@pytest.mark.parametrize("foot", ["left", "right"])
def test_default_zones_cover_most_of_the_sole(default_map, foot):
    outline = default_map.outline(foot)
    zones = default_map.zones[(default_map.zones["foot"] == foot) & (default_map.zones["view"] == "plantar")]
    covered = shapely.union_all(zones["geometry"].to_numpy()).intersection(outline).area
    # measured 0.999 on both feet: the zones tile the whole sole
    assert covered / outline.area >= 0.85
    # and the sum of areas, less the declared overlaps (heart over lungs, sciatic over pelvis...),
    # is the union: zones overlap only where they say so
    geoms = dict(zip(zones["zone_id"], zones["geometry"], strict=True))
    declared = {
        tuple(sorted((z, o)))
        for z, others in zip(zones["zone_id"], zones["overlaps"], strict=True)
        for o in others
    }
    overlap = sum(geoms[a].intersection(geoms[b]).area for a, b in declared if a in geoms and b in geoms)
    union = shapely.union_all(zones["geometry"].to_numpy()).area
    assert zones["area_mm2"].sum() - overlap == pytest.approx(union, rel=0.01)


def test_default_chart_overlaps_are_real(default_map):
    # every declared overlap names a zone; pituitary sits on the brain, gallbladder on the liver
    zones = default_map.zones
    ids = set(zones["zone_id"])
    for overlaps in zones["overlaps"]:
        assert set(overlaps) <= ids
    pituitary = default_map.zone("pituitary", "left").geometry
    brain = default_map.zone("brain", "left").geometry
    assert brain.contains(pituitary)
    assert default_map.zone("liver").geometry.contains(default_map.zone("gallbladder").geometry)
