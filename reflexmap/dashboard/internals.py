"""Every private part of Panel, Bokeh, Tornado and multiprocessing the dashboard's Python relies on,
in one place.

None of these is a public API: a new Panel or Bokeh release may rename or drop any of them
without notice. Keeping them here means an upgrade is checked in one module, by one test file
(``tests/test_internals.py``, which ``.ci/run`` also runs against the newest Panel and Bokeh that
pyproject.toml allows), and a test (``test_no_other_module_reaches_into_panel``) keeps them from
spreading. Each function says why the public API is not enough. The page's JavaScript has its own
list of Bokeh internals, in the web layer.

Also relied on, though not ``_``-prefixed: the ``preamble`` and ``postamble`` blocks of Panel's
page template (page.py extends them) and the ``panel.io`` helpers imported below.

Written against, and tested with, the versions pinned in ``.ci/constraints.txt``: Panel 1.9.4,
Bokeh 3.9.2, param 2.4.2, Tornado 6.6.1. What each one reaches into, and why:

- ``send_at_once``: Panel's ``_priority_changes``; a tap, key or pick skips Panel's 50 ms debounce.
- ``not_busy``: Panel's ``_busy__ignore``; a tap skips the busy count (loading spinners we never show).
- ``answer_in_place``: Panel's ``_server_change`` and ``_changing``; a tap is answered while Bokeh
  applies the page's message, not a tick later through Panel's generic handling.
- ``write_quietly``: Panel's ``_models`` and ``_changing``, param's ``_param__private.values``; a
  value goes straight onto the page's model, without Panel's per-component update, param's setter
  or an echo back as the browser's change.
- ``change_models``: Panel's ``state._unblocked`` and ``unlocked(policy=...)``; every change to a
  document's models goes one way and in order, so "names off" cannot be overtaken by a key.
  ``answering`` holds a tap's changes in one Panel ``hold``, which they then join directly.
- ``send_to_pages``: Bokeh's ``_session``, ``_subscribed_connections`` and ``_socket``; one
  message for a whole class, serialised once.
- ``serve_stylesheets_locally``: Bokeh's ``_template_variables``; Panel's CSS from this server.
- ``LocallyStyledTabs``: Panel's ``Tabs._get_objects``; a hidden tab shown again keeps this
  server's CSS instead of cdn.holoviz.org's.
- ``lighter_property_containers``: Bokeh's ``PropertyValueContainer._owners`` and its two
  methods, and the container classes ``container.py`` names; owners in a tuple, not a set, and
  in a slot, not a dict of each value's own (a fifth of a session's memory).
- ``one_change_handler_per_model``: Panel's ``Reactive._link_props``; one handler per model for
  the properties Panel syncs from the page, not one per property.
- ``read_parameters_uncopied``: Panel's ``ReactiveESM._get_properties`` and ``_get_children``,
  and ``ReactiveHTML._init_params``; their reads of a parameter leave no per-instance copy behind.
- ``shared_watcher_lists``: param's ``_register_watcher`` and ``_param__private.watchers``;
  parameters with the same watchers share one list, copied on write (a fifth of a session).
- ``pane_rows_on_demand``: Panel's ``PaneBase.__init__``; a pane's own Row, never drawn by us,
  is built at the first read of ``layout``.
- ``container_defaults_on_demand``: Bokeh's property defaults and model walk; empty list, set and
  dict defaults are made at first read (a fifth of a session), the JSON sent unchanged.
- ``EmptySlot``: Bokeh's ``EMPTY_LAYOUT`` check; the slots filled on first use are not warned of.
- ``share_inline_stylesheets``: Panel's ``Reactive._get_properties``; a CSS text several
  components carry goes out once per document (a quarter of the first page's JSON).
- ``serve_pages_from``: Panel's ``state._sessions`` and ``_session_key_funcs``; every page
  rendered from one kept session.
- ``patches_unanswered``: Bokeh's ``ServerSession.patch``; no OK message (unread by BokehJS)
  after each change a page sends, so a tap is one message each way.
- ``answer_websockets_at_once``: Bokeh's ``WSHandler.open``; ``TCP_NODELAY`` on each page's
  websocket (Nagle's algorithm held every answer up to 40 ms).
- ``build_sessions_early``: Bokeh's ``Server._tornado._applications`` and Panel's
  ``reuse_sessions``; a page's session is built while the browser runs the page's scripts.
- ``tornado_app``: Bokeh's ``Server._tornado``, where the Host header is checked.
- ``forkserver_pid``: multiprocessing's ``_forkserver_pid``, to lower the upload checks' priority.

``tests/test_internals.py`` exercises each on the real Panel/Bokeh objects, so it fails when one
of these names is renamed or dropped; one gap: ``change_models``'s served path (a document
with a session) is not run there, only by the browser tests of taps and keys that ``.ci/newest``
runs too.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

import panel as pn
import param
from bokeh.core.has_props import HasProps
from bokeh.core.property import container as property_containers
from bokeh.core.property import wrappers
from bokeh.core.property.container import Dict, List, Set
from bokeh.core.property.singletons import Intrinsic, Undefined
from bokeh.core.property.wrappers import PropertyValueContainer
from bokeh.document import Document
from bokeh.document.events import RootAddedEvent
from bokeh.model import util as model_util
from bokeh.models import ImportedStyleSheet, InlineStyleSheet
from bokeh.protocol.messages.patch_doc import patch_doc
from bokeh.server.session import ServerSession
from bokeh.server.views.ws import WSHandler
from panel.config import config as panel_config
from panel.custom import ReactiveESM
from panel.io.application import build_applications
from panel.io.document import unlocked
from panel.io.resources import LOCAL_DIST, patch_model_css, patch_stylesheet
from panel.io.session import generate_session
from panel.io.state import set_curdoc, state
from panel.reactive import Reactive, ReactiveHTML

T = TypeVar("T", bound=type)


def send_at_once(*names: str) -> Callable[[T], T]:
    """Class decorator: changes of ``names`` made in the browser reach Python at once.

    Panel holds a change from the browser for 50 ms in case more follow (its debounce). A tap, a
    key press or a chosen file is one change, and the answer to it should not wait. Panel's only
    way to skip the wait is the class attribute ``_priority_changes``.
    """

    def mark(cls: T) -> T:
        cls._priority_changes = list(names)
        return cls

    return mark


def not_busy(*names: str) -> Callable[[T], T]:
    """Class decorator: changes of ``names`` made in the browser do not make Panel "busy".

    For every change from the browser Panel adds an entry to, and then removes one from, its
    ``state._busy_counter`` (a param list, copied and filtered each time, with watchers) to drive
    loading indicators this app does not show: a fifth of the server's work for a tap. Panel's
    only way to leave a property out is the class attribute ``_busy__ignore``.
    """

    def mark(cls: T) -> T:
        cls._busy__ignore = list(names)
        return cls

    return mark


def answer_in_place(name: str) -> Callable[[T], T]:
    """Class decorator: a change of ``name`` made in the browser is answered at once by the
    component's ``answer(value)``, while Bokeh applies the page's message.

    Panel takes every change from the browser in a later tick (its ``_server_change`` queues it)
    and then through its generic handling: the busy count, its read-only unlock, its echo guard,
    ``param.update`` and every watcher of the component, its own included. For a tap that was a
    third of the server's work. Bokeh already holds the document's lock while it applies the
    page's message (``ServerSession._handle_patch``), which is all the answer's changes to the
    page's models need. The parameter still takes the value (without events), so Python reads it
    as before and Panel does not send it back; a value set from Python takes Panel's way as
    before, and so does the echo of a value Python wrote (``_changing``).
    """

    def mark(cls: T) -> T:
        panels = cls._server_change

        def _server_change(self, doc, ref, subpath, attr, old, new) -> None:
            if subpath or attr != name or attr in self._changing.get(ref, ()):
                return panels(self, doc, ref, subpath, attr, old, new)
            with param.discard_events(self):
                setattr(self, name, new)
            with set_curdoc(doc):
                self.answer(new)
            return None

        cls._server_change = _server_change
        return cls

    return mark


def write_quietly(component: Any, name: str | None = None, value: Any = None, **values: Any) -> None:
    """Set ``component.name`` (or each of ``values``) and its value on every page showing it, with
    no Python event and without Panel's generic update of the component.

    Panel's update of a component goes through its whole property machinery (stylesheets, a
    frozen document, a look-up of every changed name): several times the change itself, once per
    component a click changes (see ``map_view.MapView._on_tap``) and once per student of a class
    (see ``details.DetailsPane.lead``). Written straight onto the Bokeh model, Panel must still know
    the change as its own and not echo it back as the browser's: ``_changing`` is that mark, and
    ``_models`` the models showing the component. Only for ``JSComponent`` properties (their model
    holds them in ``data``, unchanged); a value equal to the current one sends nothing.
    """
    if name is not None:
        values[name] = value
    if not values:
        return
    # Into param's store of the instance's values, as ``Parameter.__set__`` would put them but
    # without its validation, reference look-up and a call per watcher of the component (Panel
    # watches every property) only to drop each event: the bulk of a tap's watchers' work. Our
    # own values only, so nothing to validate; nothing listens, as under ``discard_events``.
    component._param__private.values.update(values)
    for ref, (model, _parent) in list(component._models.items()):
        change_models(model.document, partial(_write_model, component, ref, model, values))


# The document whose page's tap is being answered (see :func:`answering`), in this context.
_ANSWERING: contextvars.ContextVar[Document | None] = contextvars.ContextVar("answering", default=None)


@contextlib.contextmanager
def answering(doc: Document) -> Iterator[None]:
    """Hold every change to ``doc``'s models made in this block, to go out as one message when it
    ends (Panel's ``hold``); meanwhile :func:`change_models` runs a change at once, as Panel's own
    nested ``unlocked`` would, without entering it again for each of a tap's watchers."""
    token = _ANSWERING.set(doc)
    try:
        with pn.io.hold(doc):
            yield
    finally:
        _ANSWERING.reset(token)


def change_models(doc: Document | None, change: Callable[[], None]) -> None:
    """Run ``change``, which sets properties of ``doc``'s Bokeh models, so that everything it
    changes reaches the page in one message, in order with the session's other changes.

    A callback does not always hold Bokeh's document lock, which Bokeh requires for a change (a
    key or an 'Also here' pick runs as Panel's task, not under the lock); Panel then writes the
    change itself (``unlocked``), at once or, while the page's socket is busy, retried every
    10 ms. Mixing that with Bokeh's own next-tick path let a later change overtake an earlier one:
    a teacher's "names off" reached the page's map before its keyboard heard of it, and the keys
    named the zone. So a change goes Panel's way whenever Panel's own changes would, and else on
    the document's next tick under its lock, still as one message held by Panel.
    """

    def held() -> None:
        # "collect", not Panel's default "combine": combining moves a later change of a property
        # back to where its first change was, and a view switch then drew new outlines with the
        # old view's columns (BokehJS threw while painting)
        with set_curdoc(doc), unlocked(policy="collect"):
            change()

    if doc is None or doc.session_context is None or _ANSWERING.get() is doc:
        change()
    elif state._unblocked(doc):
        held()
    else:  # another session's document, or no Panel callback: under its lock, on its next tick
        doc.add_next_tick_callback(held)


def _write_model(component: Any, ref: str, model: Any, values: dict[str, Any]) -> None:
    before = component._changing.get(ref)
    component._changing[ref] = list(values)
    try:
        model.data.update(**values)
    finally:
        if before is None:
            component._changing.pop(ref, None)
        else:
            component._changing[ref] = before


def send_to_pages(docs: Iterable[Document], msg_type: str, data: list) -> int:
    """Send one document-level message (``msg_type``, JSON ``data``) to every page showing one of
    ``docs``, serialised once for all of them; returns how many pages it went to. A page takes it
    with the ``on_message`` handler of its BokehJS document; no model, no Python event, no lock.

    Bokeh serialises a message per document, and each time walks every model of that document
    (its ``Serializer`` of the document's references): for a class of a hundred students that was
    most of the cost of showing them the teacher's zone. A message that names no model is the
    same bytes for every page, so it is built once and written to each session's websockets, which
    Bokeh keeps private (``_session``, its ``_subscribed_connections``, their ``_socket``).
    """
    message = patch_doc(
        patch_doc.create_header(),
        {},
        {"events": [{"kind": "MessageSent", "msg_type": msg_type, "msg_data": data}]},
    )
    sent = 0
    for doc in docs:
        context = getattr(doc, "session_context", None)  # None: not on a server (tests, notebooks)
        session = getattr(context, "_session", None)
        if session is None or context.destroyed:
            continue
        for connection in list(session._subscribed_connections):
            # WSHandler.send_message takes the socket's write lock (after what is queued before
            # it) and logs, not raises, when the page has gone meanwhile
            task = asyncio.ensure_future(connection._socket.send_message(message))
            _SENDING.add(task)  # the loop holds tasks weakly: one could vanish between two frames
            task.add_done_callback(_SENDING.discard)
            sent += 1
    return sent


_SENDING: set[asyncio.Future] = set()


def serve_stylesheets_locally(doc: Document) -> None:
    """Point ``doc``'s Panel stylesheets at this server, not at cdn.holoviz.org.

    Panel does this when it renders a session's own page; our sessions are built on their
    websocket instead (see ``server._page_template``). Panel reads the server's address from the
    document's private ``_template_variables`` for the models it builds, and models such as
    Divider never read it, so every root added later is patched as the page render would.
    """
    doc._template_variables.setdefault("dist_url", LOCAL_DIST)
    doc.on_change(_patch_new_root)


def _patch_new_root(event) -> None:
    if isinstance(event, RootAddedEvent):
        patch_model_css(event.model, dist_url=event.document._template_variables["dist_url"])


class LocallyStyledTabs(pn.Tabs):
    """``pn.Tabs`` whose tabs, shown again, take their stylesheets from this server as the rest
    of the page does (see :func:`serve_stylesheets_locally`).

    With ``dynamic`` a hidden tab's content is kept apart from the document, and Panel gives a
    model with no document the stylesheets of cdn.holoviz.org when it updates one (a routine
    started in the Practise tab rewrites the hidden Routines tab's text): shown again, the tab
    fetched them, or failed to on a closed network. Panel's ``_get_objects`` makes the tabs'
    models, new or shown again, before they reach the document: patched there, they are sent
    patched, and nothing is sent twice.
    """

    def _get_objects(self, model, old_objects, doc, root, comm=None):
        new_models, old_models = super()._get_objects(model, old_objects, doc, root, comm)
        dist_url = doc._template_variables.get("dist_url") if doc is not None else None
        if dist_url:
            for tab in new_models:
                for sheet in tab.select({"type": ImportedStyleSheet}):
                    patch_stylesheet(sheet, dist_url)
        return new_models, old_models


class EmptySlot(pn.Column):
    """A column waiting empty for a part built on first use (the message bar, the Undo line, the
    class's parts): Bokeh's ``EMPTY_LAYOUT`` check, which warns of a layout left empty by mistake,
    skips it, and it alone.

    Bokeh's ``check_integrity`` runs every ``_check*`` attribute of a model that is a validator;
    the same name set on the model itself hides the class's check for that model only.
    """

    def _get_model(self, doc, root=None, parent=None, comm=None):
        model = super()._get_model(doc, root, parent, comm)
        model._check_empty_layout = None
        return model


def lighter_property_containers() -> None:
    """Make each of Bokeh's list and dict property values keep its owners in a tuple, not a set.

    Bokeh wraps every list and dict a model holds (its styles, stylesheets, classes, tags, its
    callbacks...) in a ``PropertyValueContainer`` that remembers which models hold it, in a set of
    its own. Nearly every one has a single owner, and an empty set takes four times the room of a
    one-item tuple: with a couple of thousand such values in every session's document this was a
    tenth of a session's memory. The owners are only added, dropped and looped over (Bokeh's
    private ``_owners``, ``_register_owner`` and ``_unregister_owner``), which a tuple does as well.
    The classes have no ``__slots__``, so each value also had a dict of its own for that one
    attribute, larger than what it held (another tenth): the values Bokeh makes from now on are
    of subclasses that keep it in a slot. Idempotent; values made before keep their set and their
    class, which the new methods read too.
    """
    container = PropertyValueContainer
    if getattr(container, "_reflexmap_tuples", False):
        return

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._owners = ()
        super(container, self).__init__(*args, **kwargs)

    def _register_owner(self, owner: Any, descriptor: Any) -> None:
        if (owner, descriptor) not in self._owners:
            self._owners = (*self._owners, (owner, descriptor))

    def _unregister_owner(self, owner: Any, descriptor: Any) -> None:
        self._owners = tuple(item for item in self._owners if item != (owner, descriptor))

    container.__init__ = __init__
    container._register_owner = _register_owner
    container._unregister_owner = _unregister_owner
    container._reflexmap_tuples = True
    # Bokeh's properties wrap a value in the class their module names: named there, a subclass
    # with a slot for the owners makes every new value dict-free
    for name in ("PropertyValueList", "PropertyValueSet", "PropertyValueDict", "PropertyValueColumnData"):
        bokehs = getattr(wrappers, name)
        slim = type(name, (bokehs,), {"__slots__": ("_owners",), "__module__": __name__})
        setattr(property_containers, name, slim)


def one_change_handler_per_model() -> None:
    """Make Panel link a component's Bokeh model to it with one change handler, not one per
    property.

    Panel's ``Reactive._link_props`` gives each property it syncs from the page a handler of its
    own, a ``partial`` of the same method with the same arguments: a thousand of them in a
    session. Bokeh passes the handler the property's name, so one does for all of a model's
    properties. Panel drops them by clearing the model's ``_callbacks``, never one by one.
    Mirrors ``Reactive._link_props`` of Panel 1.5-1.9; idempotent.
    """
    if getattr(Reactive, "_reflexmap_one_handler", False):
        return

    def _link_props(self: Any, model: Any, properties: Any, doc: Any, root: Any, comm: Any = None) -> None:
        if panel_config.embed:
            return
        ref = root.ref["id"]
        handlers: dict[str | None, partial] = {}
        for listed in properties:
            name = listed[1] if isinstance(listed, tuple) else listed
            target, subpath = model, None
            if "." in name:
                *parts, name = name.split(".")
                for part in parts:
                    target = getattr(target, part)
                subpath = ".".join(parts)
            handler = handlers.get(subpath)
            if handler is None:
                handler = handlers[subpath] = (
                    partial(self._comm_change, doc, ref, comm, subpath)
                    if comm
                    else partial(self._server_change, doc, ref, subpath)
                )
            target.on_change(name, handler)

    Reactive._link_props = _link_props
    Reactive._reflexmap_one_handler = True


def read_parameters_uncopied() -> None:
    """Keep Panel's reads of a component's parameters, as it builds the component's Bokeh model,
    from leaving a copy of each parameter in the component.

    param gives an instance its own copy of a parameter the first time it is asked for it by name
    (``obj.param[name]``), so that a change to the parameter (its bounds, its objects) stays with
    that instance. Panel asks so for every parameter when it makes a JSComponent's model
    (``ReactiveESM._get_properties`` and ``_get_children``) or a FlexBox's
    (``ReactiveHTML._init_params``), only to read its type and precedence: 570 copies in a
    session, a tenth of its memory, none ever changed. Here a copy these make is dropped when
    they return; one made before stays. Idempotent.
    """
    reads = (ReactiveESM, "_get_properties"), (ReactiveESM, "_get_children"), (ReactiveHTML, "_init_params")
    for cls, name in reads:
        panels = cls.__dict__[name]
        if not getattr(panels, "reflexmap_uncopied", False):
            setattr(cls, name, _dropping_new_copies(panels))


def _dropping_new_copies(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def read(self: Any, *args: Any, **kwargs: Any) -> Any:
        copies = self._param__private.params
        had = set(copies)
        try:
            return method(self, *args, **kwargs)
        finally:
            for name in [name for name in copies if name not in had]:
                del copies[name]

    read.reflexmap_uncopied = True  # type: ignore[attr-defined]
    return read


def share_inline_stylesheets(doc: Document) -> None:
    """Send each CSS text that several of ``doc``'s components carry as one stylesheet model they
    all refer to, not once in each component's model.

    Panel gives each component's Bokeh model its stylesheets as a list; an imported one (a URL)
    is one model per document, shared through Panel's private per-document cache, but a CSS text
    is a plain string in every model that carries it. The dashboard's own stylesheet (5 kB) went
    out 16 times in a first page's document and Panel's loading spinner's 75 times: a quarter of
    the document's 410 kB. Panel makes a new component's properties in ``Reactive._get_properties``;
    for a document given here, from a text's second component in it on, the wrapper puts the
    document's one ``InlineStyleSheet`` for the text there instead, so the models are made with it
    (no later walk or change event). Other documents, and a value Panel updates later, keep their
    texts. The wrapper is installed once.
    """
    _SHARED.setdefault(doc, {})
    made = Reactive._get_properties
    if getattr(made, "shares_css", False):
        return

    def _get_properties(self: Reactive, doc: Document | None) -> dict[str, Any]:
        properties = made(self, doc)
        shared = None if doc is None else _SHARED.get(doc)
        listed = properties.get("stylesheets")
        if shared is not None and listed:
            properties["stylesheets"] = [
                _one_for(shared, sheet) if isinstance(sheet, str) else sheet for sheet in listed
            ]
        return properties

    _get_properties.shares_css = True  # type: ignore[attr-defined]
    Reactive._get_properties = _get_properties


# per document sharing its stylesheets: each CSS text seen, and its model once a second component
# carries it (see share_inline_stylesheets)
_SHARED: weakref.WeakKeyDictionary[Document, dict[str, InlineStyleSheet | None]] = weakref.WeakKeyDictionary()


def _one_for(shared: dict[str, InlineStyleSheet | None], css: str) -> str | InlineStyleSheet:
    # A text seen once stays a string: a model of its own would cost a session more memory than
    # the text. From its second component on, the document's one stylesheet model for it.
    if css not in shared:
        shared[css] = None
        return css
    sheet = shared[css]
    if sheet is None:
        shared[css] = sheet = InlineStyleSheet(css=css)
    return sheet


def shared_watcher_lists() -> None:
    """Let a component's parameters that one watcher watches share one list of watchers.

    param keeps, for every parameter of every instance, a dict ``{"value": [watchers]}`` of its
    own (param's private ``_param__private.watchers``, filled by ``Parameters._register_watcher``).
    Panel watches nearly every parameter of a component with one watcher (its sync to the Bokeh
    model), so a component held some fifty one-item lists, each in a dict of its own: a third of
    what it costs, and a session builds about a hundred components. Here parameters whose
    watchers are the same share one dict, copied on write: a watch or unwatch gives the names it
    covers a new dict (one per old dict), never changing a dict in place. Panel's one change in
    place (``ListLike`` reverses the ``objects`` list it has just watched, alone) touches a dict of
    that name only. Written against param 2.2-2.4; idempotent.
    """
    parameters = param.parameterized.Parameters
    if getattr(parameters, "_reflexmap_shared", False):
        return
    params_own = parameters._register_watcher

    def _register_watcher(self_: Any, action: str, watcher: Any, what: str = "value") -> None:
        owner = self_.self
        if owner is None or what != "value" or not owner._param__private.initialized:
            return params_own(self_, action, watcher, what)  # a class's, or param's own error
        known = self_.cls.param
        watchers = owner._param__private.watchers
        # the new dict for each old one (kept, so that no old id is reused meanwhile)
        renewed: dict[int, tuple[dict, dict]] = {}
        for name in watcher.parameter_names:
            if name not in known:
                raise ValueError(
                    f"{name} parameter was not found in list of parameters of class {self_.cls.__name__}"
                )
            old = watchers.get(name, _NO_WATCHERS)
            if id(old) not in renewed:
                listed = list(old.get("value", ()))
                if action == "append":
                    listed.append(watcher)
                elif watcher in listed:  # unwatching what is not watched does nothing, as in param
                    listed.remove(watcher)
                renewed[id(old)] = (old, {**old, "value": listed})
            watchers[name] = renewed[id(old)][1]
        return None

    parameters._register_watcher = _register_watcher
    parameters._reflexmap_shared = True


_NO_WATCHERS: dict[str, list] = {}  # a parameter's none yet; never changed


def pane_rows_on_demand() -> None:
    """Make a Panel pane build its own layout (a Row holding it) when first asked for it.

    Every pane (HTML, the map's Bokeh pane...) builds in ``PaneBase.__init__`` a Row holding
    itself, for when it is shown alone or asked for ``.layout``, and watches all its sizing
    parameters to keep that Row in step. Ours are always shown inside our own layouts, so a
    session kept a dozen Rows no page ever drew. Here the Row is built, and kept in step from
    then on, at the first read of ``layout`` (``pn.panel`` of a plain object reads it at once).
    Mirrors ``PaneBase.__init__`` of Panel 1.5-1.9 less those lines; idempotent.
    """
    base = pn.pane.base.PaneBase
    if getattr(base, "_reflexmap_rows_on_demand", False):
        return
    sizing = list(pn.viewable.Layoutable.param)

    def __init__(self: Any, object: Any = None, **params: Any) -> None:  # "object": Panel's name
        self._object_changing = False
        super(base, self).__init__(object=object, **params)
        if not hasattr(self, "_internal_callbacks"):
            self._internal_callbacks = []
        applies = self.applies(self.object, **(params if self._applies_kw else {}))
        if (isinstance(applies, bool) and not applies) and self.object is not None:
            self._type_error(self.object)

    def get_layout(self: Any) -> Any:
        layout = self.__dict__.get("_reflexmap_layout")
        if layout is None:
            layout = self.__dict__["_reflexmap_layout"] = self.default_layout(self)
            self._internal_callbacks.append(self.param.watch(self._sync_layoutable, sizing))
            self._sync_layoutable()
        return layout

    def set_layout(self: Any, layout: Any) -> None:
        self.__dict__["_reflexmap_layout"] = layout

    base.__init__ = __init__
    base.layout = property(get_layout, set_layout)
    base._reflexmap_rows_on_demand = True


def container_defaults_on_demand() -> None:
    """Make a Bokeh model fill in its empty list, set and dict defaults when they are first read.

    ``HasProps.__init__`` fills in every mutable default of a new model at once (its tags,
    classes, styles, stylesheets, callbacks...), each wrapped in a container that knows its
    owner; the document then reads every property that may hold a model to find the models it
    holds (``visit_immediate_value_references``), and its serialization reads every property,
    creating any default still missing. Left alone such a value is never sent (Bokeh weeds out
    unchanged container defaults) and holds no model, yet a session kept some 1,500 of them: a
    fifth of its memory. Here a list, set or dict property whose default is a plain (not
    computed) value is left unfilled until read; the walk and the serialization skip it while it
    is unfilled and empty, as they would have skipped what it held. Nothing sent changes (a test
    compares the document's JSON). Mirrors ``HasProps.__init__`` and
    ``visit_immediate_value_references`` of Bokeh 3.4-3.9; idempotent.
    """
    if getattr(HasProps, "_reflexmap_on_demand", False):
        return
    bokehs_query = HasProps.query_properties_with_values

    def __init__(self: Any, **properties: Any) -> None:
        super(HasProps, self).__init__()
        self._property_values = {}
        self._unstable_default_values = {}
        self._unstable_themed_values = {}
        for name, value in properties.items():
            if value is Undefined or value is Intrinsic:
                continue
            setattr(self, name, value)
        for name in self.properties(_with_props=True):
            if name in properties or _plain_container_default(type(self), name) is not None:
                continue
            descriptor = self.lookup(name)
            if descriptor.has_unstable_default(self):
                descriptor._get(self)  # fills in ``_unstable_*_values``
        self._initialized = True

    def query_properties_with_values(self: Any, query: Any, **options: Any) -> dict[str, Any]:
        if options.get("include_defaults", True):
            return bokehs_query(self, query, **options)
        themed = self.themed_values() or {}

        def asked(descriptor: Any) -> bool:  # an unfilled default is left out unread, as Bokeh would
            return query(descriptor) and not (
                descriptor.name not in themed and _unfilled(self, descriptor.name)
            )

        return bokehs_query(self, asked, **options)

    def visit_immediate_value_references(value: Any, visitor: Callable[[Any], None]) -> None:
        if not isinstance(value, HasProps):
            return model_util.visit_value_and_its_immediate_references(value, visitor)
        themed = value.themed_values() or {}
        for name in value.properties_with_refs():
            if (
                name not in themed
                and _unfilled(value, name)
                and not _plain_container_default(type(value), name)
            ):
                continue  # empty: no model in it
            model_util.visit_value_and_its_immediate_references(getattr(value, name), visitor)
        return None

    HasProps.__init__ = __init__
    HasProps.query_properties_with_values = query_properties_with_values
    model_util.visit_immediate_value_references = visit_immediate_value_references
    HasProps._reflexmap_on_demand = True


def _unfilled(model: Any, name: str) -> bool:
    return (
        name not in model._property_values
        and name not in model._unstable_default_values
        and _plain_container_default(type(model), name) is not None
    )


@functools.cache
def _plain_container_default(cls: type, name: str) -> Any:
    """The default of ``cls``'s property ``name`` if it is a list, set or dict property (the ones
    Bokeh wraps in a container) with a plain default, else None."""
    descriptor = cls.lookup(name)
    if not isinstance(descriptor.property, List | Set | Dict):
        return None
    default = cls._overridden_defaults().get(name, descriptor.property._default)
    return None if callable(default) else default


def serve_pages_from(app: Callable[[], Any], title: str) -> None:
    """Render every ``GET /`` from one session of ``app`` kept as a template, as Panel's own
    ``panel serve --warm --reuse-sessions`` does.

    Panel has no public call for this: its command line fills the private ``state._sessions``
    (the kept session) and ``state._session_key_funcs`` (which requests share it) itself.
    """
    session = generate_session(build_applications({"/": app}, title=title)["/"])
    with set_curdoc(session.document):
        state._session_key_funcs["/"] = lambda request: request.path
        state._sessions["/"] = session
        session.block_expiration()


def patches_unanswered() -> None:
    """Send a page no "OK" for each change it sends: a tap's answer is then one message, not two.

    Bokeh answers every document patch from a page (``ServerSession.patch``) with an OK message,
    three more websocket frames, which nothing reads: BokehJS sends its patches without waiting for
    a reply and drops an OK unread (``ClientSession._handle_ok`` logs it at trace level), and so
    does ``bokeh.client``. It was a twentieth of the server's work for a tap. A patch that fails is
    still answered, with Bokeh's ERROR (its protocol handler turns the exception into one). Bokeh
    reads the handler when a page's websocket opens: call this before the server starts.
    """
    answered = ServerSession.patch
    if getattr(answered, "unanswered", False):
        return

    async def patch(cls: type[ServerSession], message: Any, connection: Any) -> None:
        await answered(message, connection)

    patch.unanswered = True  # type: ignore[attr-defined]
    ServerSession.patch = classmethod(patch)  # type: ignore[method-assign,assignment]


def answer_websockets_at_once() -> None:
    """Send every frame a page's websocket is written at once (``TCP_NODELAY``), not held by
    Nagle's algorithm.

    Bokeh writes each message as two or three websocket frames (header, metadata, content). With
    Nagle's algorithm on, the kernel sends the first and holds the rest until the page acknowledges
    it, and a page's acknowledgement is delayed by up to 40 ms: every answer to a click arrived
    40 ms late, whatever the server's work. Tornado leaves the choice to the handler
    (``set_nodelay``), and Bokeh's ``WSHandler`` never makes it; this makes it in its ``open``.
    """
    opened = WSHandler.open
    if getattr(opened, "at_once", False):
        return

    def open_at_once(self: WSHandler, *args: Any, **kwargs: Any) -> Any:
        self.set_nodelay(True)
        return opened(self, *args, **kwargs)

    open_at_once.at_once = True  # type: ignore[attr-defined]
    WSHandler.open = open_at_once


def build_sessions_early(
    server: Any, delay: Callable[[Any], float | None], ready: Callable[[], Awaitable[Any]]
) -> None:
    """Start building a page's session when the page is served, not when its websocket connects.

    A page is rendered from the stand-in (:func:`serve_pages_from`) in a few milliseconds. The
    browser then fetches and runs the page's scripts (half a second or more) before it opens the
    websocket, and only then did the server build the dashboard: one after the other, while both
    could work at once on two cores. Panel's ``reuse_sessions = "warm"`` starts the session's
    build as the page goes out, for the token in that page, through the application context's
    ``create_session_if_needed`` (Bokeh's own way to build a session once per id: the websocket
    then finds it built, or waits for it).

    Panel would build one for every ``GET /``, a health check's as well, and at once, before the
    page's scripts are served. So that call is wrapped: ``delay(request)`` says how many seconds
    later to build for the page's request, or ``None`` for no early build (the websocket's
    connection builds it as before). The websocket's own call, and Bokeh's ``autoload.js``, go
    straight through. Bokeh keeps the application contexts private (``Server._tornado``'s
    ``_applications``); the wrapper replaces the method on this server's one context. Every build,
    early or not, first awaits ``ready()`` (the chart, loaded while the page's scripts are).
    """
    context = server._tornado._applications["/"]
    create = context.create_session_if_needed

    async def create_session_if_needed(session_id, request=None, token=None):
        if request is not None and _a_page_request(request):
            wait = delay(request)
            if wait is None:
                return None
            await asyncio.sleep(wait)
        await ready()
        return await create(session_id, request, token)

    context.create_session_if_needed = create_session_if_needed
    panel_config.reuse_sessions = "warm"


def _a_page_request(request: Any) -> bool:
    # a websocket's handshake (Upgrade) or the embedding script's request are not a page's
    websocket = request.headers.get("Upgrade", "").lower() == "websocket"
    return not websocket and not request.path.endswith("autoload.js")


def tornado_app(server: Any):
    """The Tornado application behind a Bokeh ``Server``.

    Bokeh keeps it private (``_tornado``), and its ``find_handler`` is the one place every
    request passes through, which is where ``hosts.refuse_other_hosts`` checks the Host header.
    """
    return server._tornado


def forkserver_pid() -> int | None:
    """The process id of multiprocessing's fork server, once started (None before, or where the
    system has none).

    ``chart_check.start_workers`` lowers its CPU priority, which the workers forked from it then
    inherit: the second of imports it makes at start-up must not compete with the server's
    answers to its users. multiprocessing keeps the fork server's process private
    (``forkserver._forkserver._forkserver_pid``).
    """
    from multiprocessing import forkserver  # Unix only

    return forkserver._forkserver._forkserver_pid
