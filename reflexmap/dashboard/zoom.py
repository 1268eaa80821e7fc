"""Visible zoom buttons for the map: a phone has no mouse wheel, and one finger scrolls the page."""

from __future__ import annotations

import param
from panel.custom import JSComponent

from ..i18n import N_
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

    _esm = (
        PLOT_VIEW_JS
        + """
    export function render({ model }) {
      const bar = document.createElement("div");
      bar.className = "rm-zoom";
      bar.setAttribute("role", "group");
      const w = model.words;
      bar.setAttribute("aria-label", w.group);
      const add = (text, label, act) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = text;
        button.title = label;
        button.setAttribute("aria-label", label);
        button.addEventListener("click", () => {
          const plot = rmFindPlot(model.channel);
          if (plot) act(plot);
        });
        bar.append(button);
      };
      add("+", w.zoom_in, (plot) => rmZoomBy(plot, model.step));
      add("\\u2212", w.zoom_out, (plot) => rmZoomBy(plot, 1 / model.step));
      add(w.reset, w.whole, (plot) => plot.reset_range());
      const touch = window.matchMedia(model.touch);
      const fit = (tries = 60) => {
        const plot = rmFindPlot(model.channel);
        if (plot) plot.model.toolbar.visible = !touch.matches;
        else if (tries > 0) requestAnimationFrame(() => fit(tries - 1));  // not drawn yet
      };
      const refit = () => fit();
      touch.addEventListener("change", refit);
      model.on("remove", () => touch.removeEventListener("change", refit));
      fit();
      return bar;
    }
    """
    )

    def __init__(self, **params):
        params.setdefault("stylesheets", [CSS])
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(**params)
