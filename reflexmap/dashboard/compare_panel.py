"""The Compare section: the chart on screen (built-in or uploaded) against a built-in chart of
another school, overlaid on the soles with the zones that differ numbered and listed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..compare import MOVE_MM, SIZE_RATIO, Comparison, compare_charts
from ..i18n import N_, in_language
from ..library import builtin_charts, load_builtin
from ..web.map_data import drawn_chart
from ..web.style import CSS
from .errors import guarded
from .state import AppState

NONE = N_("Choose a chart...")


def comparison_html(result: Comparison, _: Callable[[str], str] = str) -> str:
    """The key to the picture and the numbered list of differences, escaped (``_`` translates)."""
    from ..export.compare_image import A_COLOR, B_COLOR  # see ComparePanel._compare

    solid, dashed = escape(_("A, solid")), escape(_("B, dashed"))
    key = (
        f'<p><span style="color:{A_COLOR}">&#9632; {solid}</span>: {escape(result.a)}<br>'
        f'<span style="color:{B_COLOR}">&#9632; {dashed}</span>: {escape(result.b)}</p>'
    )
    if not result.differing:
        same = escape(_("No zone differs."))
        return f'<div class="rm-panel" data-testid="comparison">{key}<p>{same}</p></div>'
    rows = "".join(
        f"<li><strong>{escape(zone.name)}</strong> ({escape(zone.zone_id)}): "
        f"{escape('; '.join(zone.described(_)))}</li>"
        for zone in result.differing
    )
    summary = _(
        "{differing} of {zones} zones differ; {same} are the same (within {mm:g} mm and {ratio:g}x in "
        "size). The numbers match the picture; arrows run from A's centre of a zone to B's."
    ).format(
        differing=len(result.differing),
        zones=len(result.zones),
        same=len(result.same),
        mm=MOVE_MM,
        ratio=SIZE_RATIO,
    )
    return (
        f'<div class="rm-panel" data-testid="comparison">{key}<p>{escape(summary)}</p><ol>{rows}</ol></div>'
    )


class ComparePanel(Viewer):
    """Pick a built-in chart; see how it differs from the chart on screen."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        _ = self.state._
        self.picker = pn.widgets.Select(
            label=_("Compare the chart on screen (A) with (B)"),
            options={_(NONE): "", **{chart_id: chart_id for chart_id in builtin_charts()}},
            sizing_mode="stretch_width",
        )
        intro = _(
            "Schools place some reflexes differently. Pick a chart to see, zone by zone, what the other "
            "school draws elsewhere, larger or not at all. Load your own chart under About to compare it too."
        )
        self.intro = pn.pane.HTML(
            f'<p class="rm-results-count">{escape(intro)}</p>',
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
        chart = drawn_chart(self.state.whole)
        other = in_language(drawn_chart(load_builtin(event.new)), self.state.lang)
        result = compare_charts(chart, other)
        # the picture first: the list appearing is the sign that the answer is complete
        # drawing takes seconds: off the event loop every other session shares (the charts and
        # result are this call's own); a later pick that finished first keeps the page
        picture = await asyncio.to_thread(render_comparison, chart, other, result)
        if self.picker.value != event.new:
            return
        self.picture.object = picture
        self.picture.visible = True
        self.listing.object = comparison_html(result, self.state._)
