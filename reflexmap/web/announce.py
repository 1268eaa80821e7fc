"""What a screen reader hears when a zone is selected, in the dashboard and the offline page."""

from __future__ import annotations

from collections.abc import Callable

from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import ZoneMap


def announcement(chart: ZoneMap, zone_id: str, foot: str, _: Callable[[str], str] = str) -> str:
    """What is said when a zone is selected: its name, foot, system and body areas (``_`` translates)."""
    zone = chart.zone(zone_id, foot=foot)
    return _("Selected {zone}, {foot}. {system} system; associated with {areas}.").format(
        zone=zone.name,
        foot=_(FOOT_LABEL.get(foot, foot)).lower(),
        system=_(SYSTEM_NAMES.get(zone.system, zone.system)),
        areas=", ".join(zone.body_areas),
    )
