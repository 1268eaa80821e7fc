"""The Compare section: the chart on screen (built-in or uploaded) against a built-in chart of
another school, overlaid on the soles with the zones that differ numbered and listed."""

from __future__ import annotations

import asyncio
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..compare import MOVE_MM, SIZE_RATIO, Comparison, compare_maps
from ..library import builtin_charts, load_builtin
from .errors import guarded
from .map_data import drawn_chart
from .state import AppState
from .style import CSS

NONE = "Choose a chart..."


def comparison_html(result: Comparison) -> str:
    """The key to the picture and the numbered list of differences, escaped."""
    from ..export.compare_image import A_COLOR, B_COLOR  # see ComparePanel._compare

    key = (
        f'<p><span style="color:{A_COLOR}">&#9632; A, solid</span>: {escape(result.a)}<br>'
        f'<span style="color:{B_COLOR}">&#9632; B, dashed</span>: {escape(result.b)}</p>'
    )
    if not result.differing:
        return f'<div class="rm-panel" data-testid="comparison">{key}<p>No zone differs.</p></div>'
    rows = "".join(
        f"<li><strong>{escape(zone.name)}</strong> ({escape(zone.zone_id)}): "
        f"{escape('; '.join(zone.changes))}</li>"
        for zone in result.differing
    )
    summary = (
        f"{len(result.differing)} of {len(result.zones)} zones differ; {len(result.same)} are the same "
        f"(within {MOVE_MM:g} mm and {SIZE_RATIO:g}x in size). The numbers match the picture; arrows "
        "run from A's centre of a zone to B's."
    )
    return f'<div class="rm-panel" data-testid="comparison">{key}<p>{summary}</p><ol>{rows}</ol></div>'


class ComparePanel(Viewer):
    """Pick a built-in chart; see how it differs from the chart on screen."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self.picker = pn.widgets.Select(
            label="Compare the chart on screen (A) with (B)",
            options={NONE: "", **{chart_id: chart_id for chart_id in builtin_charts()}},
            sizing_mode="stretch_width",
        )
        self.intro = pn.pane.HTML(
            '<p class="rm-results-count">Schools place some reflexes differently. Pick a chart to see, '
            "zone by zone, what the other school draws elsewhere, larger or not at all. Load your own "
            "chart under About to compare it too.</p>",
            stylesheets=[CSS],
            sizing_mode="stretch_width",
        )
        self.picture = pn.pane.PNG(None, sizing_mode="scale_width", max_width=700, visible=False)
        self.listing = pn.pane.HTML("", stylesheets=[CSS], sizing_mode="stretch_width")
        self.picker.param.watch(guarded(self.state, self._compare), "value")

    def __panel__(self):
        return pn.Column(self.picker, self.intro, self.listing, self.picture, sizing_mode="stretch_width")

    async def _compare(self, event) -> None:
        if not event.new:
            self.picture.visible = False
            self.listing.object = ""
            return
        # imported here: reflexmap.export imports the dashboard's layout (a cycle at import time),
        # and matplotlib need not load in a session that never compares
        from ..export.compare_image import render_comparison

        # the soles of both, whichever view the map shows (the picture draws the soles, and the
        # second school has no other view); compare.py keys zones by (zone_id, view), so both are
        # cut to the same view or the top and side zones of one read as "only in A" or "in B"
        chart, other = drawn_chart(self.state.whole), drawn_chart(load_builtin(event.new))
        result = compare_maps(chart, other)
        # the picture first: the list appearing is the sign that the answer is complete
        # drawing takes seconds: off the event loop every other session shares (the charts and
        # result are this call's own); a later pick that finished first keeps the page
        picture = await asyncio.to_thread(render_comparison, chart, other, result)
        if self.picker.value != event.new:
            return
        self.picture.object = picture
        self.picture.visible = True
        self.listing.object = comparison_html(result)
