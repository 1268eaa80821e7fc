"""Zooms the map onto the part of a foot where a tiny zone lies, for a Find-it question on it."""

from __future__ import annotations

import param
from panel.custom import JSComponent

from ..web.assets import js
from ..web.tap_js import PLOT_VIEW_JS

FACTOR = 3.0
"""How much closer than the whole map: a 7 mm pituitary becomes a fingertip's size on a phone."""


class MapFocus(JSComponent):
    """Zooms the map tagged ``channel`` about ``centre`` (display millimetres), or back out.

    ``centre`` is ``[x, y]`` to zoom in, ``[]`` to show the whole map again. Only the browser's
    view changes, as with the zoom buttons; the student can still zoom and reset by hand.
    """

    channel = param.String(constant=True)
    centre = param.List(default=[], doc="[x, y] to zoom about, [] for the whole map.")
    factor = param.Number(default=FACTOR, constant=True)

    _esm = PLOT_VIEW_JS + js("map_focus.js")
