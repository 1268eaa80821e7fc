"""Every zone as a list of buttons, grouped by foot and body system: the map for screen readers.

A button carries its zone's row and the map's tag; ``MAP_KEYS_JS`` selects that row the way a
click on the map does. The HTML is a pure function of the chart, shared by the dashboard and the
offline export.
"""

from __future__ import annotations

from collections.abc import Callable

from ..charts import SYSTEMS
from ..i18n import N_
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import Chart
from .templates import render

SUMMARY = N_("All zones as a list")


def zone_list_html(chart: Chart, tag: str, _: Callable[[str], str] = str) -> str:
    """A collapsed ``<details>`` with, per foot and system, one button per zone (chart row);
    ``_`` translates its headings."""
    zones = chart.zones.reset_index(drop=True)
    rank = {s: i for i, s in enumerate(SYSTEMS)}
    feet = []
    for foot in chart.feet:
        on_foot = zones[zones["foot"] == foot]
        systems = sorted(set(on_foot["system"]), key=lambda s: rank.get(s, len(rank)))
        feet.append(
            {
                "foot": foot,
                "label": _(FOOT_LABEL.get(foot, foot)),
                "systems": [
                    {
                        "heading": _("{system} system").format(system=_(SYSTEM_NAMES.get(system, system))),
                        "zones": list(on_foot[on_foot["system"] == system].iterrows()),
                    }
                    for system in systems
                ],
            }
        )
    return render(
        "zone_list.html",
        summary=_(SUMMARY),
        hint=_("Each button selects its zone as a click on the map does."),
        feet=feet,
        tag=tag,
    )
