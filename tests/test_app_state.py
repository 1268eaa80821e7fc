"""AppState: one session's selection, search, filters and routine step, without any widgets.

Click points are computed from the chart's geometry (never hard-coded), so they stay valid when
the chart is redrawn.
"""

from __future__ import annotations

import pytest
import shapely
from shapely.ops import polylabel

from reflexmap import load_chart
from reflexmap.charts import SYSTEMS
from reflexmap.dashboard.state import BOTH, AppState


@pytest.fixture(scope="session")
def default_map(default_map):
    """The sole view of the default chart: what the app's state holds (it names zones by foot alone)."""
    return default_map.for_view("plantar")


def zone_point(chart, zone_id: str, foot: str) -> tuple[float, float]:
    """A chart-mm point inside the zone and clear of every zone on that foot that is not larger.

    Where zones overlap by design a click names the smaller one, so the point keeps away from
    smaller zones (and from the zone's own border, thanks to polylabel).
    """
    rows = chart.zones[chart.zones["foot"] == foot]
    target = rows[rows["zone_id"] == zone_id]
    assert len(target) == 1, f"{zone_id} is not on the {foot} foot"
    geom = target.iloc[0]["geometry"]
    smaller = rows[(rows["zone_id"] != zone_id) & (rows["area_mm2"] <= target.iloc[0]["area_mm2"])]
    free = geom.difference(shapely.union_all(smaller["geometry"].to_numpy()))
    assert not free.is_empty, f"{zone_id} ({foot}) is covered by smaller zones"
    largest = max(getattr(free, "geoms", [free]), key=lambda g: g.area)
    point = polylabel(largest, tolerance=0.1)
    assert geom.contains(point)
    return float(point.x), float(point.y)


def outside_point(chart, foot: str) -> tuple[float, float]:
    """A chart-mm point inside the foot's bounding box but outside every zone of that foot."""
    zones = shapely.union_all(chart.zones[chart.zones["foot"] == foot]["geometry"].to_numpy())
    minx, miny, maxx, maxy = chart.outline(foot).bounds
    for fx in (0.02, 0.98):
        for fy in (0.02, 0.98, 0.5):
            point = shapely.Point(minx + fx * (maxx - minx), miny + fy * (maxy - miny))
            if not zones.intersects(point.buffer(1.0)):
                return point.x, point.y
    raise AssertionError("no point outside every zone found")


def rows_of(frame) -> set[tuple[str, str]]:
    return set(zip(frame["zone_id"], frame["foot"], strict=True))


def system_of(chart) -> dict[tuple[str, str], str]:
    """(zone_id, foot) -> body system."""
    zones = chart.zones
    return dict(zip(zip(zones["zone_id"], zones["foot"], strict=True), zones["system"], strict=True))


@pytest.fixture
def state(default_map) -> AppState:
    return AppState(default_map)


# --- selection ------------------------------------------------------------------------------------


def test_a_new_state_has_nothing_selected_and_default_filters(state):
    assert state.selected is None
    assert state.pair is None
    assert state.systems == list(SYSTEMS)
    assert state.foot_filter == BOTH
    assert state.highlighted() == set()
    assert len(state.search_results()) == 0


def test_select_and_clear(state):
    state.message = "an old error"
    state.select("kidney", "left")
    assert (state.zone, state.foot) == ("kidney", "left")
    assert state.selected == ("kidney", "left")
    assert state.message == ""  # a successful action clears the old error
    state.message = "another error"
    state.clear()
    assert (state.zone, state.foot) == ("", "")
    assert state.selected is None
    assert state.message == ""


def test_select_changes_zone_and_foot_in_one_event(state):
    batches = []
    state.param.watch(lambda *events: batches.append({e.name for e in events}), ["zone", "foot"])
    state.select("kidney", "right")
    assert batches == [{"zone", "foot"}]


@pytest.mark.parametrize(
    ("zone_id", "foot", "selected", "pair"),
    [
        ("kidney", "left", ("kidney", "left"), ("kidney", "right")),
        ("kidney", "right", ("kidney", "right"), ("kidney", "left")),
        ("liver", "right", ("liver", "right"), None),
        ("heart", "left", ("heart", "left"), None),
        ("no-such-zone", "left", None, None),
    ],
)
def test_selected_and_pair(state, zone_id, foot, selected, pair):
    state.select(zone_id, foot)
    assert state.selected == selected
    assert state.pair == pair


def test_selected_falls_back_to_the_foot_the_zone_is_on(state):
    # a deep link may name the wrong foot; the zone is still shown where the chart has it
    state.param.update(zone="liver", foot="left")
    assert state.selected == ("liver", "right")
    assert state.pair is None


def test_select_at_selects_every_zone_on_both_feet(default_map, state):
    wrong = []
    for zone_id, foot in zip(default_map.zones["zone_id"], default_map.zones["foot"], strict=True):
        x, y = zone_point(default_map, zone_id, foot)
        state.clear()
        state.select_at(foot, x, y)
        if state.selected != (zone_id, foot):
            wrong.append(((zone_id, foot), state.selected))
    assert not wrong


@pytest.mark.parametrize("foot", ["left", "right"])
def test_select_at_outside_every_zone_clears(default_map, state, foot):
    state.select("kidney", "left")
    state.select_at(foot, *outside_point(default_map, foot))
    assert state.selected is None
    assert state.zone == ""


def test_select_at_on_a_foot_the_chart_lacks_clears(write_chart):
    left_only = AppState(load_chart(write_chart()))
    left_only.select("test-zone", "left")
    left_only.select_at("right", 40.0, 110.0)
    assert left_only.selected is None


def test_system_filter_hides_zones_from_clicks(default_map, state):
    # the bladder, which no zone of another system overlaps (the kidney lies over the colon)
    bladder = zone_point(default_map, "bladder", "left")
    state.systems = ["digestive"]
    state.select("liver", "right")
    state.select_at("left", *bladder)
    assert state.selected is None
    state.systems = ["urinary"]
    state.select_at("left", *bladder)
    assert state.selected == ("bladder", "left")


def test_a_click_on_a_hidden_small_zone_falls_through_to_the_visible_zone_under_it(default_map, state):
    point = zone_point(default_map, "pituitary", "left")
    state.select_at("left", *point)
    assert state.selected == ("pituitary", "left")
    state.systems = [s for s in SYSTEMS if s != "endocrine"]
    state.select_at("left", *point)
    assert state.selected == ("brain", "left")


def test_foot_filter_hides_the_other_foot_from_clicks(default_map, state):
    state.foot_filter = "left"
    state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert state.selected is None
    state.select_at("left", *zone_point(default_map, "kidney", "left"))
    assert state.selected == ("kidney", "left")
    state.foot_filter = "right"
    state.select_at("left", *zone_point(default_map, "kidney", "left"))
    assert state.selected is None


def test_a_click_on_a_zone_a_filter_hides_says_why_and_offers_to_show_it(default_map, state):
    liver = zone_point(default_map, "liver", "right")
    state.systems = ["nervous"]
    state.select_at("right", *liver)
    assert state.selected is None
    assert state.message == "Liver is hidden by the Nervous filter."
    assert (state.offer, state.offer_label) == ("liver|right", "Show Liver")
    state.take_offer()
    assert state.selected == ("liver", "right") and state.systems == list(SYSTEMS)
    assert state.message == state.offer == state.offer_label == ""


def test_the_foot_filter_and_a_system_filter_are_both_named_and_both_cleared(default_map, state):
    state.param.update(systems=["urinary", "digestive"], foot_filter="left")
    state.select_at("left", *zone_point(default_map, "heart", "left"))
    assert state.message == "Heart is hidden by the body-system filter."
    state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert state.message == "Liver is hidden by the foot filter (left foot only)."
    state.systems = ["urinary"]
    state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert state.message == "Liver is hidden by the Urinary filter and the foot filter (left foot only)."
    state.take_offer()
    assert state.selected == ("liver", "right")
    assert state.foot_filter == BOTH and state.systems == list(SYSTEMS)


def test_a_visible_zone_clicked_after_a_hidden_one_clears_the_message(default_map, state):
    state.foot_filter = "left"
    state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert state.offer
    state.select_at("left", *zone_point(default_map, "kidney", "left"))
    assert state.selected == ("kidney", "left") and state.message == state.offer == ""


def test_a_quiz_tap_on_a_hidden_zone_is_an_answer_not_an_explanation(default_map, state):
    state.param.update(systems=["urinary"], quizzing=True)
    state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert state.tap[1] == () and state.message == ""


@pytest.mark.parametrize(
    ("asked", "meant"),
    [("livr", "Liver"), ("hart", "Heart"), ("kindey", "Kidney"), ("lumbar", "Lumbar spine")],
)
def test_a_link_to_no_zone_suggests_the_nearest(default_map, state, asked, meant):
    state.suggest(asked)
    assert state.message == f'There is no zone "{asked}".'
    assert state.offer_label == f"Did you mean {meant}?"
    state.take_offer()
    assert state.selected is not None and default_map.zone(*state.selected).name == meant


def test_a_link_naming_a_zone_by_its_name_selects_it(state):
    state.suggest("Small Intestine")
    assert state.selected == ("small-intestine", "left") and state.message == ""


def test_a_link_to_nothing_like_a_zone_says_so_without_an_offer(state):
    state.suggest("<script>" * 20)
    assert state.message.startswith('There is no zone "<script>') and state.message.endswith('…".')
    assert len(state.message) < 70 and state.offer == state.offer_label == ""


# --- search ---------------------------------------------------------------------------------------


def test_search_results_follow_the_query(default_map, state):
    assert len(state.search_results()) == 0
    state.query = "kidney"
    assert rows_of(state.search_results()) == {("kidney", "left"), ("kidney", "right")}
    state.query = "liver"
    results = state.search_results()
    assert results.iloc[0]["zone_id"] == "liver"
    assert rows_of(results) == rows_of(default_map.find("liver"))
    state.query = "   "
    assert len(state.search_results()) == 0


def test_search_results_respect_foot_and_system_filters(default_map, state):
    state.query = "lower back"
    everything = rows_of(default_map.find("lower back"))
    assert {foot for _, foot in everything} == {"left", "right"}
    assert rows_of(state.search_results()) == everything

    state.foot_filter = "left"
    assert rows_of(state.search_results()) == {r for r in everything if r[1] == "left"}

    state.foot_filter = BOTH
    systems = system_of(default_map)
    one_system = systems[next(iter(everything))]
    state.systems = [one_system]
    expected = {r for r in everything if systems[r] == one_system}
    assert expected
    assert rows_of(state.search_results()) == expected

    state.query = "kidney"
    state.systems = ["digestive"]
    assert len(state.search_results()) == 0


def test_search_results_keep_the_best_match_first(default_map, state):
    state.query = "lower back"
    assert list(state.search_results()["score"]) == sorted(state.search_results()["score"], reverse=True)


# --- routines and highlighting --------------------------------------------------------------------


def _step_rows(chart, routine_id: str, step: int, feet=("left", "right")) -> set[tuple[str, str]]:
    routines = chart.routines
    ids = set(routines.step_zones(routines.get(routine_id).steps[step]))
    zones = chart.zones
    return rows_of(zones[zones["zone_id"].isin(ids) & zones["foot"].isin(feet)])


@pytest.mark.parametrize("step", [0, 1, 2, 3])
def test_highlighted_shows_the_routine_step(default_map, state, step):
    state.param.update(routine="anti-stress-toes", step=step)
    routine = default_map.routines.get("anti-stress-toes")
    assert state.step_zone_ids() == default_map.routines.step_zones(routine.steps[step])
    expected = _step_rows(default_map, "anti-stress-toes", step)
    assert expected
    assert state.highlighted() == expected


def test_highlighted_for_a_step_that_names_only_regions(default_map, state):
    routine = default_map.routines.get("heel-spur")
    assert routine.steps[0].zones == () and routine.steps[0].regions == ("heel",)
    state.param.update(routine="heel-spur", step=0)
    ids = default_map.routines.regions["heel"]
    assert set(state.step_zone_ids()) == set(ids)
    assert state.highlighted() == _step_rows(default_map, "heel-spur", 0)
    assert {z for z, _ in state.highlighted()} == set(ids)


def test_highlighted_routine_step_respects_filters(default_map, state):
    state.param.update(routine="anti-stress-toes", step=1, foot_filter="right")
    assert state.highlighted() == _step_rows(default_map, "anti-stress-toes", 1, feet=("right",))
    state.param.update(foot_filter=BOTH, systems=["digestive"])
    assert state.highlighted() == set()


def test_search_takes_precedence_over_the_routine_step(default_map, state):
    state.param.update(routine="anti-stress-toes", step=1)
    step_rows = state.highlighted()
    state.query = "kidney"
    assert state.highlighted() == {("kidney", "left"), ("kidney", "right")}
    assert not state.highlighted() & step_rows
    state.query = ""
    assert state.highlighted() == step_rows


@pytest.mark.parametrize(
    ("routine", "step"),
    [
        ("", 0),
        ("anti-stress-toes", -1),
        ("anti-stress-toes", 99),
        ("no-such-routine", 0),
        ("no-such-routine", -1),
    ],
)
def test_step_zone_ids_is_empty_for_bad_routines_and_steps(state, routine, step):
    state.param.update(routine=routine, step=step)
    assert state.step_zone_ids() == ()
    assert state.highlighted() == set()


def test_last_step_is_in_range(default_map, state):
    last = len(default_map.routines.get("anti-stress-toes").steps) - 1
    state.param.update(routine="anti-stress-toes", step=last)
    assert state.step_zone_ids()
    state.step = last + 1
    assert state.step_zone_ids() == ()


# --- filters and sessions -------------------------------------------------------------------------


def test_visible_mask(default_map, state):
    assert state.visible_mask().all()
    state.foot_filter = "right"
    assert set(default_map.zones[state.visible_mask()]["foot"]) == {"right"}
    state.systems = ["urinary", "nervous"]
    visible = default_map.zones[state.visible_mask()]
    assert set(visible["system"]) == {"urinary", "nervous"}
    assert set(visible["foot"]) == {"right"}


def test_visible_rows_are_the_mask_shared_read_only_until_a_filter_changes(default_map, state):
    rows = state.visible_rows()
    assert rows.tolist() == state.visible_mask().tolist() and rows.all()
    assert state.visible_rows() is rows  # a tap asks several times: one array
    with pytest.raises(ValueError):
        rows[0] = False  # shared: nobody may change it
    mask = state.visible_mask()
    mask[:] = False  # the Series is the caller's own copy
    assert state.visible_rows().all()
    state.foot_filter = "left"
    assert state.visible_rows().tolist() == (default_map.zones["foot"] == "left").tolist()
    assert rows.all()  # the old array is left as it was


def test_two_states_on_one_chart_are_independent(default_map):
    one, two = AppState(default_map), AppState(default_map)
    one.select("kidney", "left")
    one.query = "liver"
    one.systems = ["digestive"]
    one.foot_filter = "right"
    one.param.update(routine="anti-stress-toes", step=1)
    one.show_labels = False
    assert two.selected is None
    assert two.query == ""
    assert two.systems == list(SYSTEMS)
    assert two.foot_filter == BOTH
    assert (two.routine, two.step) == ("", -1)
    assert two.show_labels is True
    two.select_at("right", *zone_point(default_map, "liver", "right"))
    assert two.selected == ("liver", "right")
    assert one.selected == ("kidney", "left")


def test_states_do_not_share_the_systems_list(default_map):
    one, two = AppState(default_map), AppState(default_map)
    assert one.systems is not two.systems
    one.systems.remove("nervous")  # an in-place change (a notebook user might do this)
    assert two.systems == list(SYSTEMS)
    assert AppState(default_map).systems == list(SYSTEMS)


def test_the_handbook_is_searched_with_typos_corrected_when_the_query_finds_nothing(state):
    state.query = "kidney"
    expected = state.handbook_results()
    assert expected
    state.query = "kindey"
    assert state.handbook_results() == expected
    state.query = "harm"  # a handbook word, though one letter from "arm": found as typed
    assert state.handbook_results() == state.chart.handbook.search("harm") != ()
