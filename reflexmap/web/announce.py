"""What a screen reader hears when a zone is selected, in the dashboard and the offline page."""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import translator
from ..labels import FOOT_LABEL, SYSTEM_NAMES
from ..model import Chart
from .map_data import per_chart


def announcement(chart: Chart, zone_id: str, foot: str, _: Callable[[str], str] = str) -> str:
    """What is said when a zone is selected: its name, foot, system and body areas (``_`` translates)."""
    zone = chart.zone(zone_id, foot=foot)
    return _("Selected {zone}, {foot}. {system} system; associated with {areas}.").format(
        zone=zone.name,
        foot=_(FOOT_LABEL.get(foot, foot)).lower(),
        system=_(SYSTEM_NAMES.get(zone.system, zone.system)),
        areas=", ".join(zone.body_areas),
    )


@per_chart
def zone_announcements(chart: Chart, lang: str) -> dict[tuple[str, str], str]:
    """:func:`announcement` of every (zone_id, foot) of ``chart`` in ``lang``, made once and shared
    per chart and language: the dashboard says one on every click."""
    _ = translator(lang).gettext
    keys = zip(chart.zones["zone_id"], chart.zones["foot"], strict=True)
    return {(z, f): announcement(chart, z, f, _) for z, f in keys}
