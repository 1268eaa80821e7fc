"""A live class on the dashboard: the teacher's console and a student's follow bar.

The class itself (codes, key, answers, limits) is :mod:`reflexmap.classroom`; this module ties one
session to it. The teacher's session publishes its state on every change; each student's session
is a listener that schedules its update on its own document (``add_next_tick_callback``), so the
news reaches every page in the same tick and nothing polls.

A teacher's click must reach a hundred students within a fraction of a second, but bringing a
student's whole dashboard to the new zone costs the server about what that student's own click
would (some 10-25 ms of CPU): a hundred of them, one after the other on the one event loop, is
seconds. So a student's page is first told only the zone's row, in one message for the whole class
written to every student's websocket from the teacher's own callback (``lead_outline.ClassLeads``);
the page shows the details it already holds, as it does for a tap. The full update (map outline,
address, everything else) follows through :data:`CATCH_UP`, one session at a time, with
the event loop free in between for the teacher's next click; a session still waiting when the
teacher clicks again is brought straight to the newest state. The teacher key is kept in the
teacher's browser (localStorage, per class code), never in an address.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import os
from collections.abc import Callable
from html import escape

import panel as pn
import param
import segno
from bokeh.models import ColumnDataSource
from panel.custom import JSComponent
from panel.io.state import set_curdoc
from panel.viewable import Viewer
from tornado.ioloop import IOLoop

from ..classroom import (
    FOLLOWED,
    STATE_TEXT_LENGTH,
    ClassError,
    Classroom,
    Registry,
    TooLong,
    clean_nickname,
    new_code,
    new_key,
    normal_code,
    not_a_code,
)
from ..i18n import DEFAULT_LANGUAGE, N_, translator
from ..web.assets import js
from ..web.style import CSS
from . import session_gc
from .copy_link import CopyLink, copy_words
from .details import DetailsPane
from .errors import guarded, quiet_closed_pages
from .internals import EmptySlot, change_models
from .lead_outline import CLASS_LEADS, LeadOutline, lead_outline
from .map_view import MapView
from .message_bar import OFFER_CSS
from .state import AppState
from .touch import fit_for_fingers

REGISTRY = Registry(
    idle_minutes=float(os.environ.get("REFLEXMAP_CLASS_IDLE_MINUTES", "45")),
    size=int(os.environ.get("REFLEXMAP_CLASS_SIZE", "200")),
    per_client=int(os.environ.get("REFLEXMAP_CLASSES_PER_CLIENT", "10")),
)
LOOPBACK = ("127.0.0.1", "::1")
_ONE_PROCESS = [True]
_TIMED: set[str] = set()  # classes whose idle timer runs (one each, however many teacher pages)
ONE_PROCESS_ONLY = N_(
    "Teaching a class needs each server process on its own port: this server runs several processes "
    "on one port (--num-procs), so students could land where the class is not. Run one process, or "
    "several behind nginx (deploy/nginx)."
)
# a question's prompt, per foot (the zone's name is the page's own, in its language)
FIND = {"left": N_("Find: {name} (left foot)"), "right": N_("Find: {name} (right foot)")}
ANSWER = {"left": N_("The answer: {name} (left foot)."), "right": N_("The answer: {name} (right foot).")}
RIGHT, WRONG = "#1a7f37", "#c2410c"
log = logging.getLogger("reflexmap.dashboard")

CLASS_CSS = """
.rm-class { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin: 0; }
.rm-class-code { font: 700 2em/1.1 ui-monospace, monospace; letter-spacing: .12em; }
.rm-class-qr svg { width: min(42vh, 300px); height: auto; display: block; }
.rm-class-tally { font-size: 1.1em; }
.rm-class-tally .rm-right { color: #1a7f37; } .rm-class-tally .rm-wrong { color: #c2410c; }
.rm-class-note { color: #444; font-size: .95em; }
/* a student answering on a phone scrolls to the map: the question stays in sight */
.rm-class-pinned { position: fixed; top: 0; left: 0; right: 0; z-index: 30; border-radius: 0;
  box-shadow: 0 2px 8px rgba(0, 0, 0, .25); font-size: 1.1em; }
"""


def one_process(yes: bool) -> None:
    """Tell the class glue whether this server is one process per port (set by ``serve``)."""
    _ONE_PROCESS[0] = yes


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG, sized by CSS (no width/height of its own)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=1, border=2, omitsize=True, xmldecl=False)
    return out.getvalue().decode()


def tally_html(room: Classroom, lang: str = DEFAULT_LANGUAGE) -> str:
    """The teacher's live count of the open question's answers, in ``lang`` (all text escaped)."""
    words = translator(lang)
    _ = words.gettext
    tally = room.tally()
    students = words.ngettext("{n} student following", "{n} students following", tally.students)
    students = escape(students.format(n=tally.students))
    question = room.question
    if question is None:
        none_yet = escape(_("No question yet."))
        return f'<p class="rm-class-tally" data-testid="class-tally">{students}. {none_yet}</p>'
    names = [a.nickname for a in tally.dots if a.nickname]
    who = ""
    if names:
        answered = escape(_("Answered: {names}").format(names=", ".join(names)))
        who = f'<p class="rm-class-note">{answered}</p>'
    prompt = _(FIND[question.foot]).format(name=question.name)
    status = _("{prompt} (revealed)") if question.revealed else _("{prompt} (open)")
    counts = _("{answered} of {students} answered").format(answered=tally.answered, students=tally.students)
    right = _("{count} right").format(count=tally.right)
    wrong = _("{count} not").format(count=tally.answered - tally.right)
    share = _("({share} right)").format(share=f"{tally.share_right:.0%}")
    return (
        f'<p class="rm-class-tally" data-testid="class-tally" data-answered="{tally.answered}" '
        f'data-right="{tally.right}" data-students="{tally.students}">'
        f"{escape(status.format(prompt=prompt))}: <strong>{escape(counts)}</strong>, "
        f'<span class="rm-right">{escape(right)}</span>, <span class="rm-wrong">{escape(wrong)}</span> '
        f"{escape(share)}</p>{who}"
    )


class ClassBridge(JSComponent):
    """The teacher's browser side: reports the page's address and the key it holds for ``code``;
    ``start = [code, key]`` stores a new key and opens the teacher's page of that class.

    The key is kept in localStorage (a reload, another tab: the teacher again). Where the browser
    refuses that (private modes, blocked site data) it falls back to sessionStorage and then to
    ``window.name``, which both last across this tab's reloads only; ``kept`` says where it is, so
    the teacher can be told. Without any of them the page would reopen as a student's.
    """

    code = param.String(default="", doc="The class whose key to read from the browser.")
    key = param.String(default="")
    kept = param.String(default="", doc="Where the key is: 'local', 'session', 'tab' or ''.")
    origin = param.String(default="", doc="The page's address without its query (for the link).")
    loaded = param.Boolean(default=False)
    start = param.List(default=[])
    forget = param.String(default="", doc="A class code whose key the browser drops.")
    canonical = param.String(default="", doc="A class code the page's address is to carry instead.")

    _esm = js("class_bridge.js")


CATCH_UP_GAP_S = 0.02  # between two sessions' catch-ups, each some 10-25 ms of CPU
# the longest a catch-up waits for the class's news to go out: a page that closed before its news
# ran never reports it done, and must not hold the others' catch-ups for longer
NEWS_WAIT_S = 2.0


class CatchUp:
    """Sessions to bring up to date, one at a time, oldest first, each under its document's lock.

    The event loop is given back between two sessions, so whatever arrived meanwhile (a teacher's
    click, a student's own tap) is answered before the next one. A session asked for again while it
    waits keeps its place and runs the newest work: what it runs reads the class as it is then.
    The class's news (:meth:`ahead`: a zone's row, a question) goes to every page first: no
    catch-up starts while some of it is still to run. Outside a server (tests, notebooks) the work
    runs at once.
    """

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[object, Callable[[], None]]] = {}
        self._running = False
        self._news = 0  # news scheduled by ahead() and not yet run
        self._no_news: asyncio.Event | None = None  # set while _news is 0 (made on the loop)

    def want(self, key: int, doc, work: Callable[[], None]) -> None:
        """Run ``work`` for the session of ``doc`` when its turn comes (``key``: one turn each)."""
        if doc is None or doc.session_context is None:
            work()
            return
        self._waiting[key] = (doc, work)
        if not self._running:
            self._running = True
            IOLoop.current().add_callback(self._run)

    def ahead(self, doc, work: Callable[[], None]) -> None:
        """Run ``work`` for another session's page on its next tick, under its document's lock,
        before any catch-up that has not started yet."""
        if doc is None or doc.session_context is None:
            work()
            return
        self._news += 1
        if self._no_news is not None:
            self._no_news.clear()

        def run() -> None:
            try:
                with set_curdoc(doc):
                    work()
            finally:
                self._news_done()

        doc.add_next_tick_callback(run)

    def _news_done(self) -> None:
        self._news = max(0, self._news - 1)
        if not self._news and self._no_news is not None:
            self._no_news.set()

    async def _after_news(self) -> None:
        if not self._news:
            return
        if self._no_news is None:
            self._no_news = asyncio.Event()
        try:
            await asyncio.wait_for(self._no_news.wait(), NEWS_WAIT_S)
        except TimeoutError:  # some news went to a page that closed first: it never runs
            self._news = 0
            self._no_news.set()

    def run_now(self, key: int) -> None:
        """Run a waiting session's work now (it asked for its state itself)."""
        if key in self._waiting:
            self._waiting.pop(key)[1]()

    async def _run(self) -> None:
        try:
            while self._waiting:
                await self._after_news()
                if not self._waiting:  # a session took its own turn meanwhile (run_now)
                    break
                key = next(iter(self._waiting))
                doc, work = self._waiting.pop(key)
                context = doc.session_context
                if context is None or context.destroyed:
                    continue

                async def locked(_doc, work=work, doc=doc) -> None:
                    with set_curdoc(doc):
                        work()

                try:
                    await context.with_locked_document(locked)
                except Exception:  # one session's failure must not hold up the rest
                    log.exception("a class catch-up failed")
                # A pause, not just one turn of the loop: a teacher's click takes many turns to
                # get through (websocket frame, Bokeh's lock, Panel's scheduling), and one student's
                # update per turn made it wait behind a dozen of them
                await asyncio.sleep(CATCH_UP_GAP_S)
        finally:
            self._running = False


CATCH_UP = CatchUp()


def client_address(doc) -> str:
    """The address a page came from, for the per-client limit on new classes: the proxy's word
    (``X-Real-IP``, which deploy/nginx sets) only when the proxy is on this machine."""
    context = doc.session_context if doc is not None else None
    request = context.request if context is not None else None
    if request is None:
        return ""
    address = request.remote_ip or ""
    forwarded = request.headers.get("X-Real-IP", "")
    return forwarded.strip() if address in LOOPBACK and isinstance(forwarded, str) and forwarded else address


class ClassViews:
    """What a page shows of its class: the class bar (status, follow button, nickname), the
    teacher's invitation and console, the answers' tally and their dots on the map, and the
    browser bridge that keeps the teacher's key.

    Most pages never join a class, and these cost a session more than its map's columns: they are
    built when the page first has something to say about a class (:attr:`ClassControls.views`).
    """

    def __init__(self, controls: ClassControls):
        state = controls.state
        _ = state._
        self.bridge = ClassBridge()
        self.status = pn.pane.HTML(
            "", stylesheets=[CSS, OFFER_CSS, CLASS_CSS], sizing_mode="stretch_width", margin=0
        )
        self.follow_button = pn.widgets.Button(label=_("Explore on my own"), color="light", visible=False)
        self.follow_button.on_click(guarded(state, lambda _e: controls.toggle_follow()))
        self.nickname = pn.widgets.TextInput(
            placeholder=_("Nickname (optional)"), max_length=24, width=180, visible=False
        )
        # teacher's console
        self.copy = CopyLink(
            label=_("Student link"), field="class-link", words=copy_words(_), sizing_mode="stretch_width"
        )
        self.qr = pn.pane.HTML("", stylesheets=[CLASS_CSS], margin=0)
        self.note = pn.pane.HTML("", stylesheets=[CSS, CLASS_CSS], sizing_mode="stretch_width", margin=0)
        self.tally = pn.pane.HTML("", stylesheets=[CSS, CLASS_CSS], sizing_mode="stretch_width", margin=0)
        self.ask_button = pn.widgets.Button(label=_("Ask: find the selected zone"), color="primary")
        self.ask_button.on_click(guarded(state, lambda _e: controls.ask()))
        self.reveal_button = pn.widgets.Button(label=_("Reveal"), color="light", disabled=True)
        self.reveal_button.on_click(guarded(state, lambda _e: controls.reveal()))
        self.end_button = pn.widgets.Button(label=_("End class"), color="danger")
        self.end_button.on_click(
            guarded(state, lambda _e: controls.registry.end(controls.code, self.bridge.key))
        )
        self.invite = pn.Card(
            pn.FlexBox(
                self.qr,
                pn.Column(self.copy, self.note, sizing_mode="stretch_width", styles={"flex": "1 1 260px"}),
            ),
            title=_("Invite the class"),
            sizing_mode="stretch_width",
            visible=False,
        )
        self.console = pn.Row(self.ask_button, self.reveal_button, self.end_button, visible=False)
        self.dots = ColumnDataSource({"x": [], "y": [], "color": []})
        figure = controls.map_view.figure
        # built in a click's callback too (Teach a class, Join), where Bokeh's lock is not held
        change_models(
            figure.document,
            lambda: figure.scatter(
                "x",
                "y",
                source=self.dots,
                size=18,
                color="color",
                alpha=0.45,
                line_color="#000000",
                level="overlay",
            ),
        )
        self.bar = pn.FlexBox(self.status, self.follow_button, self.nickname, align_items="center")
        self.bridge.param.watch(guarded(state, controls._on_loaded), "loaded")
        self.bridge.param.watch(guarded(state, controls._show_link), "origin")

    def parts(self) -> list:
        """What the page shows, in order (the bridge is an invisible part of the page)."""
        return [self.bar, self.invite, self.console, self.tally, self.bridge]


class ClassControls(Viewer):
    """One session's part in a class: nothing, a teacher's console, or a student's follow bar.

    ``open`` reads the page's address (``?teach=1``, ``?class=CODE``); ``teach`` starts a class
    from a button. Until then the page holds an empty column for the class (:attr:`views`), and
    the Routines tab the row that starts or joins one (:attr:`start_row`).
    """

    state = param.ClassSelector(class_=AppState)
    map_view = param.ClassSelector(class_=MapView)
    details = param.ClassSelector(
        class_=DetailsPane, default=None, doc="Where a followed zone is shown ahead of the state."
    )
    role = param.Selector(default="", objects=["", "teacher", "student", "starting"])
    following = param.Boolean(default=True)

    def __init__(self, registry: Registry = REGISTRY, **params):
        super().__init__(**params)
        self.registry = registry
        self.code = ""
        self.member = 0
        self.room: Classroom | None = None
        self._doc = None
        self._answered = 0  # the question number this student has answered
        self._news = ""
        self._labels_before = True
        state = self.state
        self._slot = EmptySlot(sizing_mode="stretch_width", margin=0)
        state.param.watch(guarded(state, self._publish), list(FOLLOWED))
        state.param.watch(guarded(state, self._on_answer), "tap")
        self._too_long: tuple[str, int] | None = None  # the setting last left out, said once
        # a student's map outlining the teacher's zone ahead of the full update (made on joining)
        self.outline: LeadOutline | None = None
        self._led: tuple[str, str] | None = None  # the zone last shown ahead, until a catch-up

    def __panel__(self):
        return self._slot

    @functools.cached_property
    def views(self) -> ClassViews:
        """The page's class parts, built and shown on first use."""
        views = ClassViews(self)
        parts = views.parts()
        fit_for_fingers(parts)
        self._slot.objects = parts
        return views

    @functools.cached_property
    def start_row(self) -> pn.Column:
        """Start a class, or join one by its code (in the Routines tab; hidden while in a class)."""
        state = self.state
        _ = state._
        teach_button = pn.widgets.Button(label=_("Teach a class"), color="primary")
        teach_button.on_click(guarded(state, lambda _e: self.teach()))
        # a student without the link (it was said aloud, or written on the board) types the code
        self.code_input = pn.widgets.TextInput(
            label=_("Class code"), placeholder="ABCD2345", max_length=40, width=170
        )
        self.code_input.param.watch(guarded(state, lambda _e: self.join_typed()), "enter_pressed")
        join_button = pn.widgets.Button(label=_("Join the class"), color="light", align="end")
        join_button.on_click(guarded(state, lambda _e: self.join_typed()))
        # what is said about a typed code stays by the box: on a phone the page's top, where the
        # class bar is, is out of sight of someone typing down here. Above it, not below: a phone
        # scrolls a box being typed in just into sight, above its keyboard
        self.code_note = pn.pane.HTML(
            "", stylesheets=[CSS, OFFER_CSS, CLASS_CSS], sizing_mode="stretch_width", margin=(0, 5)
        )
        return pn.Column(
            self.code_note,
            pn.FlexBox(teach_button, self.code_input, join_button, align_items="end", gap="8px"),
            sizing_mode="stretch_width",
            visible=self.role not in ("teacher", "student"),
        )

    def _show_start(self, shown: bool) -> None:
        if "start_row" in self.__dict__:  # not built: it reads the role when it is
            self.start_row.visible = shown

    # --- joining ----------------------------------------------------------------------------------

    def open(self, query: dict[str, str]) -> None:
        """Act on the page's address: start a class, drive one (with the key), or follow one."""
        teach = query.get("teach", "").lower() in ("1", "true", "yes", "on")
        if "class" not in query:
            if teach:
                self.teach()
            return
        code = normal_code(query["class"])
        if code is not None and code != query["class"]:
            # behind nginx this page may be on another server than the class: reopen, then join
            self.views.bridge.canonical = code
            self._say(self.state._("Opening class {code}…").format(code=code))
            return
        if teach and code is not None:
            # the key is in the browser: known once the bridge has reported it (_on_loaded)
            self.code = self.views.bridge.code = code
            self.role = "starting"
            self._say(self.state._("Opening your class…"))
            return
        self._join(query["class"])

    def join_typed(self) -> None:
        """Open the class whose code is in the box (the page reopens at its link, so that behind
        nginx it reaches the class's server); a text that cannot be a code is said so here."""
        code = normal_code(self.code_input.value)
        if code is None:
            self.code_note.object = _message(not_a_code().said(self.state._), "class-code-error", error=True)
            return
        opening = self.state._("Opening class {code}…").format(code=code)
        self.code_note.object = _message(opening, "class-code-status")
        self.views.bridge.canonical = ""  # the same code typed again opens it again
        self.views.bridge.canonical = code

    def teach(self) -> None:
        """Start a new class: the browser keeps its key and reopens as its teacher's page."""
        if not _ONE_PROCESS[0]:
            self._say(self.state._(ONE_PROCESS_ONLY), error=True)
            return
        self.role = "starting"
        self._say(self.state._("Starting a class…"))
        self.views.bridge.start = [new_code(), new_key()]

    def _on_loaded(self, _event) -> None:
        if self.role != "starting" or not self.code:
            return
        if not _ONE_PROCESS[0]:
            self._say(self.state._(ONE_PROCESS_ONLY), error=True)
            return
        self._doc = pn.state.curdoc
        try:
            claimed = self.registry.claim(
                self.code, self.views.bridge.key, self._listener(), client_address(self._doc)
            )
        except ClassError as error:
            self.role = ""
            self._say(error.said(self.state._), error=True)
            return
        if claimed is None:  # no key for this class here: an ordinary student
            self._join(self.code)
            return
        self.room, self.member = claimed
        self.role = "teacher"
        self._show_start(False)
        self._leave_on_close()
        if self.room.state:  # a second screen or a reload: take up where the class is
            self.state.param.update(**self.room.state)
        self._publish()
        self._schedule_expiry()
        self.views.invite.visible = self.views.console.visible = True
        self._show_link()
        self._show_room(self.room)
        session_gc.settled(self._doc)

    def _join(self, code: str) -> None:
        self._doc = pn.state.curdoc
        try:
            self.room, self.member = self.registry.join(code, self._listener())
        except ClassError as error:
            self.role = ""
            self._say(error.said(self.state._), error=True)
            return
        self.code = self.room.code
        self.role = "student"
        self._show_start(False)
        self._leave_on_close()
        self.views.follow_button.visible = self.views.nickname.visible = True
        if self.outline is None:
            self.outline = lead_outline(self.state, self.map_view.channel)
            self.views.bar.append(self.outline)
        self._apply_state()  # a late joiner sees the class where it is, at once
        if self.room.question is not None:
            self._apply_question(self.room.question)
        self._show_student()
        session_gc.settled(self._doc)

    def _listener(self):
        doc = pn.state.curdoc

        def listener(kind: str, room: Classroom) -> None:
            if kind == "answers":
                # a class answering at once is one redraw of the teacher's tally, not one per answer
                CATCH_UP.want(id(self), doc, lambda: guarded(self.state, self._on_news)(kind, room))
            elif kind == "state":
                # at once, in the teacher's own callback: it touches no document (see _follow)
                if self.role == "student" and self.following:
                    self._follow()
            else:  # a question, the end: to every page before any page's catch-up
                CATCH_UP.ahead(doc, lambda: guarded(self.state, self._on_news)(kind, room))

        return listener

    def _leave_on_close(self) -> None:
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            code, member, registry = self.code, self.member, self.registry

            def closed(_context) -> None:
                registry.leave(code, member)  # its memory: collected as every page's (session_gc)

            doc.on_session_destroyed(closed)
            # a class's pages often close together, some while a catch-up is being written
            quiet_closed_pages(asyncio.get_running_loop())

    def _schedule_expiry(self) -> None:
        """One timer per class, set for when it would go idle, set again while it is used."""
        registry, code = self.registry, self.code

        def check() -> None:
            registry.expire()
            left = registry.seconds_left(code)
            if left is None:
                _TIMED.discard(code)
            else:
                IOLoop.current().call_later(left + 1, check)

        left = registry.seconds_left(code)
        on_server = self._doc is not None and self._doc.session_context is not None
        if left is not None and on_server and code not in _TIMED:
            _TIMED.add(code)
            IOLoop.current().call_later(left + 1, check)

    def leave(self) -> None:
        """Take this page out of its class (its dashboard is being replaced): its listener goes,
        and a student no longer counts."""
        if self.role in ("teacher", "student"):
            self.registry.leave(self.code, self.member)
        self.role = ""
        self.room = None

    # --- news from the class ----------------------------------------------------------------------

    def _on_news(self, kind: str, room: Classroom) -> None:
        if kind == "ended":
            self._ended(room)
        elif self.role == "teacher":
            self._show_room(room)
        elif kind == "question" and room.question is not None:
            self._apply_question(room.question)

    def _follow(self) -> None:
        """The teacher's state changed: a new zone goes to the page at once, in the class's one
        message (:data:`CLASS_LEADS`), which the page shows from its own data; this session is
        brought up to date when its turn comes (see the module's docstring)."""
        changed = self._changes()
        if not changed:
            return
        if self.details is not None and set(changed) <= {"zone", "foot"}:
            zone, foot = self.room.state.get("zone", ""), self.room.state.get("foot", "")
            row = self.details.lead_row(zone, foot)
            if row is not None:  # the page outlines it on the map too
                CLASS_LEADS.add(self._doc, self.details, row)
                self._led = (zone, foot)
        CATCH_UP.want(id(self), self._doc, guarded(self.state, self._catch_up))

    def _catch_up(self) -> None:
        if self.following:
            self._apply_state()
        if self.details is None:
            return
        # Python restyles the map when the state changes. The page may show a zone ahead whose
        # state never came (the teacher went on and came back before this turn): the state's zone
        # goes ahead again, which outlines it on the map too
        shown = (self.state.zone, self.state.foot)
        if self._led not in (None, shown):
            self.details.lead(*shown)
        self._led = None
        self.details.settle()  # covers any lead, whatever became of it

    def _changes(self) -> dict:
        """The followed settings where the class differs from this page; none while a question
        is open (the teacher's clicks would give it away) or before the teacher has clicked."""
        room = self.room
        question = room.question if room else None
        if room is None or not room.state or (question is not None and not question.revealed):
            return {}
        return {k: v for k, v in room.state.items() if getattr(self.state, k) != v}

    def _apply_state(self) -> None:
        # only what differs: the whole dashboard updates for what changed, no more
        changed = self._changes()
        if changed:
            self.state.param.update(**changed, message="", offer="", offer_label="")

    def _apply_question(self, question) -> None:
        state = self.state
        if question.revealed:
            right = self.room.answers.get(self.member)
            _ = state._
            verdict = _("You found it.") if right and right.right else _("It is outlined on your map.")
            state.hold_quiz("class_question", False, show_labels=self._labels_before, target="")
            if self.following:
                self._apply_state()
            else:
                state.select(question.zone_id, question.foot)
            answer = _(ANSWER[question.foot]).format(name=self._zone_name(question))
            self._show_student(f"{answer} {verdict}")
            return
        if not state.class_question:
            self._labels_before = state.show_labels
        state.hold_quiz("class_question", True, show_labels=False, zone="", foot="", target="", revealed=[])
        # one tap answers one question: the class's first, the page's own round once it is revealed
        _ = state._
        prompt = _(FIND[question.foot]).format(name=self._zone_name(question))
        asked = _("{prompt}: tap it on your map.").format(prompt=prompt)
        waits = _("Your own quiz round waits until the teacher reveals the answer.")
        self._show_student(f"{asked} {waits}" if state.quiz_round else asked)

    def _key_warning(self) -> str:
        if self.views.bridge.kept in ("", "local"):
            return ""
        warning = self.state._(
            "This browser does not let the page keep data, so your key to drive the class lives in "
            "this tab only: a reload keeps it, but another tab or window opens the class as a student."
        )
        return (
            f'<p class="rm-class-note" data-testid="class-key-warning"><strong>{escape(warning)}</strong></p>'
        )

    def _zone_name(self, question) -> str:
        """The asked zone's name as this page's chart has it (its language), else the teacher's."""
        chart = self.state.chart
        if chart.has_zone(question.zone_id, question.foot):
            return chart.zone(question.zone_id, foot=question.foot).name
        return question.name

    def _on_answer(self, event) -> None:
        question = self.room and self.room.question
        if (
            self.role != "student"
            or question is None
            or question.revealed
            or self._answered == question.number
        ):
            return
        foot, hits, _count = event.new
        _n, x, y = self.map_view.taps.tap
        if self.registry.answer(
            self.code, self.member, list(hits), foot, x, y, clean_nickname(self.views.nickname.value)
        ):
            self._answered = question.number
            self._show_student(self.state._("Your answer is in. Wait for the teacher to reveal it."))

    def _ended(self, room: Classroom) -> None:
        was_teacher = self.role == "teacher"
        self.role = ""
        self.room = None
        if self.state.class_question:
            self.state.hold_quiz("class_question", False, show_labels=self._labels_before, target="")
        self.views.follow_button.visible = self.views.nickname.visible = False
        self._show_start(True)
        self.views.invite.visible = self.views.console.visible = False
        self.views.tally.object = ""
        self.views.dots.data = {"x": [], "y": [], "color": []}
        if was_teacher:
            self.views.bridge.forget = room.code
        why = room.ended.said(self.state._) if room.ended else ""
        yours = self.state._("The map is still yours to use.")
        self._say(f"{why} {yours}".strip())

    # --- teacher's actions ------------------------------------------------------------------------

    def _publish(self, *_events) -> None:
        if self.role != "teacher":
            return
        followed = {k: _plain(getattr(self.state, k)) for k in FOLLOWED}
        session_gc.news()
        with CLASS_LEADS.batch():  # the students' rows, in one message when all have answered
            self._publish_followed(followed)

    def _publish_followed(self, followed: dict) -> None:
        try:
            self.registry.publish(self.code, self.views.bridge.key, followed)
            self._too_long = None
        except TooLong as long:
            # the rest still reaches the class: the students keep following the zone
            left_out = {long.name, "lesson_index"} if long.name == "lesson" else {long.name}
            self.registry.publish(
                self.code, self.views.bridge.key, {k: v for k, v in followed.items() if k not in left_out}
            )
            if self._too_long != (long.name, long.length):  # said once, not on every click
                self._too_long = (long.name, long.length)
                self.state.message = self.state._(
                    "This lesson is too long to share with the class ({length} characters, at most "
                    "{limit}): the students follow the zones you select, not the lesson's steps. "
                    "A shorter lesson is shared again."
                ).format(length=long.length, limit=STATE_TEXT_LENGTH)

    def ask(self) -> None:
        """Ask the class to find the selected zone."""
        selected = self.state.selected
        if selected is None:
            self.state.message = self.state._("Select the zone to ask about first, then press Ask.")
            return
        name = self.state.chart.zone(*selected).name
        asked = self.room and self.room.question
        if asked is None or asked.revealed:  # not a second question on top of an open one
            self._labels_before = self.state.show_labels
        self.registry.ask(self.code, self.views.bridge.key, selected[0], selected[1], name)
        self.views.invite.collapsed = True  # the class has joined: the map needs the room now
        # the teacher's screen is the projector's: it must not show the answer either
        self.state.param.update(zone="", foot="", show_labels=False)

    def reveal(self) -> None:
        """Show the open question's answer on every screen, this one too."""
        question = self.room and self.room.question
        if question is None:
            return
        self.registry.reveal(self.code, self.views.bridge.key)
        self.state.param.update(zone=question.zone_id, foot=question.foot, show_labels=self._labels_before)

    def _show_room(self, room: Classroom) -> None:
        self.views.tally.object = tally_html(room, self.state.lang)
        question = room.question
        self.views.reveal_button.disabled = question is None or question.revealed
        dots = room.tally().dots
        self.views.dots.data = {
            "x": [a.x for a in dots],
            "y": [a.y for a in dots],
            "color": [RIGHT if a.right else WRONG for a in dots],
        }
        code = f'<span class="rm-class-code" data-testid="class-code">{escape(room.code)}</span>'
        self._say(escape(self.state._("Class {code}")).format(code=code), raw=True)

    def _show_link(self, *_events) -> None:
        if self.role != "teacher" or not self.views.bridge.origin:
            return
        link = f"{self.views.bridge.origin}?class={self.code}"
        self.views.copy.query = f"class={self.code}"  # made into the same link in the browser
        self.views.qr.object = f'<div class="rm-class-qr" data-testid="class-qr">{qr_svg(link)}</div>'
        note = self.state._(
            "Students open this link or scan the code; on this network they need no account. Your key "
            "to drive the class stays in this browser. The class ends when you press End class, or "
            "after {minutes} minutes without a click from you."
        ).format(minutes=f"{self.registry.idle_seconds / 60:.0f}")
        self.views.note.object = f'<p class="rm-class-note">{escape(note)}</p>{self._key_warning()}'

    # --- student's actions ------------------------------------------------------------------------

    def toggle_follow(self) -> None:
        """Explore on my own, or follow the teacher again (jumping to where the class is)."""
        if self.following:  # the page may show the teacher's zone ahead of the state: explore from it
            CATCH_UP.run_now(id(self))
        self.following = not self.following
        if self.following:
            self._apply_state()
        self._show_student()

    def _show_student(self, news: str | None = None) -> None:
        """The student's class bar; ``news`` (the question, the answer) stays until the next."""
        self._news = self._news if news is None else news
        news = self._news
        question = self.room and self.room.question
        pinned = question is not None and not question.revealed
        _ = self.state._
        self.views.follow_button.label = _("Explore on my own") if self.following else _("Follow the teacher")
        doing = (
            _("Following the teacher in class {code}.")
            if self.following
            else _("Exploring on your own in class {code}.")
        )
        news_html = f' <span data-testid="class-question">{escape(news)}</span>' if news else ""
        self._say(escape(doing.format(code=self.code)) + news_html, raw=True, pinned=pinned)

    def _say(self, text: str, error: bool = False, raw: bool = False, pinned: bool = False) -> None:
        testid = "class-error" if error else "class-status"
        text = text if raw else escape(text)
        self.views.status.object = _message(text, testid, error, pinned, escaped=True)


def _message(text: str, testid: str, error: bool = False, pinned: bool = False, escaped: bool = False) -> str:
    """A class message's HTML: an alert for an error, else a status; ``text`` escaped unless
    ``escaped`` says it is HTML already."""
    body = text if escaped else escape(text)
    kind, role = ("rm-message", "alert") if error else ("rm-hint rm-class", "status")
    kind += " rm-class-pinned" if pinned else ""
    return f'<div class="{kind}" role="{role}" data-testid="{testid}">{body}</div>'


def _plain(value):
    return list(value) if isinstance(value, list | tuple) else value
