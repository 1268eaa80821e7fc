"""The private parts of Panel, Bokeh and Tornado the dashboard relies on (dashboard/internals.py).

These tests are what an upgrade of Panel or Bokeh breaks first: `.ci/run` runs this file (and the
browser tests that lean on the same internals) against the newest releases pyproject.toml allows,
beside the main run on the pinned versions of .ci/constraints.txt.
"""

from __future__ import annotations

import ast
import asyncio
import gc
import os
import sys
from pathlib import Path

import panel as pn
import param
import pytest
import tornado.web
from bokeh.core.json_encoder import serialize_json
from bokeh.document import Document
from bokeh.models import ImportedStyleSheet, InlineStyleSheet
from panel.custom import JSComponent
from panel.io.state import set_curdoc, state
from panel.reactive import Reactive
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from reflexmap.dashboard import internals

PACKAGE = Path(internals.__file__).parents[1]
INTERNALS = Path(internals.__file__)

# Underscored names that are documented, public API all the same: Panel's component
# declarations and the stdlib's os._exit.
DOCUMENTED = {"_esm", "_stylesheets", "_template", "_rename", "_importmap", "_exit"}


def _sources():
    return sorted(p for p in PACKAGE.rglob("*.py") if p != INTERNALS)


def _own_private_names() -> set[str]:
    """Every ``_name`` this package defines itself: its functions, methods, attributes, classes."""
    names: set[str] = set()
    for path in [*_sources(), INTERNALS]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return {n for n in names if n.startswith("_")}


def _internals_names() -> set[str]:
    """The private names internals.py reaches for on Panel's and Bokeh's objects."""
    tree = ast.parse(INTERNALS.read_text())
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
    }


def _getattr_name(node: ast.AST) -> str | None:
    """The attribute ``getattr(x, "name", ...)`` reads, where it is a constant: a private one read
    this way is reached for all the same."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"):
        return None
    name = node.args[1] if len(node.args) >= 2 else None
    return name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None


def test_no_other_module_reaches_into_panel():
    """Outside internals.py no module reads another library's private attribute, nor names one
    of the private names internals.py handles (a class attribute such as ``_priority_changes``)."""
    own = _own_private_names() - _internals_names()
    foreign = _internals_names()
    assert {"_priority_changes", "_template_variables", "_sessions", "_tornado"} <= foreign
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            name = getattr(node, "attr", None) or getattr(node, "id", None) or _getattr_name(node)
            if not isinstance(name, str) or not name.startswith("_") or name.startswith("__"):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}"
            read = isinstance(node, ast.Call) or (
                isinstance(node, ast.Attribute)
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            )
            if name in foreign or (read and name not in own | DOCUMENTED):
                found.append(where)
    assert not found, "private Panel/Bokeh names outside dashboard/internals.py: " + ", ".join(found)


def test_the_scan_sees_a_private_name_outside_internals(tmp_path, monkeypatch):
    """The scan above can fail: a module reading ``doc._template_variables`` is caught."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "internals.py").write_text(INTERNALS.read_text())
    (tmp_path / "pkg" / "rogue.py").write_text("def f(doc):\n    return doc._template_variables\n")
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "PACKAGE", tmp_path / "pkg")
    monkeypatch.setattr(here, "INTERNALS", tmp_path / "pkg" / "internals.py")
    with pytest.raises(AssertionError, match=r"pkg/rogue.py:2 _template_variables"):
        test_no_other_module_reaches_into_panel()


def test_the_scan_sees_a_private_name_read_through_getattr(tmp_path, monkeypatch):
    """``getattr(module, "_private", None)`` hides the name from a scan of attributes; it is
    caught all the same (chart_check read the fork server's process id that way)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "internals.py").write_text(INTERNALS.read_text())
    (tmp_path / "pkg" / "rogue.py").write_text(
        "from multiprocessing import forkserver\n\n"
        "def f():\n    return getattr(getattr(forkserver, '_forkserver', None), '_forkserver_pid', 0)\n"
    )
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "PACKAGE", tmp_path / "pkg")
    monkeypatch.setattr(here, "INTERNALS", tmp_path / "pkg" / "internals.py")
    with pytest.raises(AssertionError, match=r"pkg/rogue.py:4 _forkserver_pid, pkg/rogue.py:4 _forkserver\b"):
        test_no_other_module_reaches_into_panel()


class Probe(JSComponent):
    lead = param.List(default=[])
    _esm = "export function render() {}"


@internals.send_at_once("lead")
class UrgentProbe(Probe):
    pass


class FakeSessionDoc:
    """Just enough of a served document for Panel to choose how to deliver a browser's change."""

    session_context = True

    def __init__(self):
        self.debounced = []

    def add_timeout_callback(self, callback, timeout_ms):
        self.debounced.append(timeout_ms)


@pytest.mark.parametrize(("component", "at_once"), [(UrgentProbe, True), (Probe, False)])
def test_send_at_once_skips_panels_debounce(monkeypatch, component, at_once):
    assert UrgentProbe._priority_changes == ["lead"] and Probe._priority_changes == []
    scheduled = []
    monkeypatch.setattr(state, "execute", lambda callback, schedule="auto": scheduled.append(schedule))
    doc = FakeSessionDoc()
    try:
        component()._server_change(doc, "ref", None, "lead", [], [1, 2])
    finally:
        state._change_callbacks.pop(doc, None)
    assert (scheduled, doc.debounced) == (([True], []) if at_once else ([], [component._debounce]))


@internals.answer_in_place("lead")
class AnsweringProbe(Probe):
    def __init__(self, **params):
        super().__init__(**params)
        self.answers = []

    def answer(self, value):
        self.answers.append((value, state.curdoc))


def test_answer_in_place_answers_a_browsers_change_at_once(monkeypatch):
    """No later tick, no watcher, no echo: the component's answer runs in the page's document."""
    scheduled = []
    monkeypatch.setattr(state, "execute", lambda callback, schedule="auto": scheduled.append(callback))
    probe = AnsweringProbe()
    watched = []
    probe.param.watch(lambda e: watched.append(e.new), "lead")
    doc = FakeSessionDoc()
    probe._server_change(doc, "ref", None, "lead", [], [7, 3])
    assert probe.answers == [([7, 3], doc)] and probe.lead == [7, 3]
    assert (watched, scheduled, doc.debounced, state._change_callbacks.get(doc)) == ([], [], [], None)
    # the echo of a value Python wrote to the page is Panel's to drop, not a tap to answer
    probe._changing["ref"] = ["lead"]
    probe._server_change(doc, "ref", None, "lead", [7, 3], [8, 1])
    assert probe.answers == [([7, 3], doc)] and probe._changing["ref"] == []
    probe.lead = [9, 9]  # set from Python: its watchers, as ever
    assert watched == [[9, 9]] and len(probe.answers) == 1


@internals.not_busy("lead")
class QuietProbe(Probe):
    pass


@pytest.mark.parametrize(("component", "busy"), [(QuietProbe, []), (Probe, ["added", "removed"])])
def test_not_busy_keeps_a_change_out_of_panels_busy_count(monkeypatch, component, busy):
    seen = []
    monkeypatch.setattr(state, "_add_busy_event", lambda _id: seen.append("added"))
    monkeypatch.setattr(state, "_remove_busy_event", lambda _id: seen.append("removed"))
    probe = component()
    probe._process_events({"lead": [3, 4]})
    assert probe.lead == [3, 4] and seen == busy


@pytest.fixture
def shown():
    probe = Probe()
    doc = Document()
    root = probe.get_root(doc)
    doc.add_root(root)
    events = []
    probe.param.watch(lambda e: events.append(e.new), "lead")
    return probe, root, events


def test_write_quietly_reaches_the_page_and_raises_no_event(shown):
    probe, root, events = shown
    internals.write_quietly(probe, "lead", [4, 17])
    assert probe.lead == [4, 17] and root.data.lead == [4, 17]
    assert events == []
    assert probe._changing == {}  # Panel's mark is removed again


def test_write_quietly_sends_only_a_change():
    probe = Probe()
    doc = Document()
    root = probe.get_root(doc)
    doc.add_root(root)
    sent = []
    doc.on_change(lambda event: sent.append(event.attr))
    internals.write_quietly(probe, lead=[1])
    internals.write_quietly(probe, lead=[1])  # the same again: nothing goes to the page
    assert sent == ["lead"] and root.data.lead == [1] and probe._changing == {}


def test_a_change_of_the_model_is_otherwise_taken_as_the_browsers(shown):
    """The control for the test above: without the mark, Panel reports the change to Python."""
    probe, root, events = shown
    root.data.lead = [5, 1]
    assert events == [[5, 1]] and probe.lead == [5, 1]


def _stylesheet_urls(root) -> list[str]:
    return [sheet.url for sheet in root.select({"type": ImportedStyleSheet})]


def test_stylesheets_come_from_this_server():
    doc = Document()
    internals.serve_stylesheets_locally(doc)
    root = pn.layout.Divider().get_root(doc)
    doc.add_root(root)
    urls = _stylesheet_urls(root)
    assert urls and not any("cdn." in url for url in urls), urls
    # without it, a Divider added to a session's document fetches its style from the CDN
    other = Document()
    plain = pn.layout.Divider().get_root(other)
    other.add_root(plain)
    assert any("cdn." in url for url in _stylesheet_urls(plain))


CSS = ".rm-probe { color: #123456; }"


@pytest.mark.parametrize("shared", [True, False])
def test_a_css_text_several_components_carry_goes_out_once(shared):
    """In a document that shares, the components carrying the same CSS text refer to one
    stylesheet model (the first keeps its text), and the document's JSON holds the text twice; in
    another document (the control), once per component."""
    doc, other = Document(), Document()
    internals.share_inline_stylesheets(other)
    wrapper = Reactive._get_properties
    internals.share_inline_stylesheets(doc if shared else Document())
    assert Reactive._get_properties is wrapper  # installed once, not wrapped twice
    with set_curdoc(doc):
        root = pn.Column(*(pn.pane.HTML(str(n), stylesheets=[CSS]) for n in range(4))).get_root(doc)
    doc.add_root(root)
    carried = [sheet for child in root.children for sheet in child.stylesheets]
    sheets = [sheet for sheet in carried if CSS in str(getattr(sheet, "css", sheet))]
    models = {id(sheet) for sheet in sheets if isinstance(sheet, InlineStyleSheet)}
    assert len(sheets) == 4 and len(models) == (1 if shared else 0), sheets
    assert serialize_json(doc.to_json()).count("#123456") == (2 if shared else 4)


@pytest.mark.parametrize("tabs", [internals.LocallyStyledTabs, pn.Tabs])
def test_a_tab_shown_again_keeps_this_servers_stylesheets(tabs):
    """A hidden tab's content, changed meanwhile, is styled from this server when shown again;
    plain Panel Tabs (the control) give it the CDN's stylesheets."""
    doc = Document()
    internals.serve_stylesheets_locally(doc)
    with set_curdoc(doc):
        text = pn.pane.HTML("first")
        layout = tabs(("one", text), ("two", pn.pane.HTML("other")), dynamic=True)
        root = layout.get_root(doc)
        doc.add_root(root)
        layout.active = 1
        text.object = "changed while hidden"
        layout.active = 0
    from_cdn = [url for url in _stylesheet_urls(root) if "cdn." in url]
    assert bool(from_cdn) == (tabs is pn.Tabs), from_cdn


def test_pages_are_served_from_one_kept_session():
    internals.serve_pages_from(pn.Column, "A kept page")
    try:
        kept = state._sessions["/"]
        assert kept.document.title == "A kept page"
        assert state._session_key_funcs["/"](type("Request", (), {"path": "/"})) == "/"
    finally:
        state._sessions.pop("/", None)
        state._session_key_funcs.pop("/", None)


def test_the_tornado_application_behind_a_server():
    server = pn.serve({"/": pn.Column}, port=0, start=False, show=False, threaded=False, verbose=False)
    try:
        app = internals.tornado_app(server)
        assert isinstance(app, tornado.web.Application)
        assert callable(app.find_handler)  # where hosts.refuse_other_hosts checks every request
    finally:
        server.stop()


def _request(path: str, **headers: str) -> HTTPServerRequest:
    line = RequestStartLine("GET", path, "HTTP/1.1")
    return HTTPServerRequest(start_line=line, headers=HTTPHeaders({"Host": "127.0.0.1", **headers}))


def test_a_pages_session_is_built_early_as_asked():
    """build_sessions_early reaches Bokeh's real application context: a page's request builds
    its session after the delay asked, or not at all; a websocket's always, at once; each build
    only once ``ready`` has answered (the chart loaded)."""
    from .aio import run

    built, asked, readied = [], [], []

    def app():
        built.append(pn.state.curdoc.session_context.request.path)
        return pn.Column()

    def delay(request):
        asked.append(request.path)
        return 0.01 if request.headers.get("Sec-Fetch-Dest") == "document" else None

    async def ready():
        await asyncio.sleep(0.01)
        readied.append(len(built))  # sessions built by the time it answered

    reuse = pn.config.reuse_sessions
    server = pn.serve({"/": app}, port=0, start=False, show=False, threaded=False, verbose=False)
    try:
        internals.build_sessions_early(server, delay, ready)
        assert pn.config.reuse_sessions == "warm"  # Panel's own call then asks for each page's session
        context = server._tornado._applications["/"]

        async def pages():
            skipped = await context.create_session_if_needed("a", _request("/"), None)
            early = await context.create_session_if_needed(
                "b", _request("/", **{"Sec-Fetch-Dest": "document"})
            )
            socket = await context.create_session_if_needed("c", _request("/ws", Upgrade="websocket"))
            return skipped, early, socket

        skipped, early, socket = run(pages())
        assert skipped is None and early.id == "b" and socket.id == "c"
        assert asked == ["/", "/"] and built == ["/", "/ws"]  # the websocket's own call is not delayed
        assert readied == [0, 1]  # awaited before each build, not for the page that builds none
        assert {session.id for session in context.sessions} == {"b", "c"}
    finally:
        pn.config.reuse_sessions = reuse
        server.stop()


class _Socket:
    """A page's websocket as Bokeh's server holds it: what it is sent."""

    def __init__(self):
        self.sent = []

    async def send_message(self, message):
        self.sent.append(message)


def test_one_message_is_built_once_and_sent_to_every_page_of_every_document():
    """send_to_pages reaches each page through Bokeh's real session and connection objects."""
    import asyncio
    import weakref

    from bokeh.protocol import Protocol
    from bokeh.server.connection import ServerConnection
    from bokeh.server.contexts import BokehSessionContext
    from bokeh.server.session import ServerSession

    from .aio import run

    async def scenario():
        sockets, keep = [], []
        docs = [Document() for _ in range(3)]
        for n, doc in enumerate(docs[:2]):  # the third is not on a server: skipped
            session = ServerSession(f"s{n}", doc)
            context = BokehSessionContext(f"s{n}", None, doc)
            context._set_session(session)
            doc._session_context = weakref.ref(context)
            for _page in range(n + 1):  # the second document is shown on two pages
                sockets.append(_Socket())
                ServerConnection(Protocol(), sockets[-1], None, session)
            keep.append(context)
        sent = internals.send_to_pages(docs, "probe-message", [7, 42])
        await asyncio.sleep(0)
        return sent, sockets

    sent, sockets = run(scenario())
    assert sent == 3 and all(len(s.sent) == 1 for s in sockets)
    [message] = {id(s.sent[0]): s.sent[0] for s in sockets}.values()  # one object for all
    assert message.header["msgtype"] == "PATCH-DOC"
    event = {"kind": "MessageSent", "msg_type": "probe-message", "msg_data": [7, 42]}
    assert message.content == {"events": [event]}


def test_the_fork_servers_process_is_found_once_started():
    from multiprocessing import forkserver

    forkserver.ensure_running()
    pid = internals.forkserver_pid()
    assert isinstance(pid, int) and pid > 0
    os.kill(pid, 0)  # a live process: raises if there is none


def test_a_pages_websocket_sends_its_frames_at_once(monkeypatch):
    """Nagle's algorithm is turned off before Bokeh's own ``open`` runs, once however often asked."""
    from bokeh.server.views.ws import WSHandler

    calls = []
    monkeypatch.setattr(WSHandler, "open", lambda self: calls.append("bokeh's open"))
    internals.answer_websockets_at_once()
    internals.answer_websockets_at_once()
    handler = object.__new__(WSHandler)  # the handler of a connection Tornado has just accepted
    handler.set_nodelay = lambda value: calls.append(("nodelay", value))
    handler.open()
    assert calls == [("nodelay", True), "bokeh's open"]


def test_a_page_s_patch_is_applied_and_gets_no_ok_back():
    """Through the handler Bokeh's protocol handler installs when a page's websocket opens."""
    from bokeh.models import Div
    from bokeh.protocol.messages.patch_doc import patch_doc
    from bokeh.server.protocol_handler import ProtocolHandler
    from bokeh.server.session import ServerSession

    from .aio import run

    internals.patches_unanswered()
    internals.patches_unanswered()  # twice: the same
    doc = Document()
    div = Div(text="before")
    doc.add_root(div)
    session = ServerSession("s", doc)

    class Connection:  # what Bokeh's handler asks of a page's connection
        def ok(self, message):
            return message

    Connection.session = session

    event = {"kind": "ModelChanged", "model": {"id": div.id}, "attr": "text", "new": "after"}
    message = patch_doc(patch_doc.create_header(), {}, {"events": [event]})
    handler = ProtocolHandler()._handlers["PATCH-DOC"]
    assert run(handler(message, Connection())) is None  # no work: nothing is sent
    assert div.text == "after"


def test_lighter_property_containers_keep_their_owners_and_still_report_changes():
    from bokeh.core.property.wrappers import PropertyValueContainer
    from bokeh.document.events import ColumnDataChangedEvent, ModelChangedEvent
    from bokeh.models import ColumnDataSource, Div

    internals.lighter_property_containers()
    internals.lighter_property_containers()  # twice: the same
    doc = Document()
    div, source = Div(css_classes=["a"]), ColumnDataSource({"x": [1]})
    doc.add_root(div)
    doc.add_root(source)
    events = []
    doc.on_change(events.append)
    div.css_classes.append("b")  # a change in place still reaches the document
    source.data.update(x=[2])
    assert any(isinstance(e, ModelChangedEvent) and e.attr == "css_classes" for e in events)
    assert any(isinstance(e, ColumnDataChangedEvent) for e in events)
    classes = div.css_classes
    assert isinstance(classes, PropertyValueContainer) and isinstance(classes._owners, tuple)
    assert len(classes._owners) == 1 and classes._owners[0][0] is div
    classes._register_owner(*classes._owners[0])  # held once, however often registered
    assert len(classes._owners) == 1
    div.css_classes = ["c"]  # the old value no longer tells this model of its changes
    assert classes._owners == ()
    events.clear()
    classes.append("d")
    assert events == []
    for value in (div.css_classes, div.styles, source.data):  # each in a slot, no dict of its own
        assert type(value).__slots__ == ("_owners",) and value._owners[0][0] in (div, source)
        assert not [held for held in gc.get_referents(value) if isinstance(held, dict) and "_owners" in held]


def test_one_change_handler_serves_every_property_of_a_model():
    internals.one_change_handler_per_model()
    internals.one_change_handler_per_model()  # twice: the same
    probe = Probe(lead=[1])
    text = pn.widgets.TextInput(value="a", placeholder="b")
    doc = Document()
    for component in (probe, text):
        doc.add_root(component.get_root(doc))
    model = text._models[next(iter(text._models))][0]
    handlers = {id(h) for callbacks in model._callbacks.values() for h in callbacks}
    assert len(model._callbacks) > 3 and len(handlers) == 1
    model.value, model.placeholder = "typed", "hint"  # as from the page: each reaches Python
    assert (text.value, text.placeholder) == ("typed", "hint")
    probe._models[next(iter(probe._models))][0].data.lead = [2, 3]  # a JSComponent's, in its data
    assert probe.lead == [2, 3]


class Bounded(Probe):
    count = param.Integer(default=1, bounds=(0, 10))


def test_panels_reads_of_parameters_leave_no_copies_and_keep_ones_made_before():
    internals.read_parameters_uncopied()
    internals.read_parameters_uncopied()  # twice: the same
    fresh, narrowed = Bounded(), Bounded()
    narrowed.param.count.bounds = (0, 3)  # this instance's own copy, made before
    doc = Document()
    for component in (fresh, narrowed, pn.FlexBox(pn.pane.HTML("x"))):
        doc.add_root(component.get_root(doc))
    assert fresh._param__private.params == {}  # Panel read every parameter, copied none
    assert list(narrowed._param__private.params) == ["count"]
    assert narrowed.param.count.bounds == (0, 3) and Bounded.param.count.bounds == (0, 10)
    with pytest.raises(ValueError, match="at most 3"):
        narrowed.count = 5
    fresh.count = 5


def test_shared_watcher_lists_are_copied_on_write_and_still_call_every_watcher():
    internals.shared_watcher_lists()
    internals.shared_watcher_lists()  # twice: the same
    column = pn.Column()
    watchers = column.param.watchers
    assert watchers["width"] is watchers["height"]  # Panel's one sync watcher: one dict for both
    seen = []
    width_watcher = column.param.watch(lambda e: seen.append(("width", e.new)), "width")
    assert (
        watchers["width"] is not watchers["height"]
        and watchers["height"]["value"] != watchers["width"]["value"]
    )
    column.param.watch(lambda e: seen.append(("both", e.name)), ["width", "height"])
    column.width, column.height = 100, 50
    assert seen == [("width", 100), ("both", "width"), ("both", "height")]
    column.param.unwatch(width_watcher)
    column.param.unwatch(width_watcher)  # unwatching twice does nothing, as in param
    seen.clear()
    column.width = 120
    assert seen == [("both", "width")]
    tabs = pn.Tabs(("a", pn.pane.HTML("x")))  # Panel turns its own list round: its names go first
    assert [w.fn for w in tabs.param.watchers["objects"]["value"]][:1] == [tabs._update_names]
    assert tabs.param.watchers["margin"]["value"] == tabs.param.watchers["objects"]["value"][1:]
    with pytest.raises(ValueError, match="nonsense"):
        column.param.watch(print, "nonsense")


def test_a_pane_builds_its_own_row_only_when_asked_for_it():
    internals.pane_rows_on_demand()
    internals.pane_rows_on_demand()  # twice: the same
    pane = pn.pane.HTML("<b>x</b>", width=100, margin=5)

    def keeps_a_row() -> bool:
        return any(w.fn == pane._sync_layoutable for w in pane.param.watchers["width"]["value"])

    assert "layout" not in pane.__dict__ and not keeps_a_row()  # shown inside our layouts, it needs none
    column = pn.Column(pane)
    assert column.objects == [pane]
    row = pane.layout  # asked for: built with the pane's sizes (Panel adds the margins), and kept in step
    assert row is pane.layout and row.objects == [pane] and row.width == 110 and keeps_a_row()
    pane.width = 200
    assert row.width == 210
    assert pn.panel("<i>y</i>").object == "<i>y</i>"  # pn.panel of a plain object still unpacks its row
    with pytest.raises(ValueError, match="does not support"):
        pn.pane.Bokeh("not a Bokeh model")


def test_an_empty_slot_is_left_out_of_bokehs_empty_layout_check_and_a_plain_column_is_not():
    from bokeh.core.validation import check_integrity

    doc = Document()
    with set_curdoc(doc):
        slot, column = internals.EmptySlot(), pn.Column()
        models = [slot.get_root(doc), column.get_root(doc)]
    warned = [issue.extra for issue in check_integrity(models).warning if issue.name == "EMPTY_LAYOUT"]
    assert warned == [str(models[1])]
    slot.objects = [pn.pane.HTML("x")]  # filled, it is drawn as any column
    assert len(models[0].children) == 1


def test_container_defaults_made_on_first_read_still_hold_and_report_their_changes():
    from bokeh.models import Column, Div

    internals.container_defaults_on_demand()
    internals.container_defaults_on_demand()  # twice: the same
    div = Div(text="a")
    assert "css_classes" not in div._unstable_default_values  # not made until read
    doc = Document()
    doc.add_root(Column(children=[div]))
    assert doc.get_model_by_id(div.id) is div  # the document still finds the models a layout holds
    events = []
    doc.on_change(events.append)
    div.css_classes.append("b")  # made on this read; a change in place still reaches the page
    assert div.css_classes == ["b"] and events
    sent = div.properties_with_values(include_defaults=False)  # what is serialized
    assert sent["css_classes"] == ["b"] and sent["text"] == "a" and "tags" not in sent
