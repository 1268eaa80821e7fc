"""A class student's map outlining the teacher's zone ahead of the full update.

A teacher's click reaches each student's page first as the zone's row (see
:mod:`reflexmap.dashboard.class_panel` and ``DetailsPane.lead``): the details show it from the
page's own data. This component does the same for the map: the row's zone is drawn selected, its
pair on the other foot outlined, in the browser, before Python's restyle of the map arrives with
the full update.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent

from ..web.assets import js
from ..web.figure import PRESENT_STYLES, ZONE_STYLES
from ..web.tap_js import PLOT_VIEW_JS, ZONES_RENDERER, hit_index
from .state import AppState


class LeadOutline(JSComponent):
    """Restyles the map tagged ``channel`` for each row the details on that channel show ahead of
    Python's answer (their ``reflexmap-lead`` event): no message of its own, so a student's map
    is outlined in the same frame as the details, for nothing more on the server. Renders nothing.
    """

    channel = param.String(constant=True)
    pair = param.List(doc="Per zone row of the view drawn: its row on the other foot (-1: none).")
    present = param.Boolean(default=False, doc="Presentation mode: the projector's stronger styles.")
    zone_styles = param.Dict(default={k: list(v) for k, v in ZONE_STYLES.items()}, constant=True)
    present_zone_styles = param.Dict(default={k: list(v) for k, v in PRESENT_STYLES.items()}, constant=True)

    _esm = (
        PLOT_VIEW_JS + f'const RM_ZONES = "{ZONES_RENDERER}";\n' + js("tap_highlight.js", "lead_outline.js")
    )


def lead_outline(state: AppState, channel: str) -> LeadOutline:
    """A :class:`LeadOutline` of the map on ``channel`` that follows ``state``'s view (its pairs)
    and presentation mode."""
    outline = LeadOutline(channel=channel, pair=hit_index(state.chart)["pair"], present=state.present)
    state.param.watch(lambda _e: setattr(outline, "pair", hit_index(state.chart)["pair"]), "view")
    state.param.watch(lambda e: setattr(outline, "present", e.new), "present")
    return outline
