"""Composes the dashboard from its components around one per-session :class:`AppState`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from html import escape
from urllib.parse import parse_qsl, urlencode

import panel as pn

from ..charts import SYSTEMS
from ..model import ZoneMap
from . import in_steps
from .announce import Announcer
from .bridge import AddressBar, PressedStates
from .chart_upload import ChartUpload
from .class_panel import ClassControls
from .compare_panel import ComparePanel
from .connection import ConnectionBanner
from .details import DetailsPane
from .downloads import DownloadsPanel
from .errors import guarded
from .handbook import HandbookPanel, ZoneHandbookLinks
from .map_data import SYSTEM_COLORS
from .map_keys import KEYS_CSS, skip_links_html
from .map_view import MATCH_LINE, PAIR_LINE, SELECTED_LINE, MapView
from .markup import html_list
from .message_bar import MessageBar
from .page import use_page_template
from .practice_panel import PracticePanel
from .present import PresentControls
from .quiz_panel import QuizPanel
from .routines import RoutinesPanel
from .safety import notice, safety_panel
from .search import SearchPanel
from .state import TABS, AppState
from .style import CSS, NO_PRINT, PRINT_CSS
from .touch import fit_for_fingers
from .zone_list import ZoneList

IN_CLASS = (
    "This page is in a class, so it keeps the class's chart. Load your own chart once the class has "
    "ended, or in a tab opened without the class link."
)


def legend_html(chart: ZoneMap) -> str:
    present = set(chart.zones["system"])
    items = "".join(
        f'<span class="rm-item"><span class="rm-swatch" style="background:{SYSTEM_COLORS[s]}"></span>'
        f"{s.capitalize()}</span>"
        for s in SYSTEMS
        if s in present
    )
    lines = "".join(
        f'<span class="rm-item"><span class="rm-line" style="border-color:{color}"></span>{label}</span>'
        for color, label in (
            (SELECTED_LINE, "selected"),
            (PAIR_LINE, "same zone, other foot"),
            (MATCH_LINE, "search match / routine step"),
        )
    )
    return f'<div class="rm-legend" data-testid="legend">{items}</div><div class="rm-legend">{lines}</div>'


def about_html(chart: ZoneMap) -> str:
    info = chart.info
    sources = html_list(info.sources)
    facts = " - ".join(
        part
        for part in (
            info.school,
            info.version and f"version {info.version}",
            info.license and f"licence {info.license}",
        )
        if part
    )
    return (
        f'<div class="rm-panel"><h3>This chart</h3><p><strong>{escape(info.title)}</strong></p>'
        f"<p>{escape(facts)}</p>"
        + (f"<p>{escape(info.description)}</p>" if info.description else "")
        + (f"<h3>Sources</h3>{sources}" if sources else "")
        + "<h3>Reading the map</h3>"
        "<p>The soles are drawn as if you look at the bottoms of the feet: the left "
        "foot on the left, the right foot on the right, big toes toward the middle. Toes stand for the head "
        "and neck, the ball of the foot for the chest, the arch for the abdomen and the heel for the pelvis; "
        "the inner edge follows the spine. Dashed lines are the shoulder, diaphragm, waist and pelvic "
        "guide lines.</p></div>"
    )


class Dashboard:
    """One session's dashboard. ``state`` is exposed for tests and notebooks.

    ``root`` is what a page shows; loading another chart rebuilds the dashboard inside it, for
    this session only.
    """

    def __init__(self, chart: ZoneMap, state: AppState | None = None, root: pn.Column | None = None):
        for _ in self._build(chart, state, root):
            pass

    @classmethod
    async def built_in_steps(cls, chart: ZoneMap, root: pn.Column) -> Dashboard:
        """A new dashboard for ``chart`` in ``root`` (not shown yet), built in steps that leave the
        server's event loop to other sessions in between (see :mod:`.in_steps`)."""
        dashboard = cls.__new__(cls)
        for _ in dashboard._build(chart, None, root):
            await in_steps.pause()
        return dashboard

    def _build(self, chart: ZoneMap, state: AppState | None, root: pn.Column | None) -> Iterator[None]:
        # yields between groups of components, each a few tens of milliseconds to make
        self.root = root if root is not None else pn.Column(sizing_mode="stretch_width")
        self.state = state or AppState(chart)
        chart = self.state.chart  # the view the dashboard draws (see AppState)
        self.map = MapView(state=self.state)
        yield
        self.details = DetailsPane(state=self.state, channel=self.map.channel)
        self.search = SearchPanel(state=self.state)
        self.routines = RoutinesPanel(state=self.state)
        self.handbook = HandbookPanel(state=self.state)
        self.zone_list = ZoneList(state=self.state, channel=self.map.channel)
        self.announcer = Announcer(state=self.state)
        yield
        self._pressed = PressedStates()
        self._skips = pn.pane.HTML(
            skip_links_html(self.map.channel, "[data-testid=details-view]"),
            stylesheets=[CSS, KEYS_CSS],
            sizing_mode="stretch_width",
            margin=0,
        )
        self._layers = self._layer_toggles()
        header = pn.pane.HTML(
            '<div class="rm-header"><h1>reflexmap</h1><p>Reflex zones of the soles: hover to name a zone, '
            "click to learn it.</p></div>",
            stylesheets=[CSS],
            sizing_mode="stretch_width",
        )
        self.legend = pn.pane.HTML(legend_html(chart), stylesheets=[CSS], sizing_mode="stretch_width")
        # the body systems' key does not read a map painted by what the student knows
        self.state.param.watch(
            lambda _e: setattr(self.legend, "visible", not self.state.knowledge or self.state.quizzing),
            ["knowledge", "quizzing"],
        )
        self.quiz = QuizPanel(state=self.state, channel=self.map.channel)
        self.practice = PracticePanel(state=self.state)
        self.present = PresentControls(state=self.state)
        yield
        self.links = ZoneHandbookLinks(state=self.state)
        self.upload = ChartUpload(state=self.state, on_chart=self._replace_chart)
        self.classroom = ClassControls(state=self.state, map_view=self.map, details=self.details)
        # a new chart means a new dashboard, which is in no class: the page would drop out unseen
        self.classroom.param.watch(lambda e: setattr(self.upload, "held", IN_CLASS if e.new else ""), "role")
        self.tabs = pn.Tabs(
            (
                "Routines",
                pn.Column(self.routines, pn.layout.Divider(), self.present, self.classroom.start_row),
            ),
            ("Handbook", self.handbook),
            ("Quiz", self.quiz),
            ("Practise", self.practice),
            ("Compare", ComparePanel(state=self.state)),
            ("Downloads", DownloadsPanel(state=self.state, quiz=self.quiz)),
            ("Safety", safety_panel(chart.caveats)),
            (
                "About",
                pn.Column(
                    pn.pane.HTML(about_html(chart), stylesheets=[CSS], sizing_mode="stretch_width"),
                    self.upload,
                    sizing_mode="stretch_width",
                ),
            ),
            sizing_mode="stretch_width",
            # only the open tab is rendered: a page loads faster; the invisible browser bridges
            # (progress store, key listener) sit in the page itself, see _arrange
            dynamic=True,
        )
        self._bind_tabs(self.tabs)
        self._header = header
        self.address: AddressBar | None = None  # on a server page only, see bind_location
        self.connection: ConnectionBanner | None = None  # likewise
        self._url_kept: dict[str, str] = {}
        self._notice = notice(chart.caveats)
        self._message = MessageBar(state=self.state)
        self.layout = pn.Column(
            sizing_mode="stretch_width",
            styles={"padding": "8px 12px", "box-sizing": "border-box", "max-width": "100vw"},
            stylesheets=[PRINT_CSS],
        )
        self._arrange()
        fit_for_fingers([self.layout])
        self.state.param.watch(lambda _e: self._arrange(), "present")
        self.root.objects = [self.layout]

    async def _replace_chart(self, chart: ZoneMap) -> None:
        # built apart and then shown in steps: the server's other users never wait for all of it
        fresh = await Dashboard.built_in_steps(chart, root=pn.Column(sizing_mode="stretch_width"))
        # the address the page was opened at named a zone of the old chart: not read again
        fresh.bind_location(read=False, keep=self._url_kept)
        fresh.state.tab = "About"  # where the user was, now showing the new chart's details
        fresh.upload.loaded(chart)
        self.classroom.leave()  # the upload is held in a class; should one get through, no ghost
        await in_steps.show_in_steps(self.root, fresh.layout)
        fresh.root = self.root

    def _arrange(self) -> None:
        """Lay out the same components for the desk (default) or for a projector (present)."""
        present = self.state.present
        # The map keeps its aspect (about 1.16 tall per wide): cap its width so both soles fit
        # the window's height below what sits above them.
        above = 150 if present else 240
        map_column = pn.Column(
            *([] if present else [self.legend, _no_print(self._layers), self.quiz.knowledge_legend]),
            self.map,
            # a projector's page must not scroll, and its presenter has a mouse and the toolbar
            *([] if present else [_no_print(self.map.zoom, self.zone_list)]),
            sizing_mode="stretch_width",
            stylesheets=[PRINT_CSS],
            styles={
                "flex": "1 1 520px",
                "min-width": "0",
                "max-width": f"min({1100 if present else 820}px, calc((100vh - {above}px) * 0.86))",
            },
        )
        details = self.details.__panel__()
        # on a projector the page must not scroll: long details are drawn smaller to fit the window
        details.styles = {"font-size": "24px"} if present else {}
        details.fit_window = present
        if present:
            side = pn.Column(
                _no_print(self.present),
                details,
                sizing_mode="stretch_width",
                styles={"flex": "1 1 420px", "min-width": "0"},
                stylesheets=[PRINT_CSS],
            )
            top = [self._notice, _no_print(self._message, self.classroom)]
        else:
            side = pn.Column(
                _no_print(self.search, pn.layout.Divider()),
                details,
                _no_print(self.links, pn.layout.Divider(), self.tabs),
                sizing_mode="stretch_width",
                styles={"flex": "1 1 340px", "min-width": "0"},
                stylesheets=[PRINT_CSS],
            )
            top = [self._header, self._notice, _no_print(self._message, self.classroom)]
        self.layout.css_classes = ["rm-present"] if present else []
        self.layout.objects = [
            self.quiz.store,
            self.quiz.focus,
            self.present.keys,
            self.map.taps,
            self.classroom.bridge,
            *([self.address, self.connection] if self.connection is not None else []),
            self.announcer,
            self._pressed,
            self._skips,
            *top,
            pn.FlexBox(map_column, side, flex_wrap="wrap", sizing_mode="stretch_width", gap="16px"),
        ]

    def _layer_toggles(self) -> pn.widgets.CheckBoxGroup:
        # Bokeh's checkbox group wraps each box in a <label>, so the text is clickable and named
        # for screen readers (a single pn.widgets.Checkbox is not).
        names = {"show_labels": "Show zone names", "show_longitudinal": "Show the 5 longitudinal zones"}
        group = pn.widgets.CheckBoxGroup(
            options=list(names.values()),
            value=[label for key, label in names.items() if getattr(self.state, key)],
            inline=True,
        )

        def apply(event):
            self.state.param.update(**{key: label in event.new for key, label in names.items()})

        group.param.watch(guarded(self.state, apply), "value")
        # during a quiz round names would answer the question: the box is locked, not just ignored
        group.disabled = self.state.quizzing
        self.state.param.watch(lambda e: setattr(group, "disabled", e.new), "quizzing")
        # keys and the quiz switch labels too: keep the boxes truthful
        self.state.param.watch(
            lambda _e: setattr(
                group, "value", [lbl for key, lbl in names.items() if getattr(self.state, key)]
            ),
            list(names),
        )
        return group

    def _bind_tabs(self, tabs: pn.Tabs) -> None:
        names = [name for name, _ in zip(TABS, tabs.objects, strict=True)]
        tabs.active = names.index(self.state.tab)
        tabs.param.watch(lambda e: setattr(self.state, "tab", names[e.new]), "active")
        self.state.param.watch(lambda e: setattr(tabs, "active", names.index(e.new)), "tab")

    def bind_location(self, read: bool = True, keep: dict[str, str] | None = None) -> None:
        """Keep the page's address in step with the state: ``?zone=liver&foot=right``,
        ``?entry=foot-massage-oil``, ``?tab=Quiz``, ``?present=1&lesson=liver.right,heart.left``.

        With ``read`` the address the page was opened at sets the state first; its other query
        parameters (and ``keep``) stay in the address. Outside a server page (a notebook) nothing
        happens.
        """
        location = pn.state.location
        if location is None:
            return
        opened = dict(parse_qsl(location.search.lstrip("?"))) if read else {}
        self._url_kept = {**(keep or {}), **{k: v for k, v in opened.items() if k not in URL_STATE}}
        given = {key: opened[key] for key in URL_STATE if key in opened and key != "present"}
        try:
            self.state.param.update(**given)
        except (ValueError, TypeError):  # e.g. ?tab=Nonsense: take what fits, one by one
            for key, value in given.items():
                with contextlib.suppress(ValueError, TypeError):
                    setattr(self.state, key, value)
        if opened.get("present", "").lower() in ("1", "true", "yes", "on"):
            self.state.present = True
        if self.state.zone and self.state.selected is None:  # ?zone=livr: say so, offer Liver
            self.state.suggest(self.state.zone)
        self.address = AddressBar(query=self._query())
        address = self.address
        self.state.param.watch(lambda *_events: setattr(address, "query", self._query()), list(URL_STATE))
        self.connection = ConnectionBanner()  # hidden until the server is gone
        self.layout.extend([self.address, self.connection])  # _arrange keeps them from now on
        self.classroom.open(opened)

    def _query(self) -> str:
        state = self.state
        query = dict(self._url_kept)
        for key in URL_STATE:
            value = getattr(state, key)
            if value != state.param[key].default:  # the address says only what differs
                query[key] = "1" if value is True else str(value)
        return urlencode(query, safe=",")


def _no_print(*objects) -> pn.Column:
    """Controls that a printed page leaves out (see style.PRINT_CSS)."""
    return pn.Column(*objects, css_classes=[NO_PRINT], sizing_mode="stretch_width", margin=0)


# The state the page's address carries, in the order it shows it.
URL_STATE = ("zone", "foot", "entry", "tab", "lesson", "present")


def create_app(chart: ZoneMap) -> pn.viewable.Viewable:
    """Build a fresh dashboard (with its own state) for one session or notebook cell."""
    use_page_template()
    dashboard = Dashboard(chart)
    dashboard.bind_location()
    return dashboard.root
