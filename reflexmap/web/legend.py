"""The key to the map's colours and outlines, in the dashboard and the offline page."""

from __future__ import annotations

from ..charts import SYSTEMS
from ..i18n import N_
from ..labels import SYSTEM_NAMES
from ..model import Chart
from .figure import MATCH_LINE, PAIR_LINE, SELECTED_LINE
from .map_data import SYSTEM_COLORS
from .templates import render

LINES = (
    (SELECTED_LINE, N_("selected")),
    (PAIR_LINE, N_("same zone, other foot")),
    (MATCH_LINE, N_("search match / routine step")),
)
"""The outlines the map draws, each with what it means."""


def legend_html(chart: Chart, _=str) -> str:
    """The key to the map's colours and outlines (``_`` translates its words): ``templates/legend.html``."""
    present = set(chart.zones["system"])
    return render(
        "legend.html",
        systems=[(SYSTEM_COLORS[s], _(SYSTEM_NAMES[s])) for s in SYSTEMS if s in present],
        lines=[(colour, _(label)) for colour, label in LINES],
    )
