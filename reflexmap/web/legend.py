"""The key to the map's colours and outlines, in the dashboard and the offline page."""

from __future__ import annotations

from html import escape

from ..charts import SYSTEMS
from ..i18n import N_
from ..labels import SYSTEM_NAMES
from ..model import ZoneMap
from .figure import MATCH_LINE, PAIR_LINE, SELECTED_LINE
from .map_data import SYSTEM_COLORS


def legend_html(chart: ZoneMap, _=str) -> str:
    """The key to the map's colours and outlines (``_`` translates its words)."""
    present = set(chart.zones["system"])
    items = "".join(
        f'<span class="rm-item"><span class="rm-swatch" style="background:{SYSTEM_COLORS[s]}"></span>'
        f"{escape(_(SYSTEM_NAMES[s]))}</span>"
        for s in SYSTEMS
        if s in present
    )
    lines = "".join(
        f'<span class="rm-item"><span class="rm-line" style="border-color:{color}"></span>'
        f"{escape(_(label))}</span>"
        for color, label in (
            (SELECTED_LINE, N_("selected")),
            (PAIR_LINE, N_("same zone, other foot")),
            (MATCH_LINE, N_("search match / routine step")),
        )
    )
    return f'<div class="rm-legend" data-testid="legend">{items}</div><div class="rm-legend">{lines}</div>'
