"""Visible zoom buttons for the map: a phone has no mouse wheel, and one finger scrolls the page."""

from __future__ import annotations

import param
from panel.custom import JSComponent

from ..i18n import N_
from ..web.assets import js
from ..web.style import CSS
from ..web.tap_js import PLOT_VIEW_JS
from .touch import TOUCH

# each press zooms by this factor; three presses bring a toe zone to a fingertip's size on a phone
STEP = 1.5


WORDS = {
    "group": N_("Zoom the map"),
    "zoom_in": N_("Zoom in"),
    "zoom_out": N_("Zoom out"),
    "reset": N_("Reset"),
    "whole": N_("Show the whole map"),
}


class ZoomButtons(JSComponent):
    """Zoom in, zoom out and "Reset" for the map tagged ``channel``, acting in the browser alone.

    The view is the browser's business (as with Bokeh's own zoom tools): nothing goes to Python.
    On a touch screen or a phone-sized window (``touch``) they stand in for Bokeh's toolbar, whose
    small icons a finger misses (and whose pan tool a finger no longer drives): it is hidden there.
    """

    channel = param.String(constant=True)
    step = param.Number(default=STEP, constant=True)
    touch = param.String(default=TOUCH, constant=True, doc="Media query of a touch screen or phone.")
    words = param.Dict(default=dict(WORDS), constant=True, doc="The buttons' words (WORDS), translated.")

    _esm = PLOT_VIEW_JS + js("zoom_buttons.js")

    def __init__(self, **params):
        params.setdefault("stylesheets", [CSS])
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(**params)
