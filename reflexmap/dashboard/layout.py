"""Composes the dashboard from its components around one per-session :class:`AppState`."""

from __future__ import annotations

import contextlib
import functools
from html import escape
from urllib.parse import parse_qsl, urlencode

import panel as pn

from ..i18n import N_
from ..labels import VIEW_TITLE
from ..model import Chart
from ..web.legend import legend_html
from ..web.map_data import map_columns
from ..web.map_keys import KEYS_CSS, skip_links_html
from ..web.markup import html_list
from ..web.style import CSS, NO_PRINT, PHONE_MEDIA, PRINT_CSS
from . import in_steps
from .announce import Announcer
from .bridge import AddressBar
from .chart_upload import ChartUpload
from .class_panel import ClassControls
from .compare_panel import ComparePanel
from .connection import MESSAGE as CONNECTION_LOST
from .connection import ConnectionBanner
from .details import DetailsPane
from .downloads import DownloadsPanel
from .errors import guarded
from .handbook import HandbookPanel, ZoneHandbookLinks
from .internals import (
    LocallyStyledTabs,
    container_defaults_on_demand,
    lighter_property_containers,
    one_change_handler_per_model,
    pane_rows_on_demand,
    read_parameters_uncopied,
    send_at_once,
    shared_watcher_lists,
    write_quietly,
)
from .language import TITLE, LanguageSwitch, PageLanguage, page_language
from .map_view import MapView
from .message_bar import MessageBar
from .page import use_page_template
from .practice_panel import PracticePanel
from .present import PresentControls
from .quiz_panel import QuizOnPage, QuizPanel
from .routines import RoutinesPanel
from .safety import notice, safety_panel
from .search import SearchPanel
from .state import TABS, AppState
from .touch import fit_for_fingers
from .view_switch import MAP_ROW_CSS, SWITCH_WIDTH, ViewSwitch
from .zone_list import ZoneList

IN_CLASS = N_(
    "This page is in a class, so it keeps the class's chart. Load your own chart once the class has "
    "ended, or in a tab opened without the class link."
)


# On a phone a zone's details come up as a sheet over the bottom of the screen (style.SHEET_BOX,
# at most 45vh): the page ends with that much room, or its last lines (the tabs, on a short tab)
# could not be scrolled out from under the sheet
SHEET_ROOM_CSS = f"@media {PHONE_MEDIA} {{ :host {{ padding-bottom: calc(45vh + 8px) !important; }} }}"

TEACHING = N_("Teach or join a class, present a lesson")

TOPS_NOTE = N_("The tops of the feet are drawn as you see your own feet looking down, toes at the top.")
SIDES_NOTE = N_(
    "The sides of the feet are drawn as you see them standing beside each foot, the sole at the "
    "bottom: the inner sides with the toes toward the middle, the outer sides with the toes "
    "pointing out."
)
RING_NOTE = N_("A ring marks the ankle bone.")


@send_at_once("active")
class LayerToggles(pn.widgets.CheckBoxGroup):
    """The map's "Show zone names" and longitudinal zones boxes. A tick reaches Python at once:
    held back by Panel's debounce, a tick followed by the L key was handled after the key, and the
    names ended the other way from what the two asked (see ``routines.StepList``)."""


def header_html(state: AppState) -> str:
    """The page's heading: what the map shows now (the soles, the tops or a side of the feet)."""
    return (
        '<div class="rm-header"><h1>reflexmap</h1><p>'
        # a phone has no pointer to hover with: the line says to tap first
        + escape(
            state._(
                "Reflex zones: {view}. Tap or click a zone to learn it; a mouse pointer over one names it."
            )
        ).format(view=escape(state._(VIEW_TITLE[state.view]).lower()))
        + "</p></div>"
    )


def map_width_cap(chart: Chart, above: int, widest: int, beside: int = 0) -> str:
    """CSS max-width of the map's column: the map keeps its aspect, so the whole view fits the
    window's height below what sits ``above`` it (the soles are tall, the sides long and low);
    ``beside`` is the width of what sits beside the map (the view switcher)."""
    outlines = map_columns(chart)["outlines"]
    xs = [x for poly in outlines["xs"] for rings in poly for x in rings[0]]
    ys = [y for poly in outlines["ys"] for rings in poly for y in rings[0]]
    aspect = (max(ys) - min(ys) + 24) / (max(xs) - min(xs) + 12)
    return f"min({widest + beside}px, calc((100vh - {above}px) * {1 / aspect:.2f} + {beside}px))"


def guide_line_names(chart: Chart) -> list[str]:
    """The names of the chart's guide lines across the feet, once each, in chart order; a ring
    (an ankle bone, which the note on the views describes) is not among them."""
    lines = chart.overlays[chart.overlays["kind"] == "guide_line"]
    return list(dict.fromkeys(row.label for row in lines.itertuples() if not _is_ring(row.geometry)))


def _is_ring(shape) -> bool:
    return all(part.is_ring for part in getattr(shape, "geoms", [shape]))


def views_note(chart: Chart, _=str) -> str:
    """How the chart's views other than the soles are drawn, saying only what this chart draws: a
    chart may have the tops without the sides, or sides without ankle rings (``_`` translates)."""
    lines = chart.overlays[chart.overlays["kind"] == "guide_line"]
    said = (
        (TOPS_NOTE, "dorsal" in chart.views),
        (SIDES_NOTE, {"medial", "lateral"} & set(chart.views)),
        (RING_NOTE, any(_is_ring(shape) for shape in lines["geometry"])),
    )
    return " ".join(_(sentence) for sentence, shown in said if shown)


def about_html(chart: Chart, _=str) -> str:
    """The About tab: the chart's facts and how to read the map (``_`` translates its words)."""
    info = chart.info
    sources = html_list(info.sources)
    facts = " - ".join(
        part
        for part in (
            info.school,
            info.version and _("version {version}").format(version=info.version),
            info.license and _("licence {license}").format(license=info.license),
        )
        if part
    )
    reading = _(
        "The soles are drawn as if you look at the bottoms of the feet: the left "
        "foot on the left, the right foot on the right, big toes toward the middle. Toes stand for the head "
        "and neck, the ball of the foot for the chest, the arch for the abdomen and the heel for the pelvis; "
        "the inner edge follows the spine."
    )
    guides = guide_line_names(chart)
    if guides:  # the chart's own, in its language: a chart may have other lines, or none
        reading += " " + _("Dashed lines are guide lines: {names}.").format(names=", ".join(guides))
    this_chart, sources_heading, reading_heading = _("This chart"), _("Sources"), _("Reading the map")
    return (
        f'<div class="rm-panel"><h3>{escape(this_chart)}</h3>'
        f"<p><strong>{escape(info.title)}</strong></p>"
        f"<p>{escape(facts)}</p>"
        + (f"<p>{escape(info.description)}</p>" if info.description else "")
        + (f"<h3>{escape(sources_heading)}</h3>{sources}" if sources else "")
        + f"<h3>{escape(reading_heading)}</h3><p>{escape(reading)}</p>"
        + (f"<p>{escape(note)}</p>" if (note := views_note(chart, _)) else "")
        + "</div>"
    )


class Dashboard:
    """One session's dashboard. ``state`` is exposed for tests and notebooks.

    ``root`` is what a page shows; loading another chart rebuilds the dashboard inside it, for
    this session only.
    """

    def __init__(self, chart: Chart, state: AppState | None = None, root: pn.Column | None = None):
        self.root = root if root is not None else pn.Column(sizing_mode="stretch_width")
        self.state = state or AppState(chart)
        chart = self.state.chart  # the view the dashboard draws, in its language (see AppState)
        _ = self.state._
        self.map = MapView(state=self.state)
        self.details = DetailsPane(state=self.state, channel=self.map.channel)
        self.search = SearchPanel(state=self.state)
        self.zone_list = ZoneList(state=self.state, channel=self.map.channel)
        self.announcer = Announcer(state=self.state)
        self.views = ViewSwitch(state=self.state)
        self._skips = pn.pane.HTML(
            skip_links_html(self.map.channel, "[data-testid=details-view]", _),
            stylesheets=[CSS, KEYS_CSS],
            sizing_mode="stretch_width",
            margin=0,
        )
        self._layers = self._layer_toggles()
        self._heading = pn.pane.HTML(
            header_html(self.state),
            stylesheets=[CSS],
            sizing_mode="stretch_width",
            styles={"flex": "1 1 300px", "min-width": "0"},
        )
        header = pn.FlexBox(
            self._heading,
            LanguageSwitch(lang=self.state.lang, label=_("Language"), margin=(12, 0, 0, 8)),
            flex_wrap="wrap-reverse",  # on a phone the switch goes above the title
            justify_content="flex-end",
            align_items="flex-end",  # (reversed lines) beside the title: at its top
            sizing_mode="stretch_width",
        )
        self._page_language = PageLanguage(lang=self.state.lang, title=_(TITLE))
        self.legend = pn.pane.HTML(legend_html(chart, _), stylesheets=[CSS], sizing_mode="stretch_width")
        self.state.param.watch(lambda _e: self._follow_view(), "view")
        # the body systems' key does not read a map painted by what the student knows
        self.state.param.watch(
            lambda _e: setattr(self.legend, "visible", not self.state.knowledge or self.state.quizzing),
            ["knowledge", "quizzing"],
        )
        self.present = PresentControls(state=self.state)
        self.links = ZoneHandbookLinks(state=self.state)
        self.classroom = ClassControls(state=self.state, map_view=self.map, details=self.details)
        # a new chart means a new dashboard, which is in no class: the page would drop out unseen
        self.classroom.param.watch(lambda _e: self._hold_upload(), "role")
        self._quiz_on_page = QuizOnPage(chart, self.map.channel)
        # Each tab is built when first opened: most visitors open one or two of the eight, and the
        # rest cost a session a megabyte and the page's first answer their build. Until then a
        # tab holds an empty column (only the open tab reaches the browser: dynamic).
        self._tab_parts = {
            "Routines": lambda: pn.Column(self.routines, pn.layout.Divider(), self._teaching()),
            "Handbook": lambda: self.handbook,
            "Quiz": lambda: self.quiz,
            "Practise": lambda: self.practice,
            "Compare": lambda: ComparePanel(state=self.state),
            "Downloads": lambda: DownloadsPanel(state=self.state, quiz=self.quiz),
            "Safety": lambda: safety_panel(chart.caveats, _),
            "About": lambda: pn.Column(
                pn.pane.HTML(about_html(self.state.whole, _), stylesheets=[CSS], sizing_mode="stretch_width"),
                self.upload,
                sizing_mode="stretch_width",
            ),
        }
        self.tabs = LocallyStyledTabs(
            *((_(name), pn.Column(sizing_mode="stretch_width", margin=0)) for name in TABS),
            sizing_mode="stretch_width",
            # only the open tab is rendered: a page loads faster; the invisible browser bridges
            # (progress store, key listener) sit in the page itself, see _arrange
            dynamic=True,
        )
        self._teaching_card: pn.Card | None = None  # in the Routines tab, once built
        self._bind_tabs(self.tabs)
        self._open_tab(self.state.tab)
        self._header = header
        self.address: AddressBar | None = None  # on a server page only, see bind_location
        self.connection: ConnectionBanner | None = None  # likewise
        self._url_kept: dict[str, str] = {}
        self._notice = notice(chart.caveats, _)
        self._message = MessageBar(state=self.state)
        self.layout = pn.Column(
            sizing_mode="stretch_width",
            styles={"padding": "8px 12px", "box-sizing": "border-box", "max-width": "100vw"},
            stylesheets=[PRINT_CSS, SHEET_ROOM_CSS],
        )
        self._arrange()
        fit_for_fingers([self.layout])
        self.state.param.watch(lambda _e: self._arrange(), "present")
        self.root.objects = [self.layout]

    async def _replace_chart(self, chart: Chart) -> None:
        # built apart and then shown in steps: the server's other users never wait for all of it
        shown = list(self.root.objects)
        notice = in_steps.DrawingNotice(
            self.state._("Drawing {filename}...").format(filename=chart.info.source)
        )
        # the old dashboard goes first, or each step would cost its models' walk too (in_steps)
        self.root.objects = [notice.pane]
        try:
            lang = self.state.lang
            fresh = await in_steps.off_the_loop(
                lambda: Dashboard(chart, AppState(chart, lang=lang), pn.Column(sizing_mode="stretch_width"))
            )
            await in_steps.pause(pn.state.curdoc)  # the page may have closed meanwhile
            # the address the page was opened at named a zone of the old chart: not read again
            fresh.bind_location(read=False, keep=self._url_kept)
            fresh.state.tab = "About"  # where the user was, now showing the new chart's details
            fresh.upload.loaded(chart)
            fresh.state.message = fresh.state.untranslated_chart_note  # said once, above the new map
            self.classroom.leave()  # the upload is held in a class; should one get through, no ghost
            await in_steps.show_in_steps(self.root, fresh.layout, notice)
        except in_steps.PageClosed:
            raise
        except Exception:
            self.root.objects = shown  # the chart it had, to say sorry on
            raise
        fresh.root = self.root

    def _follow_view(self) -> None:
        """What names the view drawn: the heading, the legend's systems and the map's width."""
        self._heading.object = header_html(self.state)
        self.legend.object = legend_html(self.state.chart, self.state._)
        self._map_column.styles = {**self._map_column.styles, "max-width": self._map_cap()}

    def _map_cap(self) -> str:
        present = self.state.present
        # on a projector the switcher is a row of buttons beside the presenter's controls
        beside = SWITCH_WIDTH if len(self.state.views) > 1 and not present else 0
        return map_width_cap(self.state.chart, 130 if present else 240, 1100 if present else 820, beside)

    def _arrange(self) -> None:
        """Lay out the same components for the desk (default) or for a projector (present)."""
        present = self.state.present
        map_column = pn.Column(
            *([] if present else [self.legend, self._layers, self._quiz_on_page.knowledge_legend]),
            self.views.title,
            # the switcher beside the map where the window is wide, above it on a phone
            pn.FlexBox(
                *([] if present else [self.views.choices]),
                # the map takes the rest of the switcher's line. The style sits on a column of its
                # own: set on the map's pane, Panel would pass the pane's stretch_width on to the
                # figure, whose height then no longer follows its width (scale_width)
                pn.Column(self.map, styles={"flex": "1 1 300px", "min-width": "0"}, margin=0),
                flex_wrap="wrap",
                gap="8px",
                sizing_mode="stretch_width",
                stylesheets=[MAP_ROW_CSS],
            ),
            # a projector's page must not scroll, and its presenter has a mouse and the toolbar
            *([] if present else [_no_print(self.map.zoom, self.zone_list)]),
            sizing_mode="stretch_width",
            stylesheets=[PRINT_CSS],
            styles={
                "flex": "1 1 520px",
                "min-width": "0",
                "max-width": self._map_cap(),
            },
        )
        self._map_column = map_column
        details = self.details.__panel__()
        # on a projector the page must not scroll: long details are drawn smaller to fit the window
        details.styles = {"font-size": "24px"} if present else {}
        details.fit_window = present
        # a projector's switcher is a row of plain buttons, so the map keeps the window's height
        self.views.choices.css_classes = ["rm-views-host", NO_PRINT, *(["rm-compact"] if present else [])]
        if present:
            side = pn.Column(
                _no_print(self.present.controls(self.views.choices)),
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
            self._quiz_on_page.store,
            self._quiz_on_page.focus,
            self.present.keys,
            self.map.taps,
            *([self.address, self.connection] if self.connection is not None else []),
            self.announcer,
            self._page_language,
            self._skips,
            *top,
            pn.FlexBox(map_column, side, flex_wrap="wrap", sizing_mode="stretch_width", gap="16px"),
        ]

    def _layer_toggles(self) -> LayerToggles:
        # Bokeh's checkbox group wraps each box in a <label>, so the text is clickable and named
        # for screen readers (a single pn.widgets.Checkbox is not).
        _ = self.state._
        names = {"show_labels": _("Show zone names"), "show_longitudinal": _("Show the 5 longitudinal zones")}
        group = LayerToggles(
            options=list(names.values()),
            value=[label for key, label in names.items() if getattr(self.state, key)],
            inline=True,
            # left out of a print by a class of its own, not a column around it: a component less
            css_classes=[NO_PRINT],
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
        names = [name for name, _tab in zip(TABS, tabs.objects, strict=True)]
        tabs.active = names.index(self.state.tab)
        tabs.param.watch(lambda e: setattr(self.state, "tab", names[e.new]), "active")
        self.state.param.watch(lambda e: setattr(tabs, "active", names.index(e.new)), "tab")
        self.state.param.watch(lambda e: self._open_tab(e.new), "tab")

    def _open_tab(self, name: str) -> None:
        """Build tab ``name``'s content into its place the first time it is opened."""
        build = self._tab_parts.pop(name, None)
        if build is None:  # built already
            return
        content = pn.panel(build())
        fit_for_fingers([content])
        self.tabs.objects[TABS.index(name)].objects = [content]

    def _teaching(self) -> pn.Card:
        """The teacher's tools under the routines: presenting, a lesson, a class (and joining one).

        Folded away until opened, and built then: a student following a routine has no use for
        them and does not scroll past them, and most sessions never build them (a sixth of the
        first page's memory). A page opened at a lesson's link opens them: it came for the lesson
        (see bind_location).
        """
        card = pn.Card(
            title=self.state._(TEACHING),
            collapsed=not self.state.lesson,
            sizing_mode="stretch_width",
            css_classes=["rm-teaching"],
        )

        def build(*_events) -> None:
            if card.collapsed or card.objects:
                return
            parts = [pn.panel(self.present), self.classroom.start_row]
            fit_for_fingers(parts)
            card.objects = parts

        card.param.watch(build, "collapsed")
        build()
        self._teaching_card = card
        return card

    def _open_teaching(self, when_at_desk: bool) -> None:
        """Open the teaching section (and so build it), or, for a page presenting, once it stops:
        a projector shows the presenter's own controls beside the map, and a second set in the
        hidden Routines tab would cost the page a copy of them for nothing."""
        card = self._teaching_card
        if not when_at_desk:
            card.collapsed = False
            return

        def at_desk(event) -> None:
            if not event.new:
                self.state.param.unwatch(watcher)
                card.collapsed = False

        watcher = self.state.param.watch(at_desk, "present")

    # The parts of the tabs, built on first use: by their tab, or by whatever needs them first
    # (the Downloads tab needs the quiz's progress; a test or a new chart the upload).

    @functools.cached_property
    def routines(self) -> RoutinesPanel:
        """The Routines tab's picker and steps."""
        return RoutinesPanel(state=self.state)

    @functools.cached_property
    def handbook(self) -> HandbookPanel:
        """The Handbook tab."""
        return HandbookPanel(state=self.state)

    @functools.cached_property
    def quiz(self) -> QuizPanel:
        """The Quiz tab (its parts outside the tab are on the page from the start)."""
        return QuizPanel(state=self.state, channel=self.map.channel, on_page=self._quiz_on_page)

    @functools.cached_property
    def practice(self) -> PracticePanel:
        """The Practise tab."""
        return PracticePanel(state=self.state)

    @functools.cached_property
    def upload(self) -> ChartUpload:
        """The About tab's chart upload."""
        upload = ChartUpload(state=self.state, on_chart=self._replace_chart)
        self._hold_upload(upload)
        return upload

    def _hold_upload(self, upload: ChartUpload | None = None) -> None:
        # a page in a class keeps the class's chart (see IN_CLASS)
        if upload is None:
            upload = self.__dict__.get("upload")  # not built: it reads the role when it is
        if upload is not None:
            upload.held = self.state._(IN_CLASS) if self.classroom.role else ""

    def bind_location(self, read: bool = True, keep: dict[str, str] | None = None) -> None:
        """Keep the page's address in step with the state: ``?zone=liver&foot=right``,
        ``?entry=foot-massage-oil``, ``?tab=Quiz``, ``?present=1&lesson=liver.right,heart.left``,
        ``?lang=ru`` (also once English was asked for, so a Russian browser keeps the English page).

        With ``read`` the address the page was opened at sets the state first; its other query
        parameters (and ``keep``) stay in the address. Outside a server page (a notebook) nothing
        happens.
        """
        location = pn.state.location
        if location is None:
            return
        opened = dict(parse_qsl(location.search.lstrip("?"))) if read else {}
        self._url_kept = {**(keep or {}), **{k: v for k, v in opened.items() if k not in URL_STATE}}
        if "lang" in opened:  # asked for, even English: kept, so a Russian browser keeps an English page
            self._url_kept["lang"] = self.state.lang
        # the language was chosen before the dashboard was built (create_app), present after
        given = {
            key: opened[key] for key in URL_STATE if key in opened and key not in ("present", "lang", "view")
        }
        try:
            self.state.param.update(**given)
        except (ValueError, TypeError):  # e.g. ?tab=Nonsense: take what fits, one by one
            for key, value in given.items():
                with contextlib.suppress(ValueError, TypeError):
                    setattr(self.state, key, value)
        presenting = opened.get("present", "").lower() in ("1", "true", "yes", "on")
        if self.state.lesson and self._teaching_card is not None:  # opened at a lesson's link
            self._open_teaching(when_at_desk=presenting)
        if presenting:
            self.state.present = True
        self.state.open_at(opened.get("view", ""))
        if self.state.zone and self.state.selected is None:  # ?zone=livr: say so, offer Liver
            self.state.suggest(self.state.zone)
        self.address = AddressBar(query=self._query())
        address = self.address
        # on every click: straight onto the page's model (see MapView._on_tap)
        self.state.param.watch(lambda *_events: write_quietly(address, query=self._query()), list(URL_STATE))
        self.connection = ConnectionBanner(  # hidden until the server is gone
            message=self.state._(CONNECTION_LOST), reload=self.state._("Reload")
        )
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
URL_STATE = ("view", "zone", "foot", "entry", "tab", "lesson", "present", "lang")


def create_app(chart: Chart) -> pn.viewable.Viewable:
    """Build a fresh dashboard (with its own state) for one session or notebook cell."""
    use_page_template()
    lighter_property_containers()
    shared_watcher_lists()
    pane_rows_on_demand()
    container_defaults_on_demand()
    one_change_handler_per_model()
    read_parameters_uncopied()
    dashboard = Dashboard(chart, AppState(chart, lang=page_language()))
    dashboard.bind_location()
    # said once, above the map, unless the address already had something to say (a mistyped zone)
    dashboard.state.message = dashboard.state.message or dashboard.state.untranslated_chart_note
    return dashboard.root
