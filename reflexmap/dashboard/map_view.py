"""One view of both feet as a Bokeh figure: zones coloured by system, hover names, a tap selects."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable

import panel as pn
import param
from bokeh.models import HoverTool
from panel.custom import JSComponent
from panel.viewable import Viewer

from ..geometry import display_to_chart_x, foot_at_display_x
from ..web.assets import js
from ..web.figure import PRESENT_STYLES, ZONE_STYLES, build_figure, draw_view, restyle
from ..web.knowledge_map import paint
from ..web.map_data import map_columns
from ..web.map_keys import MAP_KEYS_JS, key_words
from ..web.tap_js import WATCH_TAPS_JS, hit_index
from . import session_gc
from .errors import guarded
from .internals import answer_in_place, answering, change_models, write_quietly
from .state import AppState
from .zoom import WORDS as ZOOM_WORDS
from .zoom import ZoomButtons

log = logging.getLogger("reflexmap.dashboard")


# A tap from the browser is answered while Bokeh reads the page's message: Panel's own way
# waited for a later tick and cost a third of the server's work for a tap.
@answer_in_place("tap")
class TapReporter(JSComponent):
    """Watches the browser for taps on the map tagged ``channel`` and reports each one.

    For every tap it first sends the page a ``reflexmap-tap`` DOM event with the zone rows under
    the pointer and its ``clientY`` (so the details can be shown at once, see
    :class:`reflexmap.dashboard.details.ZoneDetailsView`), draws the selection on the map in the
    same task (``rmDrawSelection``, tap_highlight.js, while names may show), then sets ``tap`` to
    ``[count, x, y]`` in display coordinates, which brings the tap to Python: to ``answer``, as
    ``tap`` set from Python reaches its watchers. Renders nothing.
    """

    channel = param.String(constant=True)
    index = param.Dict(doc="reflexmap.web.tap_js.hit_index of the chart drawn (its view).")
    tap = param.List(default=[0, 0.0, 0.0], doc="[count, x, y] of the last tap on the map.")
    # for the keyboard (MAP_KEYS_JS), which selects by reporting a tap on the chosen zone
    selectable = param.List(default=[], doc="Per zone row: may the keyboard move to it (filters)?")
    named = param.Boolean(default=True, doc="May the keyboard name the zone it moves to?")
    clearable = param.Boolean(default=True, doc="May Escape clear (not while a tap answers a quiz)?")
    selected_row = param.Integer(default=-1, doc="The selected zone's row, where the keys start (-1: none).")
    words = param.Dict(default={}, constant=True, doc="What the keyboard map says (map_keys.key_words).")
    zone_styles = param.Dict(default={}, doc="The zone styles drawn (ZONE_STYLES or PRESENT_STYLES).")

    _esm = WATCH_TAPS_JS + MAP_KEYS_JS + js("tap_highlight.js") + js("tap_reporter.js")

    def __init__(self, answer: Callable[[list], None], **params):
        super().__init__(**params)
        self.answer = answer


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
            guarded(self.state, self._on_tap),
            channel=self.channel,
            index=hit_index(self.state.chart),
            words=key_words(self.state._),
        )
        self.taps.param.watch(lambda event: self._on_tap(event.new), "tap")  # set from Python
        self.zoom = ZoomButtons(  # the page shows it with the map
            channel=self.channel, words={key: self.state._(text) for key, text in ZOOM_WORDS.items()}
        )
        self._keys_follow()
        self.state.param.watch(
            self._keys_follow,
            ["zone", "foot", "systems", "foot_filter", "quizzing", "present"],
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

    def _on_tap(self, tap: list) -> None:
        """A tap reported by the browser: ``[count, x, y]``, untrusted like any browser input."""
        try:
            count, x, y = (float(v) for v in tap)
            well_formed = count.is_integer() and math.isfinite(x) and math.isfinite(y)
        except (TypeError, ValueError):
            well_formed = False
        if not well_formed:
            log.warning("ignored a malformed tap from the browser: %r", tap)
            return
        session_gc.news()  # a page is clicking: not the moment for a full collection
        # One batch: the details pane sees the new selection and the tap count together, so the
        # browser never takes the answer to an earlier tap for this one. Held, every change the tap
        # makes to the page (map, details, address...) goes out in one message, not one each; and
        # as Panel runs this with the document locked, the map is restyled at once (see _apply).
        self._locked = True
        try:
            with answering(self._figure.document), param.parameterized.batch_call_watchers(self.state):
                guarded(self.state, self.tap_at)(x, y)
                self.state.map_taps = max(self.state.map_taps, int(count))
        finally:
            self._locked = False

    def _keys_follow(self, *events) -> None:
        state = self.state
        wanted = {"selected_row": self._row_of.get(state.selected, -1)}
        if not events or any(event.name not in ("zone", "foot") for event in events):
            # not on a click: only a filter, a quiz or presenting changes these
            wanted.update(
                selectable=state.visible_rows().tolist(),
                clearable=not state.quizzing,
                zone_styles={kind: list(style) for kind, style in self._style_table().items()},
            )
        # param compares list items one by one in Python; a plain != is far cheaper on every click
        write_quietly(self.taps, **{k: v for k, v in wanted.items() if getattr(self.taps, k) != v})

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
        """Run a change to the figure's models where Bokeh allows it, in order with the page's
        other changes (see :func:`reflexmap.dashboard.internals.change_models`); during a tap, at
        once, inside the tap's held message."""
        if self._locked:
            change()
        else:
            change_models(self._figure.document, change)

    def _restyle(self, *_events) -> None:
        self._apply(self._restyle_now)

    def _restyle_now(self) -> None:
        self._switch_view()
        state = self.state
        data = self._zone_source.data
        visible = state.visible_rows()
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
        # in the same message as the names leaving the map: a key pressed once the map has lost
        # its names must not still say them
        write_quietly(self.taps, named=not state.names_withheld)
