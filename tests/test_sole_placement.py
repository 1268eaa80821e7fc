"""Where the soles' zones lie, as mainstream charts (Ingham, Kunz & Kunz, Byers) draw them: the
corrections of issue 13, each pinned so a later edit cannot quietly undo it."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, box

FEET = ("left", "right")
TOE_BASE = 199.0  # the shoulder line: where the toes begin


def _geom(chart, zone_id, foot):
    return chart.zone(zone_id, foot).geometry


def _guide_y(chart, name, foot) -> float:
    rows = chart.overlays.query("name == @name and foot == @foot and view == 'plantar'")
    return rows["geometry"].iloc[0].centroid.y


def _band(chart, number, foot):
    rows = chart.overlays.query("kind == 'longitudinal_zone' and number == @number and foot == @foot")
    return rows["geometry"].iloc[0]


def _toes(chart, foot):
    """The five toes above the toe base, big toe first (the outline's pieces above the shoulder line)."""
    above = chart.outline(foot).intersection(box(-10, TOE_BASE + 6, 200, 300))
    pieces = [g for g in above.geoms if g.geom_type == "Polygon" and g.area > 10]
    return sorted(pieces, key=lambda g: g.centroid.x)


def test_left_stomach_over_zones_1_to_3_and_the_spleen_under_the_lateral_diaphragm_line(default_map):
    stomach, spleen = _geom(default_map, "stomach", "left"), _geom(default_map, "spleen", "left")
    zones_1_to_3 = shapely.union_all([_band(default_map, n, "left") for n in (1, 2, 3)])
    assert stomach.difference(zones_1_to_3).area <= 0.05 * stomach.area
    diaphragm = _guide_y(default_map, "diaphragm line", "left")
    assert stomach.bounds[3] == pytest.approx(diaphragm, abs=1.5)
    # the spleen reaches up to the diaphragm line on the lateral side, beside the stomach
    assert spleen.bounds[3] == pytest.approx(diaphragm, abs=1.5)
    assert spleen.bounds[0] >= stomach.bounds[2] - 1
    assert spleen.intersection(_band(default_map, 5, "left")).area > 0.3 * spleen.area


@pytest.mark.parametrize("foot", FEET)
def test_sinuses_on_all_four_small_toes_and_ears_at_the_bases_of_toes_4_and_5(default_map, foot):
    toes = _toes(default_map, foot)
    assert len(toes) == 5
    sinuses, ears = _geom(default_map, "sinuses", foot), _geom(default_map, "ears", foot)
    for number, toe in enumerate(toes[1:], start=2):
        on_toe = sinuses.intersection(toe.buffer(0.5))
        assert on_toe.area >= 50, number  # no sliver: the pad and the tip
        assert on_toe.bounds[3] >= toe.bounds[3] - 2, number  # up to the tip
    assert sinuses.intersection(toes[0]).area < 3  # not the big toe
    # the ears: at the base of toes 4 and 5 only, a small band, not most of the little toe
    assert ears.bounds[1] >= TOE_BASE - 1 and ears.bounds[3] <= TOE_BASE + 8
    for number, toe in enumerate(toes, start=1):
        near_base = toe.union(box(toe.bounds[0], TOE_BASE - 1, toe.bounds[2], TOE_BASE + 5))
        touches = ears.intersection(near_base).area > 20
        assert touches == (number in (4, 5)), number
    little = _toes(default_map, foot)[4]
    assert ears.intersection(little).area < 0.6 * little.area


@pytest.mark.parametrize(
    ("foot", "top", "under"),
    [
        ("left", "heart", "lungs"),
        ("left", "kidney", "transverse-colon"),
        ("right", "kidney", "transverse-colon"),
        ("left", "sciatic-nerve", "pelvic-area"),
        ("right", "sciatic-nerve", "pelvic-area"),
    ],
)
def test_areas_charts_draw_overlapping_overlap_and_say_so(default_map, foot, top, under):
    a, b = _geom(default_map, top, foot), _geom(default_map, under, foot)
    shared = a.intersection(b).area
    assert shared >= 50, (top, under, shared)
    rows = default_map.zones.query("foot == @foot and view == 'plantar'").set_index("zone_id")
    assert under in rows.loc[top, "overlaps"] and top in rows.loc[under, "overlaps"]
    # the lower one is drawn whole: a band, not a shape with a bite out of it
    assert under == "lungs" or b.geom_type == "Polygon"


@pytest.mark.parametrize("foot", FEET)
def test_the_sciatic_band_lies_a_third_of_the_way_up_the_heel_as_its_text_says(default_map, foot):
    sciatic = default_map.zone("sciatic-nerve", foot)
    heel_top = _guide_y(default_map, "pelvic line", foot)
    share = sciatic.geometry.centroid.y / heel_top
    assert 0.25 <= share <= 0.42
    assert "a third of the way up" in sciatic.technique.how
    assert sciatic.geometry.within(_geom(default_map, "pelvic-area", foot).buffer(0.5))


@pytest.mark.parametrize("foot", FEET)
def test_no_stray_small_intestine_piece_at_the_heel_line(default_map, foot):
    pieces = getattr(
        _geom(default_map, "small-intestine", foot), "geoms", [_geom(default_map, "small-intestine", foot)]
    )
    assert all(piece.area >= 100 for piece in pieces)
    # the colon that turns there took the corner: nothing of the sole was left unassigned
    colon = "sigmoid-colon" if foot == "left" else "ascending-colon"
    assert _geom(default_map, colon, foot).bounds[1] <= _guide_y(default_map, "pelvic line", foot) + 1


@pytest.mark.parametrize("foot", FEET)
def test_the_five_longitudinal_zones_run_from_toe_to_heel(default_map, foot):
    outline = default_map.outline(foot)
    toes = _toes(default_map, foot)
    heel = outline.intersection(box(-10, -10, 200, 40))
    for number in range(1, 6):
        band = _band(default_map, number, foot)
        assert band.geom_type == "Polygon", number
        assert band.bounds[1] <= 8, number  # reaches round the back of the heel
        assert band.intersection(toes[number - 1]).area >= 0.9 * toes[number - 1].area, number
        assert band.intersection(heel).area >= 0.1 * heel.area, number  # the heel is shared by all five
    # together they tile the sole, without overlapping
    bands = [_band(default_map, n, foot) for n in range(1, 6)]
    assert shapely.union_all(bands).area == pytest.approx(outline.area, rel=0.01)
    assert sum(b.area for b in bands) == pytest.approx(outline.area, rel=0.01)
    # and they follow the foot: zone 5 hugs the lateral edge all the way, never a vertical strip
    for y in (30.0, 100.0, 180.0):
        cut = outline.intersection(LineString([(-10, y), (200, y)]))
        assert bands[4].intersection(cut).bounds[2] == pytest.approx(cut.bounds[2], abs=1.0), y
