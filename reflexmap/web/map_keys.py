"""The map for keyboard and screen-reader users; the dashboard and the offline export share it.

The figure is one focusable element named as the zone map (:func:`make_keyboard_map`), with a
focus ring of its own drawn over the zones. ``MAP_KEYS_JS`` (``js/map_keys.js``, so
it can be read and linted as JavaScript) moves the ring with the arrow keys and selects through
the same callback a tap on the map calls; it also answers the zone list's buttons
(:mod:`reflexmap.web.zone_list_html`) and the skip links (:func:`skip_links_html`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from bokeh.models import ColumnDataSource
from bokeh.plotting import figure

from ..i18n import N_
from .assets import css, js

FOCUS_RENDERER = "reflexmap-focus"
MAP_NAME = N_("Zone map of both soles")
# what the keyboard map says (map_keys.js has the English); {zone} and {foot} are filled in there
KEY_WORDS = {
    "help": N_(
        "Arrow keys move between zones, Enter or Space selects the outlined zone, "
        "Escape clears the selection, Home and End jump to the left and the right foot."
    ),
    "named": N_("{zone}, {foot}. Enter selects it."),
    "unnamed_left": N_("A zone on the left foot. Enter chooses it."),
    "unnamed_right": N_("A zone on the right foot. Enter chooses it."),
    "none_left": N_("The filters show no zone on the left foot."),
    "none_right": N_("The filters show no zone on the right foot."),
}
HELP_ID = "rm-map-keys-help"
# A dashed blue ring on a white halo: apart from the selected zone's solid black outline, the
# pair's purple and the matches' orange, and visible on every fill colour.
FOCUS_LINE = "#0b57d0"

# In the accessibility tree, not on the screen: the one definition, for the stylesheet's
# .rm-sr-only, map_keys.js's rmHiddenText and the live region (reflexmap.dashboard.announce).
SR_ONLY = (
    "position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; "
    "overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;"
)

MAP_KEYS_JS = (
    f"const RM_FOCUS = {json.dumps(FOCUS_RENDERER)};\nconst RM_SR_ONLY = {json.dumps(SR_ONLY)};\n"
    + js("map_keys.js")
)


def key_words(_: Callable[[str], str]) -> dict[str, str]:
    """:data:`KEY_WORDS` translated by ``_``, for the ``words`` option of ``rmMapKeys``."""
    return {key: _(text) for key, text in KEY_WORDS.items()}


def make_keyboard_map(fig: figure, _: Callable[[str], str] = str) -> None:
    """Make ``fig`` a focusable, named element and give it the (hidden) keyboard focus ring.

    The attributes are Bokeh's ``html_attributes``, so a plot drawn again keeps them. The ring has
    a one-row source of its own on the overlay level: moving it repaints neither the zones nor
    their names, and the browser changes it in place, sending nothing to a server.
    """
    fig.html_attributes = {
        "tabindex": "0",
        # a screen reader hands the arrow keys to the map instead of reading the page with them
        "role": "application",
        "aria-label": _(MAP_NAME),
        "aria-describedby": HELP_ID,
    }
    ring = ColumnDataSource({"xs": [[[[0.0, 0.0, 0.0]]]], "ys": [[[[0.0, 0.0, 0.0]]]], "alpha": [0.0]})
    for color, width, dash in (("#ffffff", 8, "solid"), (FOCUS_LINE, 4, [8, 5])):
        fig.multi_polygons(
            xs="xs",
            ys="ys",
            source=ring,
            fill_color=None,
            line_color=color,
            line_width=width,
            line_dash=dash,
            line_alpha="alpha",
            level="overlay",
            name=FOCUS_RENDERER,
        )


def skip_links_html(tag: str, details_selector: str, _: Callable[[str], str] = str) -> str:
    """The links "Skip to the map" and "Skip to the zone details", for the map tagged ``tag``.

    Panel puts each part of the page in a shadow root, where ``href="#id"`` finds nothing: the
    links carry their target and ``MAP_KEYS_JS`` moves the focus there.
    """
    links = (
        ("map", "map", _("Skip to the map")),
        ("details", details_selector, _("Skip to the zone details")),
    )
    items = "".join(
        f'<a class="rm-skip" href="#rm-{name}" data-rm-map="{escape(tag)}" data-rm-skip="{escape(target)}">'
        f"{escape(text)}</a>"
        for name, target, text in links
    )
    name = _("Skip links")
    return f'<nav class="rm-skips" aria-label="{escape(name)}">{items}</nav>'


# The skip links show only when focused; the zone list's buttons are real buttons, sized for a finger.
KEYS_CSS = f".rm-sr-only {{ {SR_ONLY} }}\n" + css("keys.css")
