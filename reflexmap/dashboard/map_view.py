"""Both soles as a Bokeh figure: zones coloured by system, hover names, a tap selects."""

from __future__ import annotations

import panel as pn
import param
from bokeh.events import Tap
from bokeh.models import ColumnDataSource, HoverTool, LabelSet
from bokeh.plotting import figure
from panel.viewable import Viewer

from ..geometry import display_to_chart_x, foot_at_display_x
from .errors import guarded
from .map_data import map_columns
from .state import AppState

SELECTED_LINE = "#000000"
PAIR_LINE = "#5a1a8c"
MATCH_LINE = "#d35400"


class MapView(Viewer):
    """The interactive chart. Reads ``state`` for emphasis; a tap calls ``state.select_at``."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        cols = map_columns(self.state.chart)
        self._zone_source = ColumnDataSource({k: list(v) for k, v in cols["zones"].items()})
        self._restyle()  # adds the style columns the glyphs below refer to
        self._figure = self._make_figure(cols)
        self._figure.on_event(Tap, guarded(self.state, self._on_tap))
        self._pane = pn.pane.Bokeh(self._figure, sizing_mode="stretch_width", css_classes=["rm-map"])
        self.state.param.watch(
            self._restyle, ["zone", "foot", "query", "systems", "foot_filter", "routine", "step"]
        )
        self.state.param.watch(self._toggle_layers, ["show_labels", "show_longitudinal"])
        self._toggle_layers()

    def __panel__(self):
        return self._pane

    @property
    def figure(self):
        return self._figure

    # --- building ---------------------------------------------------------------------------------

    def _make_figure(self, cols: dict):
        xs = [x for poly in cols["outlines"]["xs"] for rings in poly for x in rings[0]]
        ys = [y for poly in cols["outlines"]["ys"] for rings in poly for y in rings[0]]
        pad = 6
        fig = figure(
            x_range=(min(xs) - pad, max(xs) + pad),
            y_range=(min(ys) - pad, max(ys) + 18),
            match_aspect=True,
            aspect_scale=1,
            sizing_mode="scale_width",
            width=640,
            height=int(640 * (max(ys) - min(ys) + 24) / (max(xs) - min(xs) + 2 * pad)),
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

        self._bands = fig.multi_polygons(
            xs="xs",
            ys="ys",
            source=ColumnDataSource(cols["bands"]),
            fill_color=None,
            line_color="#7f7f7f",
            line_dash="dotted",
            line_width=1,
            visible=False,
        )
        self._band_labels = LabelSet(
            x="text_x",
            y="text_y",
            text="text",
            source=ColumnDataSource(cols["bands"]),
            text_align="center",
            text_font_size="11px",
            text_color="#555555",
            visible=False,
        )
        fig.add_layout(self._band_labels)
        fig.multi_polygons(
            xs="xs",
            ys="ys",
            source=ColumnDataSource(cols["outlines"]),
            fill_color="#fbf7f2",
            line_color="#333333",
            line_width=2,
        )
        self._zones = fig.multi_polygons(
            xs="xs",
            ys="ys",
            source=self._zone_source,
            fill_color="color",
            fill_alpha="fill_alpha",
            line_color="line_color",
            line_width="line_width",
        )
        fig.multi_line(
            xs="xs",
            ys="ys",
            source=ColumnDataSource(cols["guides"]),
            line_color="#444444",
            line_dash="dashed",
            line_width=1.2,
        )
        fig.add_layout(
            LabelSet(
                x="x",
                y="y",
                text="name",
                source=ColumnDataSource(cols["guide_labels"]),
                text_font_size="10px",
                text_color="#444444",
                text_baseline="middle",
                text_align="center",
                text_line_height=1.0,
            )
        )
        fig.text(
            x="x",
            y="y",
            text="text",
            source=ColumnDataSource(cols["titles"]),
            text_align="center",
            text_baseline="middle",
            text_font_size="16px",
            text_font_style="bold",
        )
        self._labels = LabelSet(
            x="label_x",
            y="label_y",
            text="label",
            source=self._zone_source,
            text_align="center",
            text_baseline="middle",
            text_font_size="9px",
            text_color="#111111",
            background_fill_color="#ffffff",
            background_fill_alpha=0.55,
        )
        fig.add_layout(self._labels)
        fig.add_tools(
            HoverTool(
                renderers=[self._zones],
                tooltips=[("", "@name"), ("", "@foot_label")],
                point_policy="follow_mouse",
                attachment="right",
            )
        )
        return fig

    # --- reacting -------------------------------------------------------------------------------

    def _on_tap(self, event) -> None:
        foot = foot_at_display_x(event.x)
        if foot not in self.state.chart.feet:
            self.state.clear()
            return
        x = float(display_to_chart_x(foot, self.state.chart.outline(foot), event.x))
        self.state.select_at(foot, x, float(event.y))

    def _restyle(self, *_events) -> None:
        state = self.state
        data = self._zone_source.data
        visible = state.visible_mask().to_numpy()
        highlighted = state.highlighted()
        selected, pair = state.selected, state.pair
        emphasis = bool(highlighted) or selected is not None
        alpha, width, color = [], [], []
        for i, key in enumerate(zip(data["zone_id"], data["foot"], strict=True)):
            if not visible[i]:
                alpha.append(0.06)
                width.append(0.3)
                color.append("#bbbbbb")
            elif key == selected:
                alpha.append(0.95)
                width.append(4)
                color.append(SELECTED_LINE)
            elif key == pair:
                alpha.append(0.85)
                width.append(3)
                color.append(PAIR_LINE)
            elif key in highlighted:
                alpha.append(0.9)
                width.append(2.5)
                color.append(MATCH_LINE)
            else:
                alpha.append(0.3 if emphasis else 0.6)
                width.append(0.6)
                color.append("#555555")
        self._zone_source.data.update(fill_alpha=alpha, line_width=width, line_color=color)

    def _toggle_layers(self, *_events) -> None:
        self._labels.visible = self.state.show_labels
        self._bands.visible = self.state.show_longitudinal
        self._band_labels.visible = self.state.show_longitudinal
