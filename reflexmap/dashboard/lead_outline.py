"""A class student's map outlining the teacher's zone ahead of the full update.

A teacher's click reaches each student's page first as the zone's row (see
:mod:`reflexmap.dashboard.class_panel`): the details show it from the page's own data. This
component does the same for the map: the row's zone is drawn selected, its pair on the other foot
outlined, in the browser, before Python's restyle of the map arrives with the full update.
"""

from __future__ import annotations

from pathlib import Path

import param
from panel.custom import JSComponent

from .map_view import PRESENT_STYLES, ZONE_STYLES
from .tap_js import PLOT_VIEW_JS, ZONES_RENDERER, hit_index

_JS = Path(__file__).with_name("lead_outline.js").read_text(encoding="utf-8")


class LeadOutline(JSComponent):
    """Restyles the map tagged ``channel`` when told a row (:meth:`outline`). Renders nothing."""

    channel = param.String(constant=True)
    zone_styles = param.Dict(default={k: list(v) for k, v in ZONE_STYLES.items()}, constant=True)
    present_zone_styles = param.Dict(default={k: list(v) for k, v in PRESENT_STYLES.items()}, constant=True)

    _esm = PLOT_VIEW_JS + f'const RM_ZONES = "{ZONES_RENDERER}";\n' + _JS

    def outline(self, chart, row: int, present: bool) -> None:
        """Outline zone row ``row`` of ``chart`` (a view's chart; -1: none) in the page now.

        A message, not a change of a parameter: it costs the server no update of the component,
        and it is news, not state (a page drawn later gets the full update instead).
        """
        pair = hit_index(chart)["pair"][row] if row >= 0 else -1
        self._send_msg({"row": row, "pair": pair, "present": present})
