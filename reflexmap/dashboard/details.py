"""The details pane: everything about the selected zone, as escaped HTML."""

from __future__ import annotations

from html import escape

import panel as pn
import param
from panel.viewable import Viewer

from ..model import ZoneMap
from .map_data import FOOT_LABEL, SYSTEM_COLORS
from .state import AppState
from .style import CSS

EMPTY = (
    '<div class="rm-details rm-empty" data-testid="details-empty">'
    "<h2>Pick a zone</h2>"
    "<p>Click a coloured area on either foot to see what it is associated with, how to work it "
    "and what to take care of. Hover over the map to see zone names, or search above.</p>"
    "</div>"
)


QUIZZING = (
    '<div class="rm-details rm-empty" data-testid="details-hidden"><h2>Quiz in progress</h2>'
    "<p>Zone details come back when the round ends.</p></div>"
)
GUESS = (
    '<div class="rm-details rm-empty" data-testid="details-hidden"><h2>Which zone is this?</h2>'
    "<p>Names are hidden. Press <kbd>R</kbd> to reveal it, <kbd>L</kbd> to show all names.</p></div>"
)


def zone_html(state: AppState) -> str:
    """HTML for the selected zone (or the empty state); see :func:`zone_details_html`.

    During a quiz, and while a teacher has names hidden and this one not yet revealed, the
    details would give the answer away, so a short note stands in for them.
    """
    if state.quizzing:
        return QUIZZING
    selected = state.selected
    if selected is None:
        return EMPTY
    if not state.show_labels and f"{selected[0]}|{selected[1]}" not in state.revealed:
        return GUESS
    return zone_details_html(state.chart, *selected)


def zone_details_html(chart: ZoneMap, zone_id: str, foot: str) -> str:
    """HTML for one zone on one foot; every piece of chart text goes through ``escape``.

    A pure function of the chart, so the offline export can compute it for every zone up front.
    """
    zone = chart.zone(zone_id, foot=foot)
    tech = zone.technique
    other = "left" if foot == "right" else "right"
    if chart.has_zone(zone_id, other):
        where = f"Also on the {escape(other)} foot (outlined in purple on the map)."
    else:
        where = f"Only on the {escape(zone.foot)} foot in this chart."
    caveats = (
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in zone.caveats) + "</ul>"
        if zone.caveats
        else "<p>No cautions specific to this zone; the general safety rules always apply.</p>"
    )
    notes = f"<h3>Where charts differ</h3><p>{escape(zone.notes)}</p>" if zone.notes else ""
    color = SYSTEM_COLORS.get(zone.system, "#999999")
    return (
        f'<div class="rm-details" data-testid="details" data-zone="{escape(zone.zone_id)}" '
        f'data-foot="{escape(zone.foot)}">'
        f"<h2>{escape(zone.name)}</h2>"
        f'<p class="rm-tags"><span class="rm-tag">{escape(FOOT_LABEL.get(zone.foot, zone.foot))}</span>'
        f'<span class="rm-tag"><span class="rm-swatch" style="background:{color}"></span>'
        f"{escape(zone.system.capitalize())} system</span></p>"
        f'<p class="rm-where">{where}</p>'
        f"<h3>Associated with</h3><p>{escape(', '.join(zone.body_areas))}</p>"
        "<h3>How to work it</h3>"
        '<dl class="rm-technique">'
        f"<dt>Technique</dt><dd><strong>{escape(tech.method[:1].upper() + tech.method[1:])}</strong>: "
        f"{escape(tech.how)}</dd>"
        f"<dt>Direction</dt><dd>{escape(tech.direction)}</dd>"
        f"<dt>Pressure</dt><dd>{escape(tech.pressure)}</dd>"
        f"<dt>How long</dt><dd>{escape(tech.duration)}</dd>"
        "</dl>"
        f"<h3>Take care</h3>{caveats}{notes}"
        "</div>"
    )


class DetailsPane(Viewer):
    """Shows the selected zone; follows ``state.zone`` and ``state.foot``."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._html = pn.pane.HTML(
            zone_html(self.state),
            sizing_mode="stretch_width",
            stylesheets=[CSS],
            css_classes=["rm-details-host"],
        )
        self.state.param.watch(self._update, ["zone", "foot", "quizzing", "show_labels", "revealed"])

    def _update(self, *_events) -> None:
        self._html.object = zone_html(self.state)

    def __panel__(self):
        return self._html
