"""Loading charts: the default chart, the three ways to name a chart, outlines and metadata."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Polygon, shape

import reflexmap
from reflexmap import Chart, ChartError, load_chart
from reflexmap.charts import default_chart_path, reference_outline_path
from reflexmap.charts import load_chart as read_chart
from reflexmap.problems import Problem

COLUMNS = [
    "zone_id",
    "foot",
    "view",
    "name",
    "system",
    "body_areas",
    "technique",
    "caveats",
    "notes",
    "keywords",
    "overlaps",
    "geometry",
    "area_mm2",
]


def _reference_outline(foot: str) -> Polygon:
    doc = json.loads(reference_outline_path(foot).read_text(encoding="utf-8"))
    (feature,) = doc["features"]
    return shape(feature["geometry"])


def _zone_keys(chart: Chart) -> set[tuple[str, str, str]]:
    return set(zip(chart.zones["zone_id"], chart.zones["foot"], chart.zones["view"], strict=True))


def test_a_checkout_reads_its_own_reference_outlines():
    # The tests run from a checkout. Its outlines must be the ones beside the code in use, not the
    # ones an editable install of some other worktree maps to reflexmap.foot_outlines.
    root = Path(reflexmap.__file__).resolve().parents[1]
    for view in ("plantar", "medial"):
        path = reference_outline_path("right", view)
        assert path == root / "assets" / "foot_outlines" / f"right_{view}.geojson"
        assert path.is_file()


def test_default_chart_loads(default_map):
    assert isinstance(default_map, Chart)
    assert default_map.feet == ("left", "right")


def test_zones_frame_has_documented_columns(default_map):
    assert list(default_map.zones.columns) == COLUMNS


def test_zones_frame_has_one_row_per_polygon(default_map):
    zones = default_map.zones
    # one row per zone and foot: (zone_id, foot, view) is a key
    assert not zones.duplicated(["zone_id", "foot", "view"]).any()
    for geom in zones["geometry"]:
        assert geom.geom_type in ("Polygon", "MultiPolygon")
        assert geom.is_valid and not geom.is_empty
    assert (zones["area_mm2"] > 0).all()
    assert zones["area_mm2"].tolist() == pytest.approx([g.area for g in zones["geometry"]])


def test_default_chart_zone_counts(default_map):
    zones = default_map.zones
    soles = zones[zones["view"] == "plantar"]
    per_foot = soles.groupby("foot").size()
    assert per_foot["left"] >= 30
    assert per_foot["right"] >= 30
    assert 35 <= soles["zone_id"].nunique() <= 45
    assert default_map.views == ("plantar", "dorsal", "medial", "lateral")
    # the top and both sides: at least 8 zones on each foot
    others = zones[zones["view"] != "plantar"].groupby(["view", "foot"]).size()
    assert len(others) == 6 and (others >= 8).all(), others


def test_default_chart_rows_are_typed(default_map):
    row = default_map.zones.iloc[0]
    assert isinstance(row["body_areas"], tuple) and row["body_areas"]
    assert isinstance(row["caveats"], tuple)
    assert isinstance(row["keywords"], tuple)
    assert isinstance(row["overlaps"], tuple)
    assert set(row["technique"]) == {"method", "how", "direction", "pressure", "duration"}


@pytest.mark.parametrize("foot", ["left", "right"])
def test_outline_for_both_feet(default_map, foot):
    outline = default_map.outline(foot)
    assert isinstance(outline, Polygon)
    assert outline.is_valid
    minx, miny, maxx, maxy = outline.bounds
    # a roughly 260 mm adult sole, about 100 mm at its widest, in the chart frame
    assert 240 <= maxy - miny <= 280
    assert 80 <= maxx - minx <= 120
    assert outline.area > 10_000


def test_outline_of_unknown_foot_or_view_is_a_key_error(default_map, write_chart, make_zone):
    soles_only = load_chart(write_chart([make_zone()]))
    with pytest.raises(KeyError, match="dorsal"):
        soles_only.outline("left", "dorsal")
    with pytest.raises(KeyError):
        default_map.outline("middle")


def test_default_chart_metadata(default_map):
    info = default_map.info
    assert info.title.strip()
    assert "reflexology" in info.school.lower()
    assert info.version.strip()
    assert info.license.strip()
    assert len(info.sources) >= 1
    assert all(s.strip() for s in info.sources)
    assert info.source == str(default_chart_path())


def test_default_chart_has_overlays(default_map):
    overlays = default_map.overlays
    assert set(overlays["kind"]) == {"guide_line", "longitudinal_zone"}
    assert {"diaphragm line", "waist line"} <= set(overlays["name"])
    # Fitzgerald's five longitudinal zones on each foot
    for foot in ("left", "right"):
        numbers = overlays[(overlays["foot"] == foot) & (overlays["kind"] == "longitudinal_zone")]["number"]
        assert sorted(numbers.tolist()) == [1, 2, 3, 4, 5]


def test_folder_manifest_and_single_file_load_the_same_chart(tmp_path, default_map):
    folder = tmp_path / "copy"
    shutil.copytree(default_chart_path().parent, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))

    from_folder = load_chart(folder)
    from_manifest = load_chart(folder / "chart.json")

    # the same zones as one FeatureCollection with the metadata in its "chart" member
    manifest = json.loads((folder / "chart.json").read_text(encoding="utf-8"))
    features = []
    for name in manifest["zones"] + manifest["overlays"]:
        features.extend(json.loads((folder / name).read_text(encoding="utf-8"))["features"])
    meta = {k: manifest[k] for k in ("title", "school", "version", "license", "sources")}
    single = tmp_path / "whole.geojson"
    single.write_text(json.dumps({"type": "FeatureCollection", "chart": meta, "features": features}))
    from_file = load_chart(single)

    expected = _zone_keys(default_map)
    for chart in (from_folder, from_manifest, from_file):
        assert _zone_keys(chart) == expected
        assert chart.info.title == default_map.info.title
        assert chart.info.sources == default_map.info.sources
        assert len(chart.overlays) == len(default_map.overlays)
    assert from_folder.info.source == str(folder / "chart.json")
    assert from_file.info.source == str(single)


def test_manifest_lists_only_the_files_it_names(tmp_path, default_map):
    folder = tmp_path / "no-overlays"
    shutil.copytree(default_chart_path().parent, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    manifest = json.loads((folder / "chart.json").read_text(encoding="utf-8"))
    manifest["overlays"] = []
    (folder / "chart.json").write_text(json.dumps(manifest))
    (folder / "guides.geojson").write_text("not even JSON")  # not named, so never read
    chart = load_chart(folder)
    assert _zone_keys(chart) == _zone_keys(default_map)
    assert chart.overlays.empty


def test_single_file_without_outline_uses_reference_outline(write_chart, make_zone):
    chart = load_chart(write_chart([make_zone("only-left")]))
    assert chart.outline("left").equals(_reference_outline("left"))
    # an outline is only attached to a foot the chart uses
    with pytest.raises(KeyError):
        chart.outline("right")


def test_single_file_with_its_own_outline_uses_it(write_chart, make_zone, make_outline):
    own = (0.0, 0.0, 64.0, 128.0)
    path = write_chart([make_zone(box=(10, 10, 20, 20)), make_outline("left", own)])
    chart = load_chart(path)
    assert chart.outline("left").bounds == own
    assert not chart.outline("left").equals(_reference_outline("left"))


def test_single_file_title_defaults_to_file_name(write_chart):
    chart = load_chart(write_chart(name="my_chart.geojson"))
    assert chart.info.title == "my_chart"
    assert chart.info.sources == ()


def test_single_file_metadata_is_read(write_chart):
    meta = {"title": "Mine", "school": "Test school", "version": "2", "license": "MIT", "sources": ["a", "b"]}
    info = load_chart(write_chart(chart=meta)).info
    assert (info.title, info.school, info.version, info.license, info.sources) == (
        "Mine",
        "Test school",
        "2",
        "MIT",
        ("a", "b"),
    )


def test_small_chart_row_contents(write_chart, make_zone):
    feature = make_zone("big-toe", keywords=["tiptoe"], overlaps=[])
    chart = load_chart(write_chart([feature]))
    assert len(chart.zones) == 1
    row = chart.zones.iloc[0]
    props = feature["properties"]
    assert row["zone_id"] == "big-toe"
    assert row["name"] == props["name"]
    assert row["body_areas"] == tuple(props["body_areas"])
    assert row["technique"] == props["technique"]
    assert row["caveats"] == tuple(props["caveats"])
    assert row["keywords"] == ("tiptoe",)
    assert row["area_mm2"] == pytest.approx(400.0)


def test_zone_lookup(default_map):
    liver = default_map.zone("liver")
    assert liver.foot == "right" and liver.feet == ("right",) and not liver.paired
    kidney = default_map.zone("kidney", foot="right")
    assert kidney.feet == ("left", "right") and kidney.paired and kidney.foot == "right"
    assert kidney.technique.method
    with pytest.raises(KeyError, match="left"):
        default_map.zone("liver", foot="left")
    with pytest.raises(KeyError):
        default_map.zone("no-such-zone")


def test_zone_map_error_is_a_value_error():
    assert issubclass(ChartError, ValueError)
    error = ChartError([Problem("a.geojson", "first"), Problem("b.geojson", "second", "liver", 3)])
    assert len(error.problems) == 2
    assert "2 problems" in str(error)
    assert "b.geojson: zone 'liver' (feature 4 of the file): second" in str(error)
    with pytest.raises(ValueError):
        raise error


def test_the_loader_and_load_chart_agree(default_map):
    loaded = read_chart(None)
    assert len(loaded.zones) == len(default_map.zones)
    views = ("plantar", "dorsal", "medial", "lateral")
    assert set(loaded.outlines) == {(foot, view) for foot in ("left", "right") for view in views}


def test_the_example_second_convention_chart_validates():
    from pathlib import Path

    from reflexmap import load_chart

    example = Path(__file__).resolve().parents[1] / "examples" / "regional_chart.geojson"
    chart = load_chart(example)
    assert chart.info.school.startswith("Simplified regional")
    assert set(chart.feet) == {"left", "right"}
    assert chart.find("lungs")["zone_id"].unique().tolist() == ["chest"]


def test_an_upload_goes_through_the_same_loader_and_refuses_manifests(tmp_path):
    import pytest

    from reflexmap import ChartError
    from reflexmap.charts import MAX_FILE_BYTES
    from reflexmap.model import load_uploaded_map

    with pytest.raises(ChartError, match=r"a chart\.json manifest cannot be uploaded"):
        load_uploaded_map("chart.json", b'{"zones": ["left.geojson"]}')
    with pytest.raises(ChartError, match="the limit is"):
        load_uploaded_map("big.geojson", b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(ChartError, match=r"^the chart has 1 problem:\n  - passwd: not valid JSON"):
        load_uploaded_map("../../etc/passwd", b"root:x:0:0")
