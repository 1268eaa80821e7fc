"""The dashboard's components without a browser: map styling and taps, details, search, routines,
safety, layout and server settings. Everything is driven through the same state and widget values
a browser session would change."""

from __future__ import annotations

import importlib
import json
import logging
import sys
from dataclasses import replace
from html import escape, unescape
from pathlib import Path

import jinja2
import markupsafe
import panel as pn
import pytest
import shapely
from bokeh.document import Document
from bokeh.models import LabelSet, MultiPolygons
from hypothesis import given, settings
from hypothesis import strategies as st

from reflexmap import load_chart
from reflexmap.charts import SYSTEMS, TECHNIQUE_KEYS, default_chart_path
from reflexmap.dashboard.details import DetailsPane, ZoneDetailsView, zone_html
from reflexmap.dashboard.errors import SORRY, guarded
from reflexmap.dashboard.layout import Dashboard, about_html, create_app
from reflexmap.dashboard.map_view import MapView
from reflexmap.dashboard.quiz_panel import PROGRESS_KEY, progress_key
from reflexmap.dashboard.routines import NONE, RoutinesPanel, step_label
from reflexmap.dashboard.safety import notice
from reflexmap.dashboard.search import ALL_SYSTEMS, SearchPanel, count_html, result_options
from reflexmap.dashboard.server import allowed_origins
from reflexmap.dashboard.state import BOTH, AppState
from reflexmap.geometry import display_transform, display_x
from reflexmap.i18n import in_language, translator
from reflexmap.web.details_html import EMPTY, all_details_html
from reflexmap.web.figure import MATCH_LINE, PAIR_LINE, SELECTED_LINE
from reflexmap.web.legend import legend_html
from reflexmap.web.map_data import FOOT_LABEL, map_columns
from reflexmap.web.safety_html import safety_html
from reflexmap.web.templates import render
from reflexmap.web.zone_list_html import zone_list_html

from .test_app_state import outside_point, rows_of, system_of, zone_point
from .test_internals import FakeSessionDoc


@pytest.fixture(scope="session")
def default_map(default_map):
    """The sole view of the default chart: what the app draws and lists."""
    return default_map.for_view("plantar")


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

EMPHASIS = (SELECTED_LINE, PAIR_LINE, MATCH_LINE)
HOSTILE = "<img src=x onerror=alert(1)><script>alert('x')</script> & \"quoted\""


def display_point(chart, zone_id: str, foot: str) -> tuple[float, float]:
    """Where a zone is drawn: a point inside it in the figure's display coordinates."""
    x, y = zone_point(chart, zone_id, foot)
    return float(display_x(foot, chart.outline(foot), x)), y


def tap(view: MapView, x: float, y: float) -> None:
    """What the browser's tap reporter sends for a tap at display coordinates (x, y)."""
    view.taps.tap = [view.taps.tap[0] + 1, x, y]


def style(view: MapView) -> dict[tuple[str, str], dict]:
    data = view._zone_source.data
    return {
        (z, f): {"line_color": c, "line_width": w, "fill_alpha": a}
        for z, f, c, w, a in zip(
            data["zone_id"],
            data["foot"],
            data["line_color"],
            data["line_width"],
            data["fill_alpha"],
            strict=True,
        )
    }


def html_objects(layout) -> list[str]:
    """The HTML that the layout's panes show, the details included."""
    return [str(p.object) for p in layout.select(pn.pane.HTML)] + [
        v.shown["html"] for v in layout.select(ZoneDetailsView)
    ]


@pytest.fixture
def state(default_map) -> AppState:
    return AppState(default_map)


@pytest.fixture
def view(state) -> MapView:
    return MapView(state=state)


@pytest.fixture
def hostile_chart(write_chart, make_zone):
    """A one-zone chart (on both feet) with markup in every text field, loaded with allow_markup."""

    def text(label: str) -> str:
        return f"{label} {HOSTILE}"

    props = {
        "name": text("Name"),
        "body_areas": [text("area one"), text("area two")],
        "technique": {key: text(key) for key in TECHNIQUE_KEYS},
        "caveats": [text("caveat one"), text("caveat two")],
        "notes": text("notes"),
        "keywords": [text("keyword")],
    }
    meta = {key: text(key) for key in ("title", "school", "version", "license", "description")} | {
        "sources": [text("source one"), text("source two")]
    }
    zones = [make_zone("hostile", foot=foot, **props) for foot in ("left", "right")]
    return load_chart(write_chart(zones, meta), allow_markup=True)


# --- MapView ----------------------------------------------------------------------------------------


def test_map_view_builds_a_bokeh_pane_with_one_row_per_zone(default_map, view):
    pane = view.__panel__()
    assert isinstance(pane, pn.pane.Bokeh)
    assert pane.object is view.figure
    data = view._zone_source.data
    n = len(default_map.zones)
    for column in ("xs", "ys", "zone_id", "foot", "name", "color", "line_color", "line_width", "fill_alpha"):
        assert len(data[column]) == n, column
    assert list(zip(data["zone_id"], data["foot"], strict=True)) == list(
        zip(default_map.zones["zone_id"], default_map.zones["foot"], strict=True)
    )
    assert not any(s["line_color"] in EMPHASIS for s in style(view).values())


def test_restyle_marks_the_selection_and_its_pair(view, state):
    state.select("kidney", "left")
    s = style(view)
    assert s[("kidney", "left")]["line_color"] == SELECTED_LINE
    assert s[("kidney", "right")]["line_color"] == PAIR_LINE
    assert s[("kidney", "left")]["line_width"] > s[("liver", "right")]["line_width"]
    others = [v for k, v in s.items() if k[0] != "kidney"]
    assert all(v["line_color"] not in EMPHASIS for v in others)

    state.select("liver", "right")  # no pair: nothing purple
    s = style(view)
    assert s[("liver", "right")]["line_color"] == SELECTED_LINE
    assert [k for k, v in s.items() if v["line_color"] == PAIR_LINE] == []
    assert s[("kidney", "left")]["line_color"] not in EMPHASIS

    state.clear()
    assert not any(v["line_color"] in EMPHASIS for v in style(view).values())


def test_restyle_marks_search_matches_and_the_selection_wins(default_map, view, state):
    state.query = "lower back"
    matches = rows_of(default_map.find("lower back"))
    assert matches
    s = style(view)
    assert {k for k, v in s.items() if v["line_color"] == MATCH_LINE} == matches

    chosen = sorted(matches)[0]
    state.select(*chosen)
    s = style(view)
    assert s[chosen]["line_color"] == SELECTED_LINE
    pair = state.pair
    if pair is not None:
        assert s[pair]["line_color"] == PAIR_LINE
    assert {k for k, v in s.items() if v["line_color"] == MATCH_LINE} == matches - {chosen, pair}


def test_restyle_marks_the_routine_step(default_map, view, state):
    state.param.update(routine="anti-stress-toes", step=1)
    step = default_map.routines.get("anti-stress-toes").steps[1]
    ids = set(default_map.routines.step_zones(step))
    s = style(view)
    marked = {k for k, v in s.items() if v["line_color"] == MATCH_LINE}
    assert marked == {k for k in s if k[0] in ids}
    state.step = -1
    assert not any(v["line_color"] == MATCH_LINE for v in style(view).values())


def test_emphasis_dims_the_other_zones(view, state):
    plain = style(view)[("liver", "right")]["fill_alpha"]
    state.select("kidney", "left")
    assert style(view)[("liver", "right")]["fill_alpha"] < plain


def test_restyle_fades_filtered_out_zones(default_map, view, state):
    state.query = "kidney"
    state.systems = ["digestive"]
    s = style(view)
    systems = system_of(default_map)
    hidden = {k for k in s if systems[k] != "digestive"}
    shown = set(s) - hidden
    assert ("kidney", "left") in hidden  # a match, but filtered out: not orange
    faint = max(s[k]["fill_alpha"] for k in hidden)
    assert faint < min(s[k]["fill_alpha"] for k in shown)
    assert all(s[k]["line_color"] not in EMPHASIS for k in hidden)

    state.param.update(systems=list(SYSTEMS), foot_filter="right", query="")
    s = style(view)
    assert max(v["fill_alpha"] for k, v in s.items() if k[1] == "left") < min(
        v["fill_alpha"] for k, v in s.items() if k[1] == "right"
    )


def test_views_do_not_share_styles_or_change_the_cached_columns(default_map):
    one, two = MapView(state=AppState(default_map)), MapView(state=AppState(default_map))
    one.state.select("liver", "right")
    assert style(one)[("liver", "right")]["line_color"] == SELECTED_LINE
    assert style(two)[("liver", "right")]["line_color"] not in EMPHASIS
    cached = map_columns(default_map)["zones"]
    assert not {"line_color", "line_width", "fill_alpha"} & set(cached)


def _layers(view: MapView):
    fig = view.figure
    labels = [ls for ls in fig.select(type=LabelSet) if ls.text == "label"]
    bands = [r for r in fig.renderers if isinstance(r.glyph, MultiPolygons) and "text" in r.data_source.data]
    band_labels = [ls for ls in fig.select(type=LabelSet) if ls.text == "text"]
    assert len(labels) == len(bands) == len(band_labels) == 1
    return labels[0], bands[0], band_labels[0]


def test_a_restyle_leaves_the_names_guides_and_titles_alone(view, state):
    # they are drawn on Bokeh's overlay layer from sources of their own, so the repaint a
    # restyle of the zone source causes does not redraw them
    labels, _, _ = _layers(view)
    names = dict(labels.source.data)
    overlays = [r for r in view.figure.renderers if r.level == "overlay"]
    assert labels.level == "overlay" and labels.source is not view._zone_source
    # guide lines, foot titles, longitudinal bands, the names' leader lines and their dots, and the
    # keyboard's focus ring (a halo and a dashed line)
    assert len(overlays) == 7
    assert all(r.data_source is not view._zone_source for r in overlays)
    state.select("liver", "right")
    assert style(view)[("liver", "right")]["line_color"] == SELECTED_LINE
    assert labels.source.data == names


def test_the_zone_source_names_each_zones_emphasis_for_the_names_to_read_the_selection(view, state):
    # the browser places the selected zone's name first; it finds the selection in this column
    data = view._zone_source.data
    assert set(data["emphasis"]) == {"plain"}
    state.select("liver", "right")
    rows = [
        (z, f)
        for z, f, e in zip(data["zone_id"], data["foot"], data["emphasis"], strict=True)
        if e == "selected"
    ]
    assert rows == [("liver", "right")]
    state.clear()
    assert "selected" not in data["emphasis"]


def test_label_and_longitudinal_toggles(view, state):
    labels, bands, band_labels = _layers(view)
    assert labels.visible and not bands.visible and not band_labels.visible
    state.show_labels = False
    assert not labels.visible
    state.show_longitudinal = True
    assert bands.visible and band_labels.visible
    state.param.update(show_labels=True, show_longitudinal=False)
    assert labels.visible and not bands.visible and not band_labels.visible


def test_longitudinal_bands_are_numbered_1_to_5_from_the_big_toe_on_each_foot(default_map):
    bands = map_columns(default_map)["bands"]
    pairs = list(zip(bands["text"], bands["text_x"], strict=True))
    # the left sole is drawn left of x = 0, both big toes face the middle
    for foot, medial in (("left", max), ("right", min)):
        texts = [t for t, x in pairs if (x < 0) == (foot == "left")]
        assert sorted(texts) == ["1", "2", "3", "4", "5"], foot
        xs = {t: x for t, x in pairs if (x < 0) == (foot == "left")}
        assert medial(xs.values()) == xs["1"], foot


def test_hover_names_zones_unless_a_quiz_or_a_presenting_teacher_withholds_names(view, state):
    hover = view._hover
    zones = hover.renderers
    assert len(zones) == 1 and hover.tooltips
    state.show_labels = False  # in Explore names off only clears the map
    assert hover.renderers == zones
    state.show_labels = True
    for hidden in ({"show_labels": False, "present": True}, {"quizzing": True}):
        state.param.update(**hidden)
        assert hover.renderers == [], hidden
        state.param.update(show_labels=True, quizzing=False, present=False)
        assert hover.renderers == zones, hidden  # and back: the tool itself stays active in the browser
        assert view.figure.toolbar.active_inspect in ("auto", hover, [hover]), hidden


def test_tapping_each_zone_selects_it_on_the_right_foot(default_map, view, state):
    wrong = []
    for zone_id, foot in zip(default_map.zones["zone_id"], default_map.zones["foot"], strict=True):
        state.clear()
        tap(view, *display_point(default_map, zone_id, foot))
        if state.selected != (zone_id, foot):
            wrong.append(((zone_id, foot), state.selected))
        elif style(view)[(zone_id, foot)]["line_color"] != SELECTED_LINE:
            wrong.append(((zone_id, foot), "not outlined"))
    assert not wrong


def test_the_left_foot_is_drawn_mirrored_on_the_left(default_map, view, state):
    x, y = display_point(default_map, "heart", "left")
    assert x < 0
    tap(view, -x, y)  # the same spot mirrored onto the right foot: never a left-foot zone
    assert state.selected is None or state.selected[1] == "right"
    tap(view, x, y)
    assert state.selected == ("heart", "left")


@pytest.mark.parametrize("x", [0.0, -1.0, 1.0])
def test_a_tap_between_the_feet_clears(default_map, view, state, x):
    state.select("liver", "right")
    tap(view, x, 130.0)
    assert state.selected is None
    assert state.message == ""


@pytest.mark.parametrize("foot", ["left", "right"])
def test_a_tap_on_the_sole_outside_every_zone_clears(default_map, view, state, foot):
    state.select("kidney", "left")
    x, y = outside_point(default_map, foot)
    tap(view, float(display_x(foot, default_map.outline(foot), x)), y)
    assert state.selected is None


def test_a_tap_on_the_side_of_a_missing_foot_clears(write_chart):
    chart = load_chart(write_chart())  # one zone, left foot only
    state = AppState(chart)
    view = MapView(state=state)
    x, y = display_point(chart, "test-zone", "left")
    tap(view, x, y)
    assert state.selected == ("test-zone", "left")
    tap(view, -x, y)
    assert state.selected is None
    assert state.message == ""


def test_a_failing_tap_handler_shows_a_friendly_message(default_map, view, state, monkeypatch, caplog):
    def broken(*_args):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(state, "select_at", broken)
    x, y = display_point(default_map, "liver", "right")
    with caplog.at_level(logging.ERROR, logger="reflexmap.dashboard"):
        tap(view, x, y)
    assert state.message == SORRY
    assert "simulated failure" in caplog.text
    assert state.selected is None
    # the tap still counts as answered, or the browser would wait for an answer forever
    assert state.map_taps == view.taps.tap[0]


def test_guarded_passes_results_through_and_swallows_errors(state):
    assert guarded(state, lambda a, b=0: a + b)(1, b=2) == 3
    assert state.message == ""
    state.param.update(offer="liver|right", offer_label="Show Liver")
    assert guarded(state, lambda: 1 / 0)() is None
    assert state.offer == state.offer_label == ""
    assert state.message == SORRY


@pytest.fixture(scope="module")
def shared_view():
    chart = load_chart()
    return MapView(state=AppState(chart))


@settings(max_examples=150, deadline=None)
@given(x=st.floats(-130, 130), y=st.floats(-10, 275))
def test_a_tap_selects_the_zone_drawn_under_it(shared_view, x, y):
    chart = shared_view.state.chart
    shared_view.state.select("kidney", "left")
    tap(shared_view, x, y)
    point = shapely.Point(x, y)
    drawn = {
        (z, f): display_transform(f, chart.outline(f))(g)
        for z, f, g in zip(chart.zones["zone_id"], chart.zones["foot"], chart.zones["geometry"], strict=True)
    }
    selected = shared_view.state.selected
    if selected is None:
        assert not any(g.buffer(-1e-6).contains(point) for g in drawn.values())
    else:
        assert drawn[selected].distance(point) < 1e-6
        assert (x < 0) == (selected[1] == "left")


# --- details ----------------------------------------------------------------------------------------


def test_zone_html_is_the_empty_state_without_a_selection(state):
    assert zone_html(state) == EMPTY
    assert "Pick a zone" in EMPTY
    # the same words on a phone, a laptop and the offline export: no hover without a mouse
    assert "click or tap" in EMPTY.lower() and "hover" not in EMPTY.lower()
    state.select("no-such-zone", "left")
    assert zone_html(state) == EMPTY


def test_zone_html_for_the_liver(default_map, state):
    state.select("liver", "right")
    html = zone_html(state)
    zone = default_map.zone("liver", foot="right")
    assert f"<h2>{escape(zone.name)}</h2>" in html
    assert "Right foot" in html and "Left foot" not in html
    assert "Digestive system" in html
    assert 'data-zone="liver"' in html and 'data-foot="right"' in html
    assert "Only on the right foot" in html
    for area in zone.body_areas:
        assert escape(area) in html
    tech = zone.technique
    assert escape(tech.method[:1].upper() + tech.method[1:]) in html
    for text in (tech.how, tech.direction, tech.pressure, tech.duration):
        assert escape(text) in html
    assert zone.caveats
    for caveat in zone.caveats:
        assert f"<li>{escape(caveat)}</li>" in html
    assert zone.notes and escape(zone.notes) in html


def test_zone_html_names_the_other_foot_of_a_paired_zone(state):
    state.select("kidney", "left")
    html = zone_html(state)
    assert "Left foot" in html
    assert "Also on the right foot" in html


def test_zone_html_without_caveats_or_notes(write_chart, make_zone):
    state = AppState(load_chart(write_chart([make_zone("plain", caveats=[], notes="")])))
    state.select("plain", "left")
    html = zone_html(state)
    assert "No cautions specific to this zone" in html
    assert "<ul>" not in html
    assert "Where charts differ" not in html


def test_zone_html_keeps_the_capitals_of_the_technique_text(write_chart, make_zone):
    technique = {
        "method": "walking with the Ingham grip",
        "how": "As taught by Ingham.",
        "direction": "toward the toes",
        "pressure": "firm",
        "duration": "1 minute",
    }
    state = AppState(load_chart(write_chart([make_zone("ingham", technique=technique)])))
    state.select("ingham", "left")
    assert "Walking with the Ingham grip" in zone_html(state)


def test_zone_html_escapes_every_chart_text(hostile_chart):
    state = AppState(hostile_chart)
    state.select("hostile", "left")
    html = zone_html(state)
    zone = hostile_chart.zone("hostile", foot="left")
    assert "&lt;img" in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<script" not in html
    for text in (
        zone.name,
        *zone.body_areas,
        zone.technique.how,
        zone.technique.direction,
        zone.technique.pressure,
        zone.technique.duration,
        *zone.caveats,
        zone.notes,
    ):
        # escaped in whatever form (&#39; or &#x27;), it reads as the text itself
        assert text.split(" ", 1)[1] in unescape(html)
    for label in ("Name", "area one", "area two", "how", "direction", "pressure", "duration", "caveat one"):
        assert f"{label} &lt;img" in html


def test_zone_list_escapes_every_chart_text(hostile_chart):
    html = zone_list_html(hostile_chart, "tag")
    assert "<img" not in html and "<script" not in html
    zone = hostile_chart.zone("hostile", foot="left")
    for text in (zone.name, ", ".join(zone.body_areas)):
        assert text in unescape(html)


def test_a_template_missing_a_value_fails_instead_of_leaving_a_gap():
    with pytest.raises(jinja2.UndefinedError):
        render("zone_details.html", words={})


def test_details_pane_follows_the_selection(default_map, state):
    pane = DetailsPane(state=state)
    assert pane.html == EMPTY
    state.select("liver", "right")
    assert 'data-zone="liver"' in pane.html
    state.select_at("left", *zone_point(default_map, "heart", "left"))
    assert 'data-zone="heart"' in pane.html and 'data-foot="left"' in pane.html
    state.select("kidney", "right")
    assert 'data-foot="right"' in pane.html and "Also on the left foot" in pane.html
    state.clear()
    assert pane.html == EMPTY


def test_names_off_keeps_the_details_in_explore_and_withholds_them_while_presenting(state):
    pane = DetailsPane(state=state)
    state.param.update(show_labels=False)
    state.select("liver", "right")
    assert 'data-zone="liver"' in pane.html  # names off only clears the map
    state.present = True
    assert 'data-testid="details-hidden"' in pane.html and "Liver" not in pane.html
    state.reveal()
    assert 'data-zone="liver"' in pane.html
    state.quizzing = True
    assert 'data-testid="details-hidden"' in pane.html and "Liver" not in pane.html


def test_the_browser_holds_every_zones_details_as_python_renders_them(default_map, state):
    view = DetailsPane(state=state).__panel__()
    keys = list(zip(default_map.zones["zone_id"], default_map.zones["foot"], strict=True))
    assert len(view.rows) == len(keys)
    for html, (zone_id, foot) in zip(view.rows, keys, strict=True):
        state.select(zone_id, foot)
        assert html == zone_html(state)


def test_a_tap_reaches_the_details_once_with_its_count(default_map, state):
    """One update per tap carrying both the answer and the count, so the browser can tell
    the answer to this tap from an answer to an older one."""
    view = MapView(state=state)
    details = DetailsPane(state=state, channel=view.channel)
    updates = []
    # what the page's model receives: the answer is written onto it, with no Python event
    model = details.__panel__().get_root(Document())
    model.data.on_change("shown", lambda _attr, _old, new: updates.append(new))
    tap(view, *display_point(default_map, "liver", "right"))
    assert len(updates) == 1
    assert updates[0]["taps"] == 1 and 'data-zone="liver"' in updates[0]["html"]
    tap(view, *display_point(default_map, "liver", "right"))  # the same zone again: still answered
    assert [u["taps"] for u in updates] == [1, 2] and updates[1]["html"] == updates[0]["html"]


@pytest.mark.parametrize(
    "report", [["one", 1.0, 2.0], [1, float("nan"), 0.0], [1.5, 10.0, 10.0], [1, 2], [1, "x", 3], [[1], 2, 3]]
)
def test_a_malformed_tap_from_the_browser_is_ignored(default_map, state, report, caplog):
    view = MapView(state=state)
    state.select("heart", "left")
    with caplog.at_level(logging.WARNING, logger="reflexmap.dashboard"):
        view.taps.tap = report
    assert state.selected == ("heart", "left") and state.map_taps == 0 and state.message == ""
    assert "malformed tap" in caplog.text


def test_the_browser_answers_taps_only_where_it_knows_the_answer(default_map, state):
    view = DetailsPane(state=state).__panel__()
    assert view.armed and all(view.selectable)
    state.systems = [s for s in state.systems if s != "digestive"]
    digestive = (default_map.zones["system"] == "digestive").tolist()
    assert view.selectable == [not d for d in digestive]
    state.foot_filter = "left"
    assert not any(
        sel for sel, foot in zip(view.selectable, default_map.zones["foot"], strict=True) if foot == "right"
    )
    state.show_labels = False  # in Explore this only clears the map: the browser may answer
    assert view.armed
    state.present = True  # a teacher reveals zones one by one: Python decides what shows
    assert not view.armed
    state.param.update(show_labels=True, present=False)
    assert view.armed
    state.quizzing = True  # the details would give the answer away
    assert not view.armed


# --- search -----------------------------------------------------------------------------------------


@pytest.fixture
def search(state) -> SearchPanel:
    return SearchPanel(state=state)


def test_typing_updates_query_results_and_count(search, state):
    assert not search.results.visible
    assert "Try" in search.count.object
    search.box.value_input = "kidney"
    assert state.query == "kidney"
    assert search.results.options == {
        "Kidney - Left foot": "kidney|left",
        "Kidney - Right foot": "kidney|right",
    }
    assert search.results.visible
    assert '2 matches for "kidney"' in search.count.object

    search.box.value_input = "liver"
    assert search.results.options == {"Liver - Right foot": "liver|right"}
    assert '1 match for "liver"' in search.count.object

    search.box.value_input = "zzzz"
    assert search.results.options == {}
    assert not search.results.visible
    assert 'No zone matches "zzzz"' in search.count.object

    search.box.value_input = ""
    assert state.query == ""
    assert not search.results.visible
    assert search.count.object == count_html("", 0)


def test_result_options_are_labelled_by_name_and_foot_best_first(default_map):
    results = default_map.find("lower back")
    options = result_options(results)
    expected = [
        (f"{name} - {FOOT_LABEL[foot]}", f"{zone_id}|{foot}")
        for zone_id, foot, name in zip(results["zone_id"], results["foot"], results["name"], strict=True)
    ]
    assert list(options.items()) == expected
    assert "Lumbar spine - Left foot" in options


def test_choosing_a_result_selects_it(search, state):
    search.box.value_input = "kidney"
    search.results.value = ["kidney|right"]
    assert state.selected == ("kidney", "right")
    search.results.value = ["kidney|left"]
    assert state.selected == ("kidney", "left")


def test_choosing_the_same_result_again_after_a_map_click_selects_it_again(default_map, search, state):
    search.box.value_input = "liver"
    search.results.value = ["liver|right"]
    assert state.selected == ("liver", "right")
    state.select_at("left", *zone_point(default_map, "heart", "left"))  # what a map tap does
    assert state.selected == ("heart", "left")
    search.results.value = ["liver|right"]  # the person picks the liver again
    assert state.selected == ("liver", "right")


def test_results_with_the_same_name_on_one_foot_are_all_listed(write_chart, make_zone):
    chart = load_chart(
        write_chart(
            [
                make_zone("first", name="Twin zone", box=(30, 100, 50, 120)),
                make_zone("second", name="Twin zone", box=(30, 130, 50, 150)),
            ]
        )
    )
    state = AppState(chart)
    search = SearchPanel(state=state)
    search.box.value_input = "twin"
    assert len(state.search_results()) == 2
    assert sorted(search.results.options.values()) == ["first|left", "second|left"]
    assert len(set(search.results.options)) == 2
    assert '2 matches for "twin"' in search.count.object
    for value in ("first|left", "second|left"):
        search.results.value = [value]
        assert state.selected == tuple(value.split("|"))


def test_filter_widgets_update_the_state_and_the_results(default_map, search, state):
    present = set(default_map.zones["system"])
    assert search.system.options == [ALL_SYSTEMS, *(s.capitalize() for s in SYSTEMS if s in present)]
    search.box.value_input = "kidney"

    search.foot.value = "Left"
    assert state.foot_filter == "left"
    assert search.results.options == {"Kidney - Left foot": "kidney|left"}
    assert '1 match for "kidney"' in search.count.object
    search.foot.value = "Right"
    assert state.foot_filter == "right"
    search.foot.value = "Both feet"
    assert state.foot_filter == BOTH
    assert len(search.results.options) == 2

    search.system.value = "Digestive"
    assert state.systems == ["digestive"]
    assert search.results.options == {}
    assert 'No zone matches "kidney"' in search.count.object
    search.system.value = "Urinary"
    assert state.systems == ["urinary"]
    assert len(search.results.options) == 2
    search.system.value = ALL_SYSTEMS
    assert state.systems == list(SYSTEMS)


def test_system_filter_offers_only_systems_in_the_chart(write_chart):
    search = SearchPanel(state=AppState(load_chart(write_chart())))  # one digestive zone
    assert search.system.options == [ALL_SYSTEMS, "Digestive"]


def test_a_failing_pick_shows_a_friendly_message(search, state, monkeypatch):
    def broken(*_args):
        raise RuntimeError("simulated failure")

    search.box.value_input = "kidney"
    monkeypatch.setattr(state, "select", broken)
    search.results.value = ["kidney|left"]
    assert state.message == SORRY


def test_count_html():
    assert "Try" in count_html("", 0) and "Try" in count_html("   ", 3)
    assert '1 match for "liver"' in count_html("liver", 1)
    assert "matches" not in count_html("liver", 1)
    assert '3 matches for "back"' in count_html("back", 3)
    assert '2 matches for "kindey" (read as "kidney"),' in count_html("kindey", 2, read_as="kidney")
    assert '(read as "&lt;b&gt;")' in count_html("<b", 1, read_as="<b>")
    assert 'No zone matches "x"' in count_html("x", 0)
    for n in (0, 2):
        html = count_html('<img src=x onerror=alert(1)>"', n)
        assert "&lt;img src=x onerror=alert(1)&gt;&quot;" in html
        assert "<img" not in html


# --- routines ---------------------------------------------------------------------------------------


@pytest.fixture
def routines(state) -> RoutinesPanel:
    return RoutinesPanel(state=state)


def test_choices_a_key_may_follow_reach_python_at_once(default_map, monkeypatch):
    """The routine drop-down, its steps and the map's layer boxes share state with the presenter's
    keys (arrows, L), which reach Python at once: held back by Panel's debounce, a choice followed
    at once by a key was handled after the key (test_learning_browser shows it for routines)."""
    dashboard = Dashboard(default_map)
    scheduled = []
    monkeypatch.setattr(pn.state, "execute", lambda callback, schedule="auto": scheduled.append(schedule))
    for widget in (dashboard.routines.picker, dashboard.routines.steps, dashboard._layers):
        doc = FakeSessionDoc()
        try:  # the choice as the page sends it: the widget's value under its Bokeh name
            widget._server_change(doc, "ref", None, widget._rename.get("value", "value"), None, [0])
        finally:
            pn.state._change_callbacks.pop(doc, None)
        assert (scheduled, doc.debounced) == ([True], []), type(widget).__name__
        scheduled.clear()


def test_routine_picker_lists_every_routine(default_map, routines):
    options = routines.picker.options
    assert next(iter(options)) == NONE and options[NONE] == ""
    assert list(options.values())[1:] == [r.routine_id for r in default_map.routines.routines]
    assert routines.picker.value == ""
    assert not routines.steps.visible


def test_choosing_a_routine_and_a_step(default_map, routines, state):
    routine = default_map.routines.get("anti-stress-toes")
    routines.picker.value = "anti-stress-toes"
    assert (state.routine, state.step) == ("anti-stress-toes", -1)
    assert routines.steps.visible
    assert routines.steps.value is None
    assert routines.steps.options == [
        step_label(i, s.text, s.duration_s) for i, s in enumerate(routine.steps)
    ]
    assert escape(routine.audience) in routines.info.object
    assert escape(routine.notes) in routines.info.object
    assert state.highlighted() == set()

    routines.steps.value = routines.steps.options[1]
    assert state.step == 1
    ids = set(default_map.routines.step_zones(routine.steps[1]))
    assert {z for z, _ in state.highlighted()} == ids

    routines.steps.value = routines.steps.options[3]
    assert state.step == 3


def test_switching_routines_resets_the_step(default_map, routines, state):
    routines.picker.value = "anti-stress-toes"
    routines.steps.value = routines.steps.options[2]
    routines.picker.value = "heel-spur"
    heel_spur = default_map.routines.get("heel-spur")
    assert (state.routine, state.step) == ("heel-spur", -1)
    assert len(routines.steps.options) == len(heel_spur.steps)
    timed = [i for i, s in enumerate(heel_spur.steps) if s.duration_s]
    assert timed
    for i in timed:
        assert f"({heel_spur.steps[i].duration_s // 60} min)" in routines.steps.options[i]


def test_choosing_no_routine_resets(routines, state):
    routines.picker.value = "anti-stress-toes"
    routines.steps.value = routines.steps.options[1]
    assert state.highlighted()
    routines.picker.value = routines.picker.options[NONE]
    assert (state.routine, state.step) == ("", -1)
    assert not routines.steps.visible
    assert routines.info.object == ""
    assert state.highlighted() == set()

    # the same routine and step again work as the first time
    routines.picker.value = "anti-stress-toes"
    assert state.step == -1
    routines.steps.value = routines.steps.options[1]
    assert state.step == 1


def test_step_label():
    assert step_label(0, "Stroke the foot.", None) == "1. Stroke the foot."
    assert step_label(3, "Walk on a mat.", 900) == "4. Walk on a mat. (15 min)"


# --- safety -----------------------------------------------------------------------------------------


def escaped(text: str) -> str:
    """``text`` as the templates escape it (``&#39;`` for an apostrophe, where html.escape has ``&#x27;``)."""
    return str(markupsafe.escape(text))


def test_safety_html_lists_all_the_safety_content(default_map):
    safety = default_map.caveats
    html = safety_html(safety)
    for paragraph in safety.diagnostic_limit:
        assert f"<p>{escaped(paragraph)}</p>" in html
    for item in (
        *safety.contraindications,
        *safety.pregnancy.restrictions,
        *safety.pregnancy.never,
        *safety.children.points,
        *safety.side_effects,
        *safety.general,
    ):
        assert f"<li>{escaped(item)}</li>" in html, item
    for text in (safety.contraindications_note, safety.pregnancy.summary, safety.children.summary):
        assert escaped(text) in html


def test_safety_text_is_escaped(default_map):
    safety = default_map.caveats
    hostile = replace(
        safety,
        notice=f"notice {HOSTILE}",
        diagnostic_limit=(f"limit {HOSTILE}",),
        contraindications=(f"contra {HOSTILE}",),
        pregnancy=replace(
            safety.pregnancy, restrictions=(f"restriction {HOSTILE}",), never=(f"never {HOSTILE}",)
        ),
    )
    html = safety_html(hostile) + notice(hostile).object
    for label in ("notice", "limit", "contra", "restriction", "never"):
        assert f"{label} {escaped(HOSTILE)}" in html
    assert "<img" not in html and "<script" not in html


def test_notice_says_reflexology_does_not_diagnose(default_map):
    safety = default_map.caveats
    pane = notice(safety)
    assert isinstance(pane, pn.pane.HTML)
    assert escaped(safety.notice) in pane.object
    assert "does not diagnose" in pane.object
    assert 'data-testid="notice"' in pane.object


# --- layout -----------------------------------------------------------------------------------------


def test_create_app_returns_a_panel_viewable(default_map):
    app = create_app(default_map)
    assert isinstance(app, pn.viewable.Viewable)
    texts = "".join(html_objects(app))
    assert escaped(default_map.caveats.notice) in texts
    assert 'data-testid="legend"' in texts
    assert 'data-testid="details-empty"' in texts


def test_dashboard_exposes_one_state_shared_by_its_parts(default_map):
    dashboard = Dashboard(default_map)
    state = dashboard.state
    assert isinstance(state, AppState) and state.chart is default_map
    for part in (dashboard.map, dashboard.details, dashboard.search, dashboard.routines):
        assert part.state is state
    state.select("liver", "right")
    assert 'data-zone="liver"' in dashboard.details.html
    assert style(dashboard.map)[("liver", "right")]["line_color"] == SELECTED_LINE

    given_state = AppState(default_map)
    assert Dashboard(default_map, state=given_state).state is given_state
    # outside a server page (a notebook) there is no address to keep nor connection to watch
    assert dashboard.address is None and dashboard.connection is None


def test_dashboards_are_independent(default_map):
    one, two = Dashboard(default_map), Dashboard(default_map)
    assert one.state is not two.state
    one.search.box.value_input = "kidney"
    one.search.results.value = ["kidney|left"]
    assert one.state.selected == ("kidney", "left")
    assert two.state.selected is None and two.state.query == ""
    assert two.details.html == EMPTY
    assert not any(v["line_color"] in EMPHASIS for v in style(two.map).values())


def test_dashboard_shows_messages_escaped(default_map):
    dashboard = Dashboard(default_map)
    alerts = [p for p in dashboard.layout.select(pn.pane.HTML) if not p.visible]
    assert alerts  # the message pane starts hidden
    dashboard.state.message = "<b>it broke</b>"
    shown = [p for p in dashboard.layout.select(pn.pane.HTML) if 'role="alert"' in str(p.object)]
    assert len(shown) == 1 and shown[0].visible
    assert "&lt;b&gt;it broke&lt;/b&gt;" in shown[0].object
    dashboard.state.message = ""
    assert not shown[0].visible


def test_layer_checkboxes_drive_the_state(default_map):
    dashboard = Dashboard(default_map)
    group = dashboard._layers
    labels, bands, _ = _layers(dashboard.map)
    assert len(group.value) == 1  # names on, longitudinal zones off
    group.value = []
    assert dashboard.state.show_labels is False and not labels.visible
    group.value = list(group.options)
    assert dashboard.state.show_labels and dashboard.state.show_longitudinal
    assert labels.visible and bands.visible
    dashboard.state.show_labels = False  # e.g. the "l" key: the box follows
    assert group.value == ["Show the 5 longitudinal zones"]


def test_hostile_chart_text_is_escaped_everywhere_in_the_dashboard(hostile_chart):
    dashboard = Dashboard(hostile_chart)
    dashboard.search.box.value_input = "<img"
    dashboard.state.select("hostile", "right")
    texts = html_objects(dashboard.layout)
    joined = "".join(texts)
    assert "&lt;img" in joined
    assert "<img" not in joined and "<script" not in joined


def test_legend_lists_only_the_systems_present(default_map, write_chart):
    present = set(default_map.zones["system"])
    assert present != set(SYSTEMS)  # the default chart has no reproductive zones
    html = legend_html(default_map)
    for system in SYSTEMS:
        assert (f"{system.capitalize()}</span>" in html) == (system in present), system
    assert html.count("rm-swatch") == len(present)
    for color in EMPHASIS:
        assert color in html

    small = legend_html(load_chart(write_chart()))  # one digestive zone
    assert small.count("rm-swatch") == 1 and "Digestive" in small and "Nervous" not in small


def test_about_html_escapes_the_chart_metadata(hostile_chart):
    html = about_html(hostile_chart)
    info = hostile_chart.info
    assert "&lt;img" in html
    assert "<img" not in html and "<script" not in html
    for text in (info.title, info.description, *info.sources):
        assert escape(text) in html
    assert escape(f"{info.school} - version {info.version} - licence {info.license}") in html


def test_about_html_omits_empty_fields(write_chart):
    def about(meta):
        return about_html(load_chart(write_chart(chart=meta, name=f"c{len(meta)}.geojson")))

    html = about({"title": "Plain chart", "school": "Some school", "license": "MIT"})
    assert "<strong>Plain chart</strong>" in html
    assert "<p>Some school - licence MIT</p>" in html
    assert "version" not in html

    html = about({"title": "Versioned", "version": "2.0"})
    assert "<p>version 2.0</p>" in html
    assert "licence" not in html

    html = about({"title": "Bare"})
    assert "version" not in html and "licence" not in html and " - " not in html


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_about_html_names_the_guide_lines_the_chart_has(default_map, lang):
    _ = translator(lang).gettext
    dashed = _("Dashed lines are guide lines: {names}.").split()[0]  # the sentence's first word
    html = about_html(in_language(default_map, lang), _)
    lines = in_language(default_map, lang).overlays.set_index("name")["label"]
    for name in ("shoulder line", "diaphragm line", "waist line", "pelvic line"):
        assert escape(lines[name].iloc[0]) in html, name
    assert html.count(dashed) == 1
    # the regional example draws no guide line, and its About tab speaks of none
    regional = load_chart(EXAMPLES / "regional_chart.geojson")
    assert regional.overlays.query("kind == 'guide_line'").empty
    assert dashed not in about_html(in_language(regional, lang), _)


# --- server and entry point -------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost"])
def test_allowed_origins_on_loopback(address):
    origins = allowed_origins(address, 5006)
    assert {"localhost:5006", "127.0.0.1:5006"} <= set(origins)
    assert origins[0] == f"{address}:5006"
    assert len(origins) == len(set(origins))
    assert all(o.endswith(":5006") for o in origins)


def test_allowed_origins_on_all_interfaces():
    # the browser on this computer opens such a server at loopback (local_url)
    assert allowed_origins("0.0.0.0", 8080) == ["127.0.0.1:8080", "localhost:8080"]
    assert allowed_origins("192.168.1.20", 80) == ["192.168.1.20:80"]


def test_panel_app_serves_the_chart_named_by_the_environment(write_chart, monkeypatch):
    import reflexmap.dashboard.layout as layout

    served = []

    def recording_create_app(chart):
        served.append(chart)
        return create_app(chart)

    path = write_chart(chart={"title": "From the environment"})
    monkeypatch.setenv("REFLEXMAP_MAP", str(path))
    monkeypatch.setattr(layout, "create_app", recording_create_app)
    monkeypatch.delitem(sys.modules, "reflexmap.dashboard.panel_app", raising=False)
    importlib.import_module("reflexmap.dashboard.panel_app")
    monkeypatch.delitem(sys.modules, "reflexmap.dashboard.panel_app")
    assert [chart.info.title for chart in served] == ["From the environment"]


def test_reflexmap_app_is_the_notebook_entry_point():
    import reflexmap

    shown = reflexmap.app()
    assert isinstance(shown, pn.viewable.Viewable)
    # what it renders carries the always-visible notice
    html = "".join(str(p.object) for p in shown.select(pn.pane.HTML))
    assert "does not diagnose" in html


# --- quiz progress ------------------------------------------------------------------------------


def test_each_chart_keeps_its_own_quiz_progress(default_map, tmp_path):
    example = EXAMPLES / "regional_chart.geojson"
    regional = load_chart(example)
    # the built-in chart keeps the key progress was always stored under
    assert progress_key(default_map) == PROGRESS_KEY
    assert progress_key(regional) not in (PROGRESS_KEY, progress_key(default_map))
    # a corrected copy of the same chart (same title and school) keeps its progress ...
    data = json.loads(example.read_text())
    copy = tmp_path / "copy.geojson"
    copy.write_text(json.dumps(data))
    assert progress_key(load_chart(copy)) == progress_key(regional)
    # ... another school's chart of the same name does not
    data["chart"]["school"] = "another school"
    copy.write_text(json.dumps(data))
    assert progress_key(load_chart(copy)) != progress_key(regional)
    assert Dashboard(regional).quiz.store.storage_key == progress_key(regional)
    # the built-in chart however it is named
    assert progress_key(load_chart(Path(default_chart_path()).parent)) == PROGRESS_KEY


def test_untitled_charts_of_the_same_file_name_keep_apart(tmp_path, make_zone):
    # a chart without a title is named after its file: chart.json, upload.geojson...
    keys = set()
    for zone_id in ("liver", "heart"):
        folder = tmp_path / zone_id
        folder.mkdir()
        data = {"type": "FeatureCollection", "features": [make_zone(zone_id)]}
        (folder / "chart.geojson").write_text(json.dumps(data))
        keys.add(progress_key(load_chart(folder / "chart.geojson")))
    assert len(keys) == 2


def test_the_message_offers_a_hidden_zone_and_the_filters_follow_when_taken(default_map):
    dashboard = Dashboard(default_map)
    bar, search = dashboard._message, dashboard.search
    search.system.value = "Nervous"
    search.foot.value = "Left"
    dashboard.state.select_at("right", *zone_point(default_map, "liver", "right"))
    assert bar._row.visible and bar._button.visible and bar._button.label == "Show Liver"
    assert 'role="status"' in bar._text.object and "Liver is hidden by the Nervous filter" in bar._text.object
    bar._button.clicks += 1
    assert dashboard.state.selected == ("liver", "right")
    assert not bar._row.visible and not bar._button.visible
    assert (search.system.value, search.foot.value) == (ALL_SYSTEMS, "Both feet")
    dashboard.state.message = "it broke"  # a plain failure: an alert, no button
    assert 'role="alert"' in bar._text.object and not bar._button.visible


def test_during_a_quiz_round_names_and_search_matches_stay_off_the_map(default_map):
    # seen: ticking "Show zone names" mid-round brought every name back, and typing the zone in
    # search outlined the answer in orange
    dash = Dashboard(default_map)
    state, quiz = dash.state, dash.quiz
    quiz._start()
    assert state.quizzing
    assert dash._layers.disabled and dash.search.box.disabled
    labels = dash.map._labels
    state.show_labels = True  # as a tick would, were the box not locked
    assert not any(labels.source.data["label"]) or not labels.visible
    assert not labels.visible
    state.query = "liver"
    assert state.highlighted() == set()
    assert "match" not in dash.map._zone_source.data["emphasis"]
    quiz._finish(stopped=True)
    assert not dash._layers.disabled and not dash.search.box.disabled
    assert state.labels_shown and labels.visible
    assert state.highlighted()  # the search matches come back with the round's end


def test_the_map_of_what_i_know_paints_levels_and_a_weakest_round_asks_them(default_map):
    from reflexmap.knowledge import LEVELS
    from reflexmap.quiz import ItemStats, Progress

    dash = Dashboard(default_map)
    quiz, source = dash.quiz, dash.map._zone_source
    quiz.store.param.update(
        value=Progress(
            {
                "heart|left": ItemStats(box=1, seen=3, right=1),
                "liver|right": ItemStats(box=5, seen=5, right=5),
            }
        ).to_json(),
        loaded=True,
    )
    systems = list(source.data["color"])
    assert not quiz.knowledge_legend.visible
    quiz.paint_map.value = [quiz.paint_map.options[0]]
    row = {key: i for i, key in enumerate(zip(source.data["zone_id"], source.data["foot"], strict=True))}
    heart, liver, kidney = row["heart", "left"], row["liver", "right"], row["kidney", "left"]
    assert source.data["color"][heart] == LEVELS["shaky"].colour and source.data["hatch"][heart] == "x"
    assert source.data["color"][liver] == LEVELS["known"].colour
    assert source.data["color"][kidney] == LEVELS["new"].colour
    assert source.data["knowledge"][heart] == "Shaky: wrong last time"  # the hover says it in words
    legend = quiz.knowledge_legend.object
    assert quiz.knowledge_legend.visible
    for words in ("Well known: 1", "Shaky: wrong last time: 1", "Not asked yet: 58"):
        assert words in legend
    # a weakest round starts from the shakiest zone; the map shows body systems while it runs
    quiz.length.value = 5
    quiz._start(weakest_only=True)
    assert quiz.round.pool[0] == "heart|left" and "liver|right" not in quiz.round.pool
    assert list(source.data["color"]) == systems and not quiz.knowledge_legend.visible
    quiz._finish(stopped=True)
    assert source.data["color"][heart] == LEVELS["shaky"].colour
    quiz.paint_map.value = []
    assert list(source.data["color"]) == systems and not quiz.knowledge_legend.visible


def test_another_view_brings_its_details_in_the_pages_language():
    """The rows the page shows at a tap, after a switch of view, are the ones Python would show:
    in the page's language (they were English headings on a Russian page)."""
    state = AppState(load_chart(), lang="ru")
    details = DetailsPane(state=state)
    state.view = "dorsal"
    rows = details.__panel__().rows
    assert rows == all_details_html(state.chart, "ru") != all_details_html(state.chart, "en")
    state.select(*state.chart.zones[["zone_id", "foot"]].iloc[0])
    assert details.html == rows[0]
