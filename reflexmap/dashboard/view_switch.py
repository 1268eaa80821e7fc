"""The view switcher: Sole, Top, Inner side, Outer side.

Where the window is wide, each choice carries a small drawing of its view with the zones the
search found there (and the selected zone) outlined, so all four views are in sight at once and a
match on another view is seen without looking for it. On a phone the drawings give way to four
plain buttons, and the one map below shows the chosen view.

The choices are a radio group as the ARIA pattern has it: Tab reaches the chosen one, the arrow
keys choose another (a native radio group's keys), Enter or Space the focused one.
"""

from __future__ import annotations

from html import escape

import panel as pn
import param
from panel.custom import JSComponent
from panel.viewable import Viewer
from shapely.geometry.base import BaseGeometry

from ..geometry import display_transform
from ..i18n import translator
from ..labels import VIEW_LABEL, VIEW_TITLE
from ..model import Chart
from ..web.assets import js
from ..web.map_data import SYSTEM_COLORS, per_chart
from ..web.style import NO_PRINT, PHONE_MEDIA
from .errors import guarded
from .internals import send_at_once, write_quietly
from .state import AppState

# mm of display: a thumbnail a hundred-odd pixels wide needs no finer outline than this
THUMB_TOLERANCE = 1.2
SWITCH_WIDTH = 128  # px of the column of drawings beside the map

# the row holding the switcher and the map (see layout, a wrapping flex box): side by side, or on
# a phone the switcher (a row of plain buttons) a line of its own above the map
MAP_ROW_CSS = f"""
.rm-views-host {{ flex: 0 0 {SWITCH_WIDTH}px; width: {SWITCH_WIDTH}px; }}
@media {PHONE_MEDIA} {{
  .rm-views-host {{ flex: 1 1 100%; width: 100%; }}
}}
"""

SWITCH_CSS = f"""
.rm-views {{ display: flex; flex-direction: column; gap: 6px; margin: 4px 0 6px; }}
.rm-views button {{ flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; align-items: center;
  gap: 2px; padding: 4px 6px 6px; border: 1px solid #999; border-radius: 8px; background: #fff;
  color: #111; font: inherit; font-size: 14px; cursor: pointer; }}
.rm-views button[aria-checked="true"] {{ border: 2px solid #1f4e9c; background: #eaf1fc; font-weight: 600; }}
.rm-views button:disabled {{ cursor: not-allowed; opacity: .55; }}
.rm-views button:focus-visible {{ outline: 3px solid #1f4e9c; outline-offset: 2px; }}
.rm-views svg {{ width: 100%; height: auto; max-height: 104px; }}
.rm-views path.rm-zone {{ fill-opacity: .55; stroke: #555; stroke-width: .6; }}
.rm-views path.rm-outline {{ fill: #fbf7f2; stroke: #333; stroke-width: 1.5; }}
.rm-views path.rm-mark {{ fill-opacity: .95; stroke: #d35400; stroke-width: 4; }}
.rm-views path.rm-chosen {{ fill-opacity: 1; stroke: #000; stroke-width: 5; }}
.rm-views .rm-badge {{ font-size: 12px; color: #8a3a00; min-height: 1.2em; font-weight: normal; }}
.rm-view-title {{ margin: 2px 0 0; font-size: 15px; font-weight: 600; }}
:host(.rm-compact) .rm-views {{ flex-direction: row; gap: 6px; margin: 0 0 4px; }}
:host(.rm-compact) .rm-views svg {{ display: none; }}
:host(.rm-compact) .rm-views button {{ min-height: 40px; justify-content: center; padding: 2px 8px; }}
:host(.rm-compact) .rm-views .rm-badge {{ min-height: 0; }}
@media {PHONE_MEDIA} {{
  .rm-views {{ flex-direction: row; gap: 4px; }}
  .rm-views svg {{ display: none; }}
  .rm-views button {{ min-height: 44px; justify-content: center; padding: 2px 4px; font-size: 13px; }}
  .rm-views .rm-badge {{ min-height: 0; }}
}}
"""


def _path(geom: BaseGeometry) -> str:
    """SVG path data of a polygon or multipolygon in display mm, y up (the svg flips it)."""
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in (poly.exterior, *poly.interiors):
            points = " ".join(f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1])
            parts.append(f"M{points}Z")
    return "".join(parts)


@per_chart
def thumbnail_svg(chart: Chart) -> str:
    """A small drawing of ``chart`` (of one view) as the map draws it, each zone a path whose
    ``data-key`` is "zone_id|foot"; all text in it is escaped."""
    view = chart.home_view
    paths, bounds = [], []
    for foot in chart.feet:
        place = display_transform(foot, chart.outline(foot), view=view)
        outline = place(chart.outline(foot))
        bounds.append(outline.bounds)
        paths.append(f'<path class="rm-outline" d="{_path(outline.simplify(THUMB_TOLERANCE))}"/>')
        rows = chart.zones[chart.zones["foot"] == foot].sort_values("area_mm2", ascending=False)
        for zone_id, system, geom in zip(rows["zone_id"], rows["system"], rows["geometry"], strict=True):
            shape = place(geom).simplify(THUMB_TOLERANCE)
            colour = SYSTEM_COLORS.get(system, "#999999")
            paths.append(
                f'<path class="rm-zone" data-key="{escape(zone_id)}|{foot}" fill="{colour}" '
                f'd="{_path(shape)}"/>'
            )
    minx = min(b[0] for b in bounds) - 4
    miny = min(b[1] for b in bounds) - 4
    maxx = max(b[2] for b in bounds) + 4
    maxy = max(b[3] for b in bounds) + 4
    return (
        f'<svg viewBox="{minx:.0f} {-maxy:.0f} {maxx - minx:.0f} {maxy - miny:.0f}" aria-hidden="true" '
        f'focusable="false"><g transform="scale(1,-1)">{"".join(paths)}</g></svg>'
    )


@send_at_once("value")
class ViewChoices(JSComponent):
    """The switcher in the page; ``value`` is the view chosen (set by a click or a key)."""

    value = param.String(default="plantar")
    items = param.List(doc="[view, label, svg] per view, in chart order.")
    marks = param.Dict(default={}, doc="view -> 'zone_id|foot' keys outlined as matches there.")
    chosen = param.Dict(default={}, doc="view -> the 'zone_id|foot' selected there.")
    badges = param.Dict(default={}, doc="view -> a short note under its label ('3 matches').")
    disabled = param.Boolean(default=False, doc="Locked (a quiz round asks about the view drawn).")
    caption = param.String(default="View of the feet", doc="The group's name for screen readers.")

    _esm = js("view_choices.js")


class ViewSwitch(Viewer):
    """The switcher and the heading naming the view drawn, bound to one :class:`AppState`."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        state = self.state
        _ = state._
        # a chart of one view has nothing to switch: no drawing (a hostile upload's took seconds)
        several = len(state.views) > 1
        items = [
            [v, _(VIEW_LABEL[v]), thumbnail_svg(state.whole.for_view(v)) if several else ""]
            for v in state.views
        ]
        self.choices = ViewChoices(
            value=state.view,
            items=items,
            caption=_("View of the feet"),
            stylesheets=[SWITCH_CSS],
            css_classes=["rm-views-host", NO_PRINT],
            visible=several,
        )
        self.title = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[SWITCH_CSS], margin=(0, 10))
        self.choices.param.watch(guarded(state, self._on_choice), "value")
        state.param.watch(
            self._follow, ["view", "zone", "foot", "query", "systems", "foot_filter", "quizzing"]
        )
        self._follow()

    def __panel__(self):
        return pn.Column(self.title, self.choices, sizing_mode="stretch_width")

    def _on_choice(self, event) -> None:
        if event.new in self.state.views and not self.state.quizzing:
            self.state.view = event.new
        else:  # a stale or forged choice: the switch shows what the map draws
            self.choices.value = self.state.view

    def _chosen(self) -> dict:
        selected = self.state.selected
        return {self.state.view: f"{selected[0]}|{selected[1]}"} if selected else {}

    def _follow(self, *events) -> None:
        if events and all(event.name in ("zone", "foot") for event in events):
            # a click: only the zone outlined on its thumbnail changes, straight onto the page's
            # model (see MapView._on_tap)
            write_quietly(self.choices, chosen=self._chosen())
            return
        state = self.state
        _ = state._
        found = state.search_results() if state.query.strip() and not state.quizzing else None
        marks, badges = {}, {}
        for view in state.views:
            rows = found[found["view"] == view] if found is not None else found
            if rows is not None and len(rows):
                marks[view] = [f"{z}|{f}" for z, f in zip(rows["zone_id"], rows["foot"], strict=True)]
                count = rows["zone_id"].nunique()
                badges[view] = (
                    translator(state.lang)
                    .ngettext("{count} match", "{count} matches", count)
                    .format(count=count)
                )
        self.choices.param.update(
            value=state.view, marks=marks, badges=badges, chosen=self._chosen(), disabled=state.quizzing
        )
        self.title.object = (
            f'<h2 class="rm-view-title" data-testid="view-title">{escape(_(VIEW_TITLE[state.view]))}</h2>'
        )
