"""Every zone as a list of buttons, grouped by foot and body system: the map for screen readers.

A button carries its zone's row and the map's tag; ``MAP_KEYS_JS`` selects that row the way a
click on the map does. The HTML is a pure function of the chart, shared by the dashboard and the
offline export.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..charts import SYSTEMS
from ..i18n import N_
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import ZoneMap

SUMMARY = N_("All zones as a list")


def zone_list_html(chart: ZoneMap, tag: str, _: Callable[[str], str] = str) -> str:
    """A collapsed ``<details>`` with, per foot and system, one button per zone (chart row);
    ``_`` translates its headings."""
    zones = chart.zones.reset_index(drop=True)
    rank = {s: i for i, s in enumerate(SYSTEMS)}
    parts = []
    for foot in chart.feet:
        on_foot = zones[zones["foot"] == foot]
        parts.append(f"<h3>{escape(_(FOOT_LABEL.get(foot, foot)))}</h3>")
        for system in sorted(set(on_foot["system"]), key=lambda s: rank.get(s, len(rank))):
            items = "".join(
                f'<li><button type="button" class="rm-zone-button" data-rm-map="{escape(tag)}" '
                f'data-rm-row="{row}" data-zone="{escape(zone["zone_id"])}" data-foot="{escape(foot)}">'
                f"{escape(zone['name'])}</button> "
                f'<span class="rm-zone-areas">{escape(", ".join(zone["body_areas"]))}</span></li>'
                for row, zone in on_foot[on_foot["system"] == system].iterrows()
            )
            heading = _("{system} system").format(system=_(SYSTEM_NAMES.get(system, system)))
            parts.append(f"<h4>{escape(heading)}</h4><ul>{items}</ul>")
    hint = _("Each button selects its zone as a click on the map does.")
    return (
        f'<details class="rm-zone-list" data-testid="zone-list"><summary>{escape(_(SUMMARY))}</summary>'
        f"<p>{escape(hint)}</p>{''.join(parts)}</details>"
    )
