"""Chart.locate: which zones lie under a point given in normalized foot coordinates."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Point

from reflexmap import load_chart
from reflexmap.geometry import normalized_to_chart

# A tiny chart on a 64 x 128 mm sole, so that normalized coordinates are exact binary fractions:
# u = x / 64, v = y / 128. Zones a and b are squares sharing the edge x = 32, 32 <= y <= 48.
OUTLINE = (0.0, 0.0, 64.0, 128.0)


@pytest.fixture
def two_squares(write_chart, make_zone, make_outline):
    return load_chart(
        write_chart(
            [
                make_zone("zone-a", box=(16, 32, 32, 48)),
                make_zone("zone-b", box=(32, 32, 48, 48)),
                make_outline("left", OUTLINE),
            ]
        )
    )


def _inside_uv(chart, zone_id: str, foot: str, view: str = "plantar") -> tuple[float, float]:
    """(u, v) of a point inside the zone, derived from its geometry."""
    point = chart.zone(zone_id, foot, view).geometry.representative_point()
    u, v = chart.to_normalized(foot, point.x, point.y, view)
    return float(u), float(v)


def test_scalar_locate_returns_a_list_of_str(default_map):
    u, v = _inside_uv(default_map, "kidney", "left")
    hits = default_map.locate("left", u, v)
    assert isinstance(hits, list)
    assert hits and all(isinstance(h, str) for h in hits)
    assert "kidney" in hits


def test_liver_on_the_right_foot_only(default_map):
    u, v = _inside_uv(default_map, "liver", "right")
    assert "liver" in default_map.locate("right", u, v)
    on_left = default_map.locate("left", u, v)
    assert "liver" not in on_left
    assert on_left  # the same spot on the left sole belongs to another zone (spleen, stomach...)


def test_heart_on_the_left_foot_only(default_map):
    u, v = _inside_uv(default_map, "heart", "left")
    assert "heart" in default_map.locate("left", u, v)
    on_right = default_map.locate("right", u, v)
    assert "heart" not in on_right
    assert on_right


def test_every_zone_is_found_at_a_point_inside_it(default_map):
    for row in default_map.zones.itertuples():
        u, v = _inside_uv(default_map, row.zone_id, row.foot, row.view)
        assert 0 <= u <= 1 and 0 <= v <= 1
        assert row.zone_id in default_map.locate(row.foot, u, v, view=row.view), (row.zone_id, row.view)


@pytest.mark.parametrize(
    "uv", [(-0.5, 0.5), (0.5, 1.5), (1.5, 0.5), (0.5, -0.5), (-0.01, -0.01), (1.01, 1.01)]
)
@pytest.mark.parametrize("foot", ["left", "right"])
def test_points_off_the_foot_find_nothing(default_map, foot, uv):
    assert default_map.locate(foot, *uv) == []


@pytest.mark.parametrize("foot", ["left", "right"])
def test_gap_between_the_toes_finds_nothing(default_map, foot):
    outline = default_map.outline(foot)
    minx, miny, maxx, maxy = outline.bounds
    v = 0.9  # across the toes
    y = miny + v * (maxy - miny)
    across = LineString([(minx - 1, y), (maxx + 1, y)]).intersection(outline)
    toes = sorted(getattr(across, "geoms", [across]), key=lambda seg: seg.bounds[0])
    assert len(toes) >= 2, "the outline should show separate toes at v = 0.9"
    gap_x = (toes[0].bounds[2] + toes[1].bounds[0]) / 2  # between the big toe and the second toe
    assert not outline.intersects(Point(gap_x, y))
    u, _ = default_map.to_normalized(foot, gap_x, y)
    assert default_map.locate(foot, float(u), v) == []
    # while a point on the big toe itself is the brain (the toe pad) or the spine or neck reflexes
    u_toe, _ = default_map.to_normalized(foot, (toes[0].bounds[0] + toes[0].bounds[2]) / 2, y)
    assert "brain" in default_map.locate(foot, float(u_toe), v)


def test_shared_border_belongs_to_both_zones(two_squares):
    # the shared edge is x = 32 (u = 0.5) for 32 <= y <= 48 (0.25 <= v <= 0.375)
    x, y = normalized_to_chart(two_squares.outline("left"), 0.5, 0.3125)
    assert (float(x), float(y)) == (32.0, 40.0)  # exactly on the edge
    assert sorted(two_squares.locate("left", 0.5, 0.3125)) == ["zone-a", "zone-b"]
    # the end points of the shared edge too
    assert sorted(two_squares.locate("left", 0.5, 0.25)) == ["zone-a", "zone-b"]
    assert sorted(two_squares.locate("left", 0.5, 0.375)) == ["zone-a", "zone-b"]


def test_points_beside_the_shared_border(two_squares):
    assert two_squares.locate("left", 0.5 - 1 / 64, 0.3125) == ["zone-a"]
    assert two_squares.locate("left", 0.5 + 1 / 64, 0.3125) == ["zone-b"]
    # the outer edges still belong to their zone, and one step further out is nothing
    assert two_squares.locate("left", 0.25, 0.3125) == ["zone-a"]
    assert two_squares.locate("left", 0.25 - 1 / 64, 0.3125) == []
    assert two_squares.locate("left", 0.5, 0.375 + 1 / 128) == []


def test_pituitary_over_brain_returns_both_smallest_first(default_map):
    for foot in ("left", "right"):
        u, v = _inside_uv(default_map, "pituitary", foot)
        assert default_map.locate(foot, u, v) == ["pituitary", "brain"]


def test_gallbladder_over_liver_returns_both_smallest_first(default_map):
    u, v = _inside_uv(default_map, "gallbladder", "right")
    hits = default_map.locate("right", u, v)
    assert hits[:2] == ["gallbladder", "liver"]


@pytest.mark.parametrize("small_first", [True, False])
def test_overlapping_zones_smallest_first_whatever_the_file_order(write_chart, make_zone, small_first):
    big = make_zone("big", box=(30, 100, 60, 130), overlaps=["small"])
    small = make_zone("small", box=(40, 110, 45, 115))
    chart = load_chart(write_chart([small, big] if small_first else [big, small]))
    u, v = chart.to_normalized("left", 42.5, 112.5)
    assert chart.locate("left", float(u), float(v)) == ["small", "big"]
    u, v = chart.to_normalized("left", 32, 102)
    assert chart.locate("left", float(u), float(v)) == ["big"]


def _sample_points(chart, foot):
    ids = ["brain", "lungs", "kidney", "bladder", "pelvic-area", "stomach"]
    uv = [_inside_uv(chart, z, foot) for z in ids]
    uv += [(-0.5, 0.5), (0.5, 1.5), (0.5, 0.5)]
    u = np.array([p[0] for p in uv])
    v = np.array([p[1] for p in uv])
    return u, v


@pytest.mark.parametrize("foot", ["left", "right"])
def test_arrays_give_one_list_per_point_agreeing_with_scalars(default_map, foot):
    u, v = _sample_points(default_map, foot)
    hits = default_map.locate(foot, u, v)
    assert isinstance(hits, list) and len(hits) == len(u)
    assert hits == [default_map.locate(foot, float(a), float(b)) for a, b in zip(u, v, strict=True)]
    assert hits[-3:-1] == [[], []]
    # plain Python lists work too
    assert default_map.locate(foot, u.tolist(), v.tolist()) == hits


def test_single_element_array_is_not_a_scalar(default_map):
    u, v = _inside_uv(default_map, "kidney", "left")
    hits = default_map.locate("left", np.array([u]), np.array([v]))
    assert len(hits) == 1 and isinstance(hits[0], list)
    assert hits[0] == default_map.locate("left", u, v)


def test_broadcasting(default_map):
    u = np.array([0.2, 0.5, 0.8])
    # an array against a scalar
    hits = default_map.locate("right", u, 0.5)
    assert hits == [default_map.locate("right", float(a), 0.5) for a in u]
    # a column against a row: every combination, in row-major order
    v = np.array([0.1, 0.5, 0.9, 1.2])
    grid = default_map.locate("right", u[:, None], v[None, :])
    assert len(grid) == 12
    expected = [default_map.locate("right", float(a), float(b)) for a in u for b in v]
    assert grid == expected
    assert grid[3] == []  # v = 1.2 is beyond the toes


def test_locate_chart_agrees_with_locate(default_map):
    u, v = _sample_points(default_map, "left")
    x, y = normalized_to_chart(default_map.outline("left"), u, v)
    assert default_map.locate_chart("left", x, y) == default_map.locate("left", u, v)


def test_to_normalized_maps_the_outline_box_to_the_unit_square(default_map):
    for foot in ("left", "right"):
        minx, miny, maxx, maxy = default_map.outline(foot).bounds
        u, v = default_map.to_normalized(foot, np.array([minx, maxx]), np.array([miny, maxy]))
        assert u.tolist() == pytest.approx([0.0, 1.0])
        assert v.tolist() == pytest.approx([0.0, 1.0])
        x, y = normalized_to_chart(default_map.outline(foot), u, v)
        assert x.tolist() == pytest.approx([minx, maxx])
        assert y.tolist() == pytest.approx([miny, maxy])


@pytest.mark.parametrize("foot", ["middle", "Left", "", None, "both"])
def test_bad_foot_raises_value_error(default_map, foot):
    with pytest.raises(ValueError, match="foot"):
        default_map.locate(foot, 0.5, 0.5)


def test_a_view_the_chart_lacks_raises_key_error(write_chart, make_zone):
    soles_only = load_chart(write_chart([make_zone()]))
    with pytest.raises(KeyError):
        soles_only.locate("left", 0.5, 0.5, view="dorsal")


def test_inner_point_is_inside_its_zone_and_locates_to_it(default_map):
    # for every polygon: the point where labels and test clicks go must name that zone first
    zones = default_map.zones
    for zone_id, foot, view in zip(zones["zone_id"], zones["foot"], zones["view"], strict=True):
        point = default_map.inner_point(zone_id, foot, view)
        assert default_map.zone(zone_id, foot, view).geometry.contains(point)
        assert default_map.locate_chart(foot, [point.x], [point.y], view)[0][0] == zone_id
