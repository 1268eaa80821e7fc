"""One view of both feet as a Bokeh figure: zones coloured by system, names, outlines, hover.

Shared by the dashboard (which restyles and redraws it per session) and the offline export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bokeh.models import ColumnDataSource, GlyphRenderer, HoverTool, LabelSet
from bokeh.plotting import figure

from ..i18n import N_
from .knowledge_map import NO_HATCH
from .label_fit import LABEL_FILL_ALPHA, NAME_COLUMNS, fit_zone_names
from .map_keys import make_keyboard_map
from .tap_js import ZONES_RENDERER

SELECTED_LINE = "#000000"
PAIR_LINE = "#5a1a8c"
MATCH_LINE = "#d35400"

# (fill_alpha, line_width, line_color) of a zone in each emphasis; the offline export uses the same.
ZONE_STYLES = {
    "hidden": (0.06, 0.3, "#bbbbbb"),  # filtered out
    "selected": (0.95, 4, SELECTED_LINE),
    "pair": (0.85, 3, PAIR_LINE),  # the selected zone on the other foot
    "match": (0.9, 2.5, MATCH_LINE),  # search match or routine step
    "dimmed": (0.3, 0.6, "#555555"),  # another zone while something is emphasised
    "plain": (0.6, 0.6, "#555555"),  # nothing emphasised
}
# On a projector washed-out fills and thin grey borders vanish: stronger fills, black borders.
PRESENT_STYLES = {
    **ZONE_STYLES,
    "dimmed": (0.55, 1.2, "#000000"),
    "plain": (0.9, 1.2, "#000000"),
    "selected": (1.0, 6, SELECTED_LINE),
    "pair": (0.95, 5, PAIR_LINE),
    "match": (1.0, 4, MATCH_LINE),
}


# the columns a zone's style sets, in the order of a style table's entries
STYLE_COLUMNS = ("fill_alpha", "line_width", "line_color")


@dataclass(frozen=True)
class FigureHandles:
    """The parts of the chart figure that views restyle, toggle or draw another view in."""

    zone_source: ColumnDataSource
    zones: GlyphRenderer
    labels: LabelSet
    bands: GlyphRenderer
    band_labels: LabelSet
    # the sources of the outlines, guide lines and their names, foot titles: another view's data
    # goes into the same models (see :func:`draw_view`)
    outlines: ColumnDataSource
    guides: ColumnDataSource
    guide_labels: ColumnDataSource
    titles: ColumnDataSource


# The toolbar's buttons by what they do for a student, in the page's language: a screen reader
# reads a tool's description as its button's name (Bokeh's own names are English only)
TOOL_NAMES = {
    "PanTool": N_("Move the map by dragging"),
    "WheelZoomTool": N_("Zoom with the mouse wheel"),
    "ResetTool": N_("Reset the mouse's zoom and panning"),
    "HoverTool": N_("Name the zone under the mouse pointer"),
}


def zone_data(cols: dict) -> dict:
    """The zone source's columns for :func:`map_columns` data: the zones' own, and the style and
    knowledge columns in their plain state."""
    n = len(cols["zones"]["zone_id"])
    alpha, width, color = ZONE_STYLES["plain"]
    return {
        **{k: list(v) for k, v in cols["zones"].items()},
        "fill_alpha": [alpha] * n,
        "line_width": [width] * n,
        "line_color": [color] * n,
        "emphasis": ["plain"] * n,
        # the map of what I know paints these (see knowledge_map.paint); blank until it is on
        "hatch": [NO_HATCH] * n,
        "knowledge": [""] * n,
    }


def name_data(cols: dict) -> dict:
    """The zone names' source: the columns the names are placed with, offsets not yet worked out."""
    n = len(cols["zones"]["zone_id"])
    return {
        **{k: list(cols["zones"][k]) for k in NAME_COLUMNS},
        "label_dx": [0.0] * n,
        "label_dy": [0.0] * n,
        "label_alpha": [1.0] * n,
        "label_fill_alpha": [LABEL_FILL_ALPHA] * n,
    }


def frame(cols: dict) -> tuple[tuple[float, float], tuple[float, float], int, int]:
    """x range, y range, width and height (px) of a figure drawing these outlines whole."""
    xs = [x for poly in cols["outlines"]["xs"] for rings in poly for x in rings[0]]
    ys = [y for poly in cols["outlines"]["ys"] for rings in poly for y in rings[0]]
    pad = 6
    height = int(640 * (max(ys) - min(ys) + 24) / (max(xs) - min(xs) + 2 * pad))
    return (min(xs) - pad, max(xs) + pad), (min(ys) - pad, max(ys) + 18), 640, height


def draw_view(fig: figure, handles: FigureHandles, cols: dict) -> None:
    """Draw other :func:`map_columns` data (another view of the feet) in ``fig``, in place.

    The same models take the new data, so the browser keeps every model it knows (a figure
    swapped for another left the page with references to models it had dropped).
    """
    (x0, x1), (y0, y1), width, height = frame(cols)
    # The frame first: the page may get all of this in one message, and BokehJS lays out and
    # paints at once when the figure's size changes. After the new rows, that paint read the
    # zones' old row count against their new columns and threw.
    # The reset ends too: Reset (Bokeh's own and the zoom buttons') goes to the first view's.
    fig.x_range.update(start=x0, end=x1, reset_start=x0, reset_end=x1)
    fig.y_range.update(start=y0, end=y1, reset_start=y0, reset_end=y1)
    fig.update(width=width, height=height)
    handles.zone_source.data = zone_data(cols)
    handles.labels.source.data = name_data(cols)
    handles.outlines.data = dict(cols["outlines"])
    handles.guides.data = dict(cols["guides"])
    handles.guide_labels.data = dict(cols["guide_labels"])
    handles.titles.data = dict(cols["titles"])
    handles.bands.data_source.data = dict(cols["bands"])
    handles.band_labels.source.data = dict(cols["bands"])


def build_figure(cols: dict, _: Callable[[str], str] = str) -> tuple[figure, FigureHandles]:
    """Both soles as a Bokeh figure from :func:`map_columns` data, with the hover tool (``_``
    translates the map's name for screen readers).

    The zone source gets its own copy of the zone columns plus the style columns the glyphs read
    (``fill_alpha``, ``line_width``, ``line_color``) and ``emphasis`` (the kind of
    :data:`ZONE_STYLES` each zone is drawn in, which the names read the selection from), set to
    the plain style; callers restyle it.

    A restyle changes the zone source, and Bokeh then repaints the whole canvas layer the zones
    are on. The zone names, guide lines and foot titles, drawn over the zones, are on Bokeh's
    overlay layer instead, so a click does not repaint them: with them on the zones' layer, they
    were most of a click's frame (the names alone about 9 of 13 ms). The zone names have a source
    of their own for the same reason (``zone_id``, ``foot``, ``label``, ``label_x``, ``label_y``,
    ``area`` and the columns the browser places the names with, see
    :func:`reflexmap.web.label_fit.fit_zone_names`).
    """
    zone_source = ColumnDataSource(zone_data(cols))
    x_range, y_range, width, height = frame(cols)
    fig = figure(
        x_range=x_range,
        y_range=y_range,
        match_aspect=True,
        aspect_scale=1,
        sizing_mode="scale_width",
        width=width,
        height=height,
        tools="pan,wheel_zoom,reset",
        toolbar_location="above",
        title=None,
        min_border=4,
        output_backend="canvas",
        # a map has no axes: none made, rather than made and hidden (with their grids, tickers
        # and formatters, a dozen models in every session's document)
        x_axis_type=None,
        y_axis_type=None,
    )
    fig.toolbar.logo = None
    fig.outline_line_color = None
    fig.background_fill_color = "#ffffff"

    bands = fig.multi_polygons(
        xs="xs",
        ys="ys",
        source=ColumnDataSource(cols["bands"]),
        fill_color=None,
        # over the zones, or their fill hides the bands a student turned on to see
        line_color="#333333",
        line_dash="dotted",
        line_width=1.5,
        level="overlay",
        visible=False,
    )
    band_labels = LabelSet(
        x="text_x",
        y="text_y",
        text="text",
        source=ColumnDataSource(cols["bands"]),
        text_align="center",
        text_font_size="11px",
        text_color="#555555",
        visible=False,
    )
    fig.add_layout(band_labels)
    outlines = ColumnDataSource(cols["outlines"])
    fig.multi_polygons(
        xs="xs",
        ys="ys",
        source=outlines,
        fill_color="#fbf7f2",
        line_color="#333333",
        line_width=2,
    )
    zones = fig.multi_polygons(
        xs="xs",
        ys="ys",
        source=zone_source,
        fill_color="color",
        fill_alpha="fill_alpha",
        line_color="line_color",
        line_width="line_width",
        hatch_pattern="hatch",
        hatch_color="#333333",
        hatch_alpha=0.55,
        hatch_scale=7,
        name=ZONES_RENDERER,
    )
    make_keyboard_map(fig, _)
    guides = ColumnDataSource(cols["guides"])
    fig.multi_line(
        xs="xs",
        ys="ys",
        source=guides,
        line_color="#444444",
        line_dash="dashed",
        line_width=1.2,
        level="overlay",
    )
    guide_labels = LabelSet(
        x="x",
        y="y",
        text="name",
        source=ColumnDataSource(dict(cols["guide_labels"])),
        text_font_size="10px",
        text_color="#444444",
        text_baseline="middle",
        text_align="center",
        text_line_height=1.0,
        level="overlay",
    )
    fig.add_layout(guide_labels)
    titles = fig.text(
        x="x",
        y="y",
        text="text",
        source=ColumnDataSource(dict(cols["titles"])),
        text_align="center",
        text_baseline="middle",
        text_font_size="16px",
        text_font_style="bold",
        level="overlay",
    )
    labels = LabelSet(
        x="label_x",
        y="label_y",
        text="label",
        source=ColumnDataSource(name_data(cols)),
        level="overlay",
        text_align="center",
        text_baseline="middle",
        text_font_size="9px",
        text_color="#111111",
        text_alpha="label_alpha",
        x_offset="label_dx",
        y_offset="label_dy",
        background_fill_color="#ffffff",
        background_fill_alpha="label_fill_alpha",
    )
    fig.add_layout(labels)
    fit_zone_names(fig, labels, guide_labels, titles, zone_source)
    # Nothing here selects (the page restyles the zones itself) or mutes a glyph: Bokeh's spare
    # glyph for each of those states would be two models per renderer in every session's document
    for renderer in fig.renderers:
        renderer.update(nonselection_glyph=None, muted_glyph=None)
    fig.add_tools(
        HoverTool(
            renderers=[zones],
            tooltips=[("", "@name"), ("", "@foot_label")],
            point_policy="follow_mouse",
            attachment="right",
        )
    )
    for tool in fig.toolbar.tools:
        tool.description = _(TOOL_NAMES[type(tool).__name__])
    return fig, FigureHandles(
        zone_source,
        zones,
        labels,
        bands,
        band_labels,
        outlines,
        guides,
        guide_labels.source,
        titles.data_source,
    )


def restyle(source: ColumnDataSource, kinds: list[str], table: dict) -> None:
    """Draw each zone row of ``source`` in the style ``table`` gives its kind of emphasis.

    Only what changes is sent, column by column, in one patch: the rows that change where they are
    fewer than half (a click changes the zone it leaves, the one it selects and their pairs: a few
    hundred bytes instead of four whole columns), else the whole column, and nothing of a column
    that stays. A search's first letter dims every other zone, which changes their fill
    but not their outline: the outline columns send the matches alone.
    """
    styles = [table[k] for k in kinds]
    wanted = {col: [s[c] for s in styles] for c, col in enumerate(STYLE_COLUMNS)}
    wanted["emphasis"] = list(kinds)
    data = source.data
    if len(data["emphasis"]) != len(kinds):  # a new view's rows: no row to patch
        data.update(wanted)
        return
    patches: dict[str, list] = {}
    for col, new in wanted.items():
        changed = [i for i, (old, value) in enumerate(zip(data[col], new, strict=True)) if old != value]
        # a changed row costs its index and value, about twice a value of the whole column
        if len(changed) * 2 > len(new):
            patches[col] = [(slice(0, len(new)), new)]
        elif changed:
            patches[col] = [(i, new[i]) for i in changed]
    if patches:
        source.patch(patches)
