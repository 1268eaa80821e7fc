"""One view of both feet as a Bokeh figure: zones coloured by system, hover names, a tap selects."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import panel as pn
import param
from bokeh.models import ColumnDataSource, GlyphRenderer, HoverTool, LabelSet
from bokeh.plotting import figure
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..geometry import display_to_chart_x, foot_at_display_x
from .errors import guarded
from .knowledge_map import NO_HATCH, paint
from .label_fit import LABEL_FILL_ALPHA, NAME_COLUMNS, fit_zone_names
from .map_data import map_columns
from .map_keys import MAP_KEYS_JS, key_words, make_keyboard_map
from .state import AppState
from .tap_js import WATCH_TAPS_JS, ZONES_RENDERER, hit_index
from .zoom import WORDS as ZOOM_WORDS
from .zoom import ZoomButtons

log = logging.getLogger("reflexmap.dashboard")

# rmDrawSelection: the page draws a tap's selection at once, in the frame of its details
TAP_HIGHLIGHT_JS = Path(__file__).with_name("tap_highlight.js").read_text(encoding="utf-8")

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
    handles.zone_source.data = zone_data(cols)
    handles.labels.source.data = name_data(cols)
    handles.outlines.data = dict(cols["outlines"])
    handles.guides.data = dict(cols["guides"])
    handles.guide_labels.data = dict(cols["guide_labels"])
    handles.titles.data = dict(cols["titles"])
    handles.bands.data_source.data = dict(cols["bands"])
    handles.band_labels.source.data = dict(cols["bands"])
    # the reset ends too: Reset (Bokeh's own and the zoom buttons') goes to the first view's
    fig.x_range.update(start=x0, end=x1, reset_start=x0, reset_end=x1)
    fig.y_range.update(start=y0, end=y1, reset_start=y0, reset_end=y1)
    fig.update(width=width, height=height)


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
    :func:`reflexmap.dashboard.label_fit.fit_zone_names`).
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
    )
    fig.toolbar.logo = None
    fig.axis.visible = False
    fig.grid.visible = False
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
    fig.add_tools(
        HoverTool(
            renderers=[zones],
            tooltips=[("", "@name"), ("", "@foot_label")],
            point_policy="follow_mouse",
            attachment="right",
        )
    )
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

    A click changes a few rows (the zone it leaves, the one it selects, their pairs): those rows
    alone are sent, a few hundred bytes instead of four whole columns. A change of most rows (a
    search, a filter, the first selection) sends the columns.
    """
    columns = ("fill_alpha", "line_width", "line_color")
    data = source.data
    changed = range(len(kinds))
    if len(data["emphasis"]) == len(kinds):
        now = zip(*(data[col] for col in columns), data["emphasis"], strict=True)
        wanted = ((*table[kind], kind) for kind in kinds)
        changed = [i for i, (old, new) in enumerate(zip(now, wanted, strict=True)) if old != new]
    if not changed:
        return
    if len(changed) <= len(kinds) // 4:
        patches = {col: [(i, table[kinds[i]][c]) for i in changed] for c, col in enumerate(columns)}
        source.patch({**patches, "emphasis": [(i, kinds[i]) for i in changed]})
        return
    styles = [table[k] for k in kinds]
    data.update({col: [s[c] for s in styles] for c, col in enumerate(columns)}, emphasis=list(kinds))


class TapReporter(JSComponent):
    """Watches the browser for taps on the map tagged ``channel`` and reports each one.

    For every tap it first sends the page a ``reflexmap-tap`` DOM event with the zone rows under
    the pointer and its ``clientY`` (so the details can be shown at once, see
    :class:`reflexmap.dashboard.details.ZoneDetailsView`), draws the selection on the map in the
    same task (``rmDrawSelection``, tap_highlight.js, while names may show), then sets ``tap`` to
    ``[count, x, y]`` in display coordinates, which brings the tap to Python. Renders nothing.
    """

    channel = param.String(constant=True)
    index = param.Dict(doc="reflexmap.dashboard.tap_js.hit_index of the chart drawn (its view).")
    tap = param.List(default=[0, 0.0, 0.0], doc="[count, x, y] of the last tap on the map.")
    # for the keyboard (MAP_KEYS_JS), which selects by reporting a tap on the chosen zone
    selectable = param.List(default=[], doc="Per zone row: may the keyboard move to it (filters)?")
    named = param.Boolean(default=True, doc="May the keyboard name the zone it moves to?")
    clearable = param.Boolean(default=True, doc="May Escape clear (not while a tap answers a quiz)?")
    selected_row = param.Integer(default=-1, doc="The selected zone's row, where the keys start (-1: none).")
    words = param.Dict(default={}, constant=True, doc="What the keyboard map says (map_keys.key_words).")
    zone_styles = param.Dict(default={}, doc="The zone styles drawn (ZONE_STYLES or PRESENT_STYLES).")

    # Panel holds a change from the browser for 50 ms in case more follow; a tap is one change
    # and the server's answer to it should not wait.
    _priority_changes: ClassVar[list[str]] = ["tap"]

    _esm = (
        WATCH_TAPS_JS
        + MAP_KEYS_JS
        + TAP_HIGHLIGHT_JS
        + """
    export function render({ model }) {
      const taps = (window.__reflexmapTaps ??= {});
      const onTap = (x, y, source, event) => {
        const n = model.tap[0] + 1;
        taps[model.channel] = n;
        // a zone chosen by key or from the list is that zone alone: no "Also here" for the
        // larger zone under a small one's label point
        const hits = event?.chosen >= 0 ? [event.chosen] : rmHits(source.data, model.index, x, y);
        // a key press has no pointer: nothing to keep in sight above a phone's sheet
        const detail = {channel: model.channel, n, hits, clientY: event?.clientY};
        document.dispatchEvent(new CustomEvent("reflexmap-tap", {detail}));
        // the details pane has shown the first selectable zone under the tap: the map shows it too
        const row = hits.find((i) => !model.selectable.length || model.selectable[i]);
        if (model.named && row !== undefined)
          rmDrawSelection(source, row, model.index.pair[row], model.zone_styles);
        model.tap = [n, x, y];
      };
      const stops = [
        rmWatchTaps(model.channel, onTap),
        rmMapKeys(model.channel, onTap, {
          selectable: () => (model.selectable.length ? model.selectable : null),
          pair: () => model.index.pair,
          named: () => model.named,
          clearable: () => model.clearable,
          selected: () => model.selected_row,
          words: model.words,
        }),
      ];
      model.on("remove", () => stops.forEach((stop) => stop()));
      const el = document.createElement("span");
      el.style.display = "none";
      return el;
    }
    """
    )


class MapView(Viewer):
    """The interactive chart. Reads ``state`` for emphasis; a tap calls ``state.select_at``.

    ``channel`` (unique per view) ties the figure to its :class:`TapReporter`, ``taps``, which
    the page must show too, and to the details pane that answers taps in the browser.
    """

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self.channel = uuid.uuid4().hex
        self._locked = False  # True while a tap is handled: the document's lock is held
        self._drawn = self.state.chart  # the chart (of one view) the figure draws
        self._figure, self._handles = build_figure(map_columns(self._drawn, self.state.lang), self.state._)
        self._tag()
        handles = self._handles
        self._zone_source = handles.zone_source
        self._zones = handles.zones
        self._labels, self._bands, self._band_labels = handles.labels, handles.bands, handles.band_labels
        self._hover = next(t for t in self._figure.tools if isinstance(t, HoverTool))
        self._read_rows()
        self._restyle()
        self.taps = TapReporter(
            channel=self.channel, index=hit_index(self.state.chart), words=key_words(self.state._)
        )
        self.taps.param.watch(self._on_tap, "tap")
        self.zoom = ZoomButtons(  # the page shows it with the map
            channel=self.channel, words={key: self.state._(text) for key, text in ZOOM_WORDS.items()}
        )
        self._keys_follow()
        self.state.param.watch(
            self._keys_follow,
            ["zone", "foot", "systems", "foot_filter", "quizzing", "show_labels", "present"],
        )
        self._pane = pn.pane.Bokeh(self._figure, sizing_mode="stretch_width", css_classes=["rm-map"])
        self.state.param.watch(
            self._restyle,
            [
                "zone",
                "foot",
                "query",
                "systems",
                "foot_filter",
                "routine",
                "step",
                "target",
                "present",
                "quizzing",
            ],
        )
        self.state.param.watch(
            self._toggle_layers, ["show_labels", "show_longitudinal", "revealed", "quizzing", "present"]
        )
        self._toggle_layers()
        self.state.param.watch(self._repaint, ["knowledge", "quizzing"])
        self.state.param.watch(lambda _e: self._apply(self._switch_view), "view")

    def _tag(self) -> None:
        # the view joins the channel in the tags: the browser's zoom learns a new view's home
        self._figure.tags = [self.channel, self._drawn.home_view]

    def _read_rows(self) -> None:
        data = self._zone_source.data
        self._row_of = {key: i for i, key in enumerate(zip(data["zone_id"], data["foot"], strict=True))}
        self._names = list(self._labels.source.data["label"])
        self._system_colours = list(data["color"])

    def _switch_view(self, *_events) -> None:
        """Draw the view on display, in the same figure (see :func:`draw_view`).

        Every restyle asks this first: whichever watcher of a view switch runs first draws it.
        """
        if self.state.chart is self._drawn:
            return
        self._drawn = self.state.chart
        draw_view(self._figure, self._handles, map_columns(self._drawn, self.state.lang))
        self._tag()
        self._read_rows()
        self.taps.index = hit_index(self._drawn)
        self._keys_follow()
        self._restyle()
        self._toggle_layers()
        self._repaint()

    def __panel__(self):
        return self._pane

    @property
    def figure(self):
        return self._figure

    # --- reacting -------------------------------------------------------------------------------

    def _on_tap(self, event) -> None:
        """A tap reported by the browser: ``[count, x, y]``, untrusted like any browser input."""
        try:
            count, x, y = (float(v) for v in event.new)
            well_formed = count.is_integer() and math.isfinite(x) and math.isfinite(y)
        except (TypeError, ValueError):
            well_formed = False
        if not well_formed:
            log.warning("ignored a malformed tap from the browser: %r", event.new)
            return
        # One batch: the details pane sees the new selection and the tap count together, so the
        # browser never takes the answer to an earlier tap for this one. Held, every change the tap
        # makes to the page (map, details, address...) goes out in one message, not one each; and
        # as Panel runs this with the document locked, the map is restyled at once (see _apply).
        self._locked = True
        try:
            with pn.io.hold(self._figure.document), param.parameterized.batch_call_watchers(self.state):
                guarded(self.state, self.tap_at)(x, y)
                self.state.map_taps = max(self.state.map_taps, int(count))
        finally:
            self._locked = False

    def _keys_follow(self, *_events) -> None:
        state = self.state
        wanted = {
            "selectable": state.visible_mask().tolist(),
            "named": not state.names_withheld,
            "clearable": not state.quizzing,
            "selected_row": self._row_of.get(state.selected, -1),
            "zone_styles": {kind: list(style) for kind, style in self._style_table().items()},
        }
        # param compares list items one by one in Python; a plain != is far cheaper on every click
        self.taps.param.update(**{k: v for k, v in wanted.items() if getattr(self.taps, k) != v})

    def tap_at(self, x: float, y: float) -> None:
        """Act on a tap at display coordinates ``(x, y)``, as a click on the map does."""
        foot = foot_at_display_x(x)
        if foot not in self.state.chart.feet:
            self.state.clear()
            return
        chart = self.state.chart
        chart_x = float(display_to_chart_x(foot, chart.outline(foot), x, view=chart.home_view))
        self.state.select_at(foot, chart_x, float(y))

    def _apply(self, change) -> None:
        """Run a change to the figure's models where Bokeh allows it.

        State changes arrive from widget callbacks that do not always hold the document lock
        (a button click did not), and Bokeh refuses model changes outside it. A next-tick
        callback always runs under the lock; outside a server session the change runs at once.
        """
        doc = self._figure.document
        if doc is None or doc.session_context is None or self._locked:
            change()
        else:
            doc.add_next_tick_callback(change)

    def _restyle(self, *_events) -> None:
        self._apply(self._restyle_now)

    def _restyle_now(self) -> None:
        self._switch_view()
        state = self.state
        data = self._zone_source.data
        visible = state.visible_mask().to_numpy()
        highlighted = state.highlighted()
        selected, pair = state.selected, state.pair
        target = tuple(state.target.split("|", 1)) if state.target else None
        emphasis = bool(highlighted) or selected is not None or target is not None
        kinds = []
        for i, key in enumerate(zip(data["zone_id"], data["foot"], strict=True)):
            if not visible[i]:
                kinds.append("hidden")
            elif key in (selected, target):
                kinds.append("selected")
            elif key == pair:
                kinds.append("pair")
            elif key in highlighted:
                kinds.append("match")
            else:
                kinds.append("dimmed" if emphasis else "plain")
        restyle(self._zone_source, kinds, self._style_table())

    def _style_table(self) -> dict:
        return PRESENT_STYLES if self.state.present else ZONE_STYLES

    def _repaint(self, *_events) -> None:
        self._apply(self._repaint_now)

    def _repaint_now(self) -> None:
        self._switch_view()
        # during a round the system colours come back: levels would stand out over the question
        shown = {} if self.state.quizzing else self.state.knowledge
        paint(self._zone_source, self._system_colours, shown, self.state._)
        self._hover.tooltips = [("", "@name"), ("", "@foot_label")] + ([("", "@knowledge")] if shown else [])

    def _toggle_layers(self, *_events) -> None:
        self._apply(self._toggle_layers_now)

    def _toggle_layers_now(self) -> None:
        self._switch_view()
        state = self.state
        shown = set() if state.quizzing else set(state.revealed)
        data = self._zone_source.data
        if state.labels_shown:
            labels = self._names
        else:  # names off, but a teacher may have revealed some
            keys = (f"{z}|{f}" for z, f in zip(data["zone_id"], data["foot"], strict=True))
            labels = [name if key in shown else "" for name, key in zip(self._names, keys, strict=True)]
        if list(self._labels.source.data["label"]) != labels:
            self._labels.source.data.update(label=labels)
        self._labels.visible = state.labels_shown or bool(shown)
        self._labels.text_font_size = "14px" if state.present else "9px"
        self._bands.visible = state.show_longitudinal
        self._band_labels.visible = state.show_longitudinal
        # hovering would give the answer away during a quiz or before a presenting teacher reveals
        # it (in Explore names off only clears the map, hover still names a zone). The
        # tool loses the zones, not its place: BokehJS switches an inspector off when active_inspect
        # drops it but never on again when it comes back (hover stayed dead after names off and
        # on), and with its tooltips taken away a tooltip already shown stayed on the screen.
        self._hover.renderers = [] if state.names_withheld else [self._zones]
