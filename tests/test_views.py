"""The top and side views of the default chart: outlines, zone placement, the API per view, and the
app and its exports keeping to the soles."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import LineString, Point

from reflexmap import ChartError, load_chart
from reflexmap.cli import main
from reflexmap.dashboard.state import AppState
from reflexmap.geometry import display_transform
from reflexmap.quiz import pool
from reflexmap.web.map_data import map_columns

SIDES = ("dorsal", "medial", "lateral")
FEET = ("left", "right")


def _zones(chart, foot: str, view: str) -> dict:
    rows = chart.zones[(chart.zones["foot"] == foot) & (chart.zones["view"] == view)]
    return dict(zip(rows["zone_id"], rows["geometry"], strict=True))


def _ankle_bone(chart, foot: str, view: str) -> Point:
    overlays = chart.overlays
    row = overlays[(overlays["foot"] == foot) & (overlays["view"] == view)].iloc[0]
    assert row["name"] == {"medial": "inner ankle bone", "lateral": "outer ankle bone"}[view]
    return row["geometry"].centroid


def _heel_corner(chart, foot: str, view: str) -> Point:
    """The back-bottom corner of the heel: the outline's point nearest (0, 0)."""
    ring = chart.outline(foot, view).exterior
    return min((Point(c) for c in ring.coords), key=lambda p: p.distance(Point(0, 0)))


# --- outlines ------------------------------------------------------------------------------------


@pytest.mark.parametrize("foot", FEET)
def test_the_top_has_the_soles_silhouette(default_map, foot):
    # in the sole's frame a point on top of the foot has the coordinates of the sole below it
    assert default_map.outline(foot, "dorsal").equals(default_map.outline(foot, "plantar"))


@pytest.mark.parametrize("view", ["medial", "lateral"])
@pytest.mark.parametrize("foot", FEET)
def test_side_outlines_are_a_260_mm_foot_in_profile(default_map, foot, view):
    outline = default_map.outline(foot, view)
    minx, miny, maxx, maxy = outline.bounds
    assert outline.is_valid
    assert 60 <= len(outline.exterior.coords) <= 150
    assert minx == pytest.approx(0, abs=1) and miny == pytest.approx(0, abs=1)  # heel back, floor
    assert 240 <= maxx <= 262  # heel to toe tip: the sole is 260 mm
    assert 110 <= maxy <= 140  # the lower leg, cut above the ankle bones
    # low at the toes, high at the ankle
    assert _height_at(outline, 240) < 30 < 60 < _height_at(outline, 90)


def _height_at(outline, x: float) -> float:
    cut = outline.intersection(LineString([(x, -1), (x, 500)]))
    return cut.bounds[3] - cut.bounds[1]


def test_the_inner_side_shows_the_arch_and_the_outer_side_rests_on_the_floor(default_map):
    def floor(view, x):
        cut = default_map.outline("left", view).intersection(LineString([(x, -1), (x, 500)]))
        return cut.bounds[1]

    assert floor("medial", 110) > 10  # the arch, lifted off the floor
    assert floor("lateral", 110) < 3


# --- zones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", SIDES)
@pytest.mark.parametrize("foot", FEET)
def test_each_view_has_eight_zones_inside_its_own_outline(default_map, foot, view):
    zones = _zones(default_map, foot, view)
    assert len(zones) >= 8
    outline = default_map.outline(foot, view)
    for zone_id, geom in zones.items():
        assert geom.difference(outline).area <= 3.0, zone_id
        assert geom.area >= 100, zone_id  # big enough to tap
    rows = default_map.zones[(default_map.zones["view"] == view) & (default_map.zones["foot"] == foot)]
    for row in rows.itertuples():
        for other, geom in zones.items():
            if other != row.zone_id and other not in row.overlaps:
                assert row.geometry.intersection(geom).area <= 3.0, (row.zone_id, other)


@pytest.mark.parametrize("view", SIDES)
def test_new_zones_carry_the_same_properties_as_the_soles(default_map, view):
    rows = default_map.zones[default_map.zones["view"] == view]
    for row in rows.itertuples():
        assert row.body_areas and row.keywords and row.notes, row.zone_id
        assert set(row.technique) == {"method", "how", "direction", "pressure", "duration"}
        text = " ".join([row.name, row.notes, *row.body_areas, *row.caveats, *row.technique.values()])
        assert not any(word in text.lower() for word in ("cure", "treats", "heals")), row.zone_id


def _centroid(chart, zone_id, foot, view) -> Point:
    return chart.zone(zone_id, foot, view).geometry.centroid


@pytest.mark.parametrize("foot", FEET)
def test_the_spine_runs_along_the_inner_arch_from_neck_at_the_toes_to_coccyx_at_the_heel(default_map, foot):
    order = ["coccyx", "sacrum", "lumbar-spine", "thoracic-spine", "cervical-spine"]
    xs = [_centroid(default_map, z, foot, "medial").x for z in order]
    assert xs == sorted(xs)
    # the big-toe joint is about three quarters of the way to the toe tip
    assert default_map.zone("cervical-spine", foot, "medial").geometry.bounds[0] >= 185
    outline = default_map.outline(foot, "medial")
    for zone_id in order:  # along the sole's edge, never up on the instep
        geom = default_map.zone(zone_id, foot, "medial").geometry
        x = geom.centroid.x
        floor = outline.intersection(LineString([(x, -1), (x, 500)])).bounds[1]
        assert geom.bounds[1] - floor <= 3, zone_id


@pytest.mark.parametrize(("view", "zone_id"), [("medial", "uterus-prostate"), ("lateral", "ovary-testis")])
@pytest.mark.parametrize("foot", FEET)
def test_reproductive_points_lie_midway_between_ankle_bone_and_heel_corner(default_map, foot, view, zone_id):
    bone, corner = _ankle_bone(default_map, foot, view), _heel_corner(default_map, foot, view)
    midway = Point((bone.x + corner.x) / 2, (bone.y + corner.y) / 2)
    assert _centroid(default_map, zone_id, foot, view).distance(midway) <= 6


BEHIND_THE_ANKLE = [("medial", ["rectum", "sciatic-nerve"]), ("lateral", ["lower-back", "sciatic-nerve"])]


@pytest.mark.parametrize(("view", "zone_ids"), BEHIND_THE_ANKLE)
@pytest.mark.parametrize("foot", FEET)
def test_behind_the_ankle_bone(default_map, foot, view, zone_ids):
    bone = _ankle_bone(default_map, foot, view)
    for zone_id in zone_ids:
        geom = default_map.zone(zone_id, foot, view).geometry
        assert geom.bounds[2] < bone.x - 5, zone_id  # behind the bone, toward the heel
        assert geom.bounds[3] > bone.y  # running up the back of the ankle


@pytest.mark.parametrize("foot", FEET)
def test_bladder_on_the_inner_edge_where_arch_meets_heel(default_map, foot):
    bladder = _centroid(default_map, "bladder", foot, "medial")
    sacrum = default_map.zone("sacrum", foot, "medial").geometry
    assert sacrum.bounds[0] < bladder.x < sacrum.bounds[2]  # over the front of the heel
    assert bladder.y < _ankle_bone(default_map, foot, "medial").y  # below the ankle bone


@pytest.mark.parametrize("foot", FEET)
def test_the_outer_edge_runs_hip_knee_arm_shoulder_from_heel_to_little_toe(default_map, foot):
    order = ["hip", "knee-leg", "arm-elbow", "shoulder"]
    xs = [_centroid(default_map, z, foot, "lateral").x for z in order]
    assert xs == sorted(xs)
    # the knee is at the bump of the fifth metatarsal's base, level with the sole's waist line
    waist = default_map.overlays.query("name == 'waist line' and foot == @foot")["geometry"].iloc[0]
    knee = default_map.zone("knee-leg", foot, "lateral").geometry
    assert knee.bounds[0] <= waist.centroid.y <= knee.bounds[2]


@pytest.mark.parametrize("foot", FEET)
def test_top_of_the_foot_from_toes_to_ankle(default_map, foot):
    zones = _zones(default_map, foot, "dorsal")
    toe_base = 199.0  # the sole's shoulder line, where the toes begin
    for zone_id in ("face", "jaw", "teeth"):
        assert zones[zone_id].centroid.y > toe_base, zone_id
    chest = zones["chest-lungs"]
    assert zones["diaphragm"].bounds[3] <= chest.bounds[1] + 1 and chest.bounds[3] <= toe_base + 6
    # the lymphatics sit in the four webs between the toes' bases
    webs = list(zones["upper-lymphatics"].geoms)
    assert len(webs) == 4 and all(abs(w.centroid.y - toe_base) < 12 for w in webs)
    # the groin band crosses the front of the ankle from one side to the other, below the diaphragm
    outline = default_map.outline(foot, "dorsal")
    for zone_id in ("groin-lymph", "fallopian-tube"):
        band = zones[zone_id]
        y = band.centroid.y
        width = outline.intersection(LineString([(-10, y), (200, y)])).length
        assert band.bounds[2] - band.bounds[0] >= 0.9 * width, zone_id
        assert 60 <= y <= 110 and y < zones["diaphragm"].bounds[1], zone_id


# --- the API per view ----------------------------------------------------------------------------


def test_zone_locate_and_find_per_view(default_map):
    assert default_map.views == ("plantar", "dorsal", "medial", "lateral")
    face = default_map.zone("face", "left", view="dorsal")
    assert face.view == "dorsal" and face.feet == ("left", "right")
    with pytest.raises(KeyError, match="dorsal view"):
        default_map.zone("face")  # the soles by default; the message says where it is
    point = default_map.inner_point("cervical-spine", "right", "medial")
    u, v = default_map.to_normalized("right", point.x, point.y, "medial")
    assert default_map.locate("right", u, v, view="medial")[0] == "cervical-spine"
    assert set(default_map.find("teeth")["view"]) <= {"plantar"}
    assert set(default_map.find("teeth", view="dorsal")["zone_id"]) == {"teeth"}
    assert {"plantar", "medial"} <= set(default_map.find("sciatica", view=None)["view"])


def test_for_view_keeps_one_view_and_refuses_a_missing_one(default_map, write_chart, make_zone):
    soles = default_map.for_view("plantar")
    assert soles is default_map.for_view("plantar")  # made once
    assert soles.views == ("plantar",) and set(soles.overlays["view"]) == {"plantar"}
    assert len(soles.zones) == (default_map.zones["view"] == "plantar").sum()
    only = load_chart(write_chart([make_zone()]))
    assert only.for_view("plantar") is only
    with pytest.raises(ChartError, match="no zones on the dorsal view"):
        only.for_view("dorsal")


# --- the app keeps to the soles ------------------------------------------------------------------


def test_the_app_state_quiz_and_map_hold_only_the_soles(default_map):
    state = AppState(default_map)
    assert state.chart.views == ("plantar",)
    soles = default_map.for_view("plantar")
    assert len(map_columns(state.chart)["zones"]["zone_id"]) == len(soles.zones)
    # the quiz asks only what the map can show, on the full chart as on the sole chart
    assert pool(default_map) == pool(soles)
    assert not any(key.startswith("face|") for key in pool(default_map))


def test_the_offline_page_holds_every_view(default_map):
    """It held the soles alone; see tests/test_export.py for the whole of what it holds now."""
    from reflexmap.export.html import html_document

    page = html_document(default_map)
    assert "Jaw and gums" in page and "Liver" in page and "Outer side" in page


@pytest.mark.parametrize("view", ["medial", "lateral"])
def test_side_views_are_drawn_toes_in_on_the_inner_side_and_toes_out_on_the_outer(default_map, view):
    tips = {}
    for foot in FEET:
        outline = default_map.outline(foot, view)
        shown = display_transform(foot, outline, view=view)(outline)
        toe = display_transform(foot, outline, view=view)(Point(outline.bounds[2], 5))
        assert (shown.bounds[2] < 0) == (foot == "left")  # left foot on the left
        tips[foot] = abs(toe.x)
    # toes at the middle gap on the inner side, at the far ends on the outer side
    assert (max(tips.values()) < 20) == (view == "medial")


# --- the command line ----------------------------------------------------------------------------


def test_cli_lists_and_draws_a_view(capsys, tmp_path):
    assert main(["zones", "--view", "dorsal", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["zone_id"] for r in rows} >= {"face", "teeth", "groin-lymph"} and "liver" not in str(rows)
    out = tmp_path / "inner.svg"
    assert main(["export", "--format", "svg", "--view", "medial", "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "zone-left-uterus-prostate" in svg and "zone-left-liver" not in svg and "inner side" in svg
    assert main(["export", "--format", "pdf", "--view", "medial", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "--view is for png and svg; the pdf export shows every view" in capsys.readouterr().err


def test_a_chart_without_soles_is_refused_for_the_app(make_zone):
    # the upload worker checks a chart with only_view(..., MAP_VIEW) before the app takes it
    from reflexmap.charts import only_view
    from reflexmap.model import read_upload

    zone = make_zone(view="dorsal", box=(20, 150, 40, 170))
    data = json.dumps({"type": "FeatureCollection", "features": [zone]}).encode()
    loaded = read_upload("top.geojson", data)
    with pytest.raises(ChartError, match="no zones on the plantar view"):
        only_view(loaded, "plantar")
    assert shapely.area(loaded.zones["geometry"].iloc[0]) == 400


def test_validation_checks_each_view_against_its_own_outline(write_chart, make_zone, refused):
    # inside the sole (x 20-40 mm from the medial edge, 150-170 mm from the heel) but, on the inner
    # side's frame, 150 mm above the floor: off the medial profile
    on_sole = make_zone("on-sole", box=(20, 150, 40, 170))
    assert load_chart(write_chart([on_sole])).views == ("plantar",)
    error = refused(write_chart([make_zone("up-the-leg", view="medial", box=(20, 150, 40, 170))]))
    assert "up-the-leg" in str(error) and "outside the left foot outline (medial view)" in str(error)
    # and a medial zone is checked only against medial zones for overlaps
    sole = make_zone("heel", box=(20, 10, 40, 30))
    side = make_zone("heel-side", view="medial", box=(20, 10, 40, 30))
    assert load_chart(write_chart([sole, side])).views == ("plantar", "medial")
