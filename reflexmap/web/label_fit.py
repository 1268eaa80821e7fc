"""Zone names that never cover each other nor leave the map: placed in the browser, which knows the
plot's size in pixels and the font.

The idea is the printed chart's (:func:`reflexmap.export.soles.place_labels`): a name stays on its
zone's point when it fits there (slid along its row if need be); otherwise it takes the cheapest
free place within three lines of its point, with a thin leader line from the point (a dot) to the
name's box. A place costs more the farther it is and for every other zone's point it covers. The
screen makes some rules hard: a name never overlaps another name, the guide lines' names or the
foot titles, never leaves the plot frame and never crosses to the other foot's side; a leader
never runs across a name or another leader. A name with no such place near its zone is hidden, the
last resort (hover and a tap still name every zone). The selected zone's name is never that one:
when it would be, the names are placed again with it first. Revealed names (presentation with the
names off) are the only names then, so they have the room to themselves.

The search is greedy, in pixels: the names are placed smallest zone first and largest zone first,
and the layout that hides fewer names (then costs less) is kept. It runs once a frame after the
plot is laid out or resized, panned or zoomed, after the names, their font or their visibility
change, and after a restyle of the zone source (the selection); the layouts are kept per room and
names, so a click whose zone's name is already drawn changes nothing and repaints nothing. What it
writes (offsets, alphas, the leader lines) is written in place, never sent to the server.
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, CustomJS, GlyphRenderer, LabelSet
from bokeh.plotting import figure

from .assets import js

LABEL_FILL_ALPHA = 0.55
LEADER_COLOR = "#222222"
# The zone columns the names' source copies. It also holds what the browser writes per name
# (label_dx, label_dy: x_offset, y_offset; label_alpha, label_fill_alpha: text and background
# alpha), which nothing sends back to the server.
NAME_COLUMNS = ("zone_id", "foot", "label", "label_x", "label_y", "area")

# rmFindView (the plot's view, which places the names) is one of the Bokeh internals
FIT_LABELS_JS = js("bokeh_internals.js", "fit_labels.js")


def fit_zone_names(
    fig: figure, labels: LabelSet, guides: LabelSet, titles: GlyphRenderer, zone_source: ColumnDataSource
) -> GlyphRenderer:
    """Let the browser place ``labels`` (zone names) on ``fig``; returns the leader lines' renderer.

    ``labels`` must read its offsets and alphas from the columns ``FIT_LABELS_JS`` writes
    (``label_dx``, ``label_dy``, ``label_alpha``, ``label_fill_alpha``); ``guides`` (guide line
    names) and ``titles`` (the foot titles' text glyph) are kept clear of; ``zone_source`` carries
    the ``emphasis`` column that names the selected zone. The leaders are on the overlay level, as
    the names are, and drawn before them.
    """
    leaders = ColumnDataSource({"x0": [], "y0": [], "x1": [], "y1": []})
    segments = fig.segment(
        x0="x0",
        y0="y0",
        x1="x1",
        y1="y1",
        source=leaders,
        line_color=LEADER_COLOR,
        line_width=1,
        level="overlay",
        name="reflexmap-leaders",
    )
    fig.scatter(x="x0", y="y0", source=leaders, size=4, color=LEADER_COLOR, level="overlay")
    fit = CustomJS(
        args={
            "fig": fig,
            "labels": labels,
            "guides": guides,
            "titles": titles,
            "zones": zone_source,
            "leaders": leaders,
            "fill_alpha": LABEL_FILL_ALPHA,
        },
        code=FIT_LABELS_JS,
    )
    # laid out (first time, resized), panned or zoomed, names changed or shown, the presentation's
    # larger font, another zone selected (any restyle, on the server or in the offline page)
    fig.js_on_change("inner_width", fit)
    fig.js_on_change("inner_height", fit)
    for end in ("start", "end"):
        fig.x_range.js_on_change(end, fit)
        fig.y_range.js_on_change(end, fit)
    labels.source.js_on_change("data", fit)
    labels.js_on_change("text_font_size", fit)
    labels.js_on_change("visible", fit)
    zone_source.js_on_change("change", fit)
    zone_source.js_on_change("patching", fit)  # the server sends a click's restyle as a patch
    return segments
