"""Every zone as a list of buttons, grouped by foot and body system: the map for screen readers.

A button carries its zone's row and the map's tag; ``MAP_KEYS_JS`` selects that row the way a
click on the map does. The HTML is a pure function of the chart, shared by the dashboard and the
offline export.
"""

from __future__ import annotations

import panel as pn
import param
from panel.viewable import Viewer

from ..web.map_keys import KEYS_CSS
from ..web.style import CSS
from ..web.zone_list_html import zone_list_html
from .state import AppState


class ZoneList(Viewer):
    """:func:`zone_list_html` for the map tagged ``channel``; away while a quiz runs (the names
    would answer it)."""

    state = param.ClassSelector(class_=AppState)
    channel = param.String(constant=True)

    def __init__(self, **params):
        super().__init__(**params)
        self._pane = pn.pane.HTML(
            zone_list_html(self.state.chart, self.channel, self.state._),
            stylesheets=[CSS, KEYS_CSS],
            sizing_mode="stretch_width",
            visible=not self.state.quizzing,
        )
        self.state.param.watch(lambda e: setattr(self._pane, "visible", not e.new), "quizzing")
        # the buttons name the rows of the view drawn, in the page's language
        self.state.param.watch(
            lambda _e: setattr(
                self._pane, "object", zone_list_html(self.state.chart, self.channel, self.state._)
            ),
            "view",
        )

    def __panel__(self):
        return self._pane
