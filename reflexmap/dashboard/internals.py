"""Every private part of Panel, Bokeh, Tornado and multiprocessing the dashboard's Python relies on,
in one place.

None of these is a public API: a new Panel or Bokeh release may rename or drop any of them
without notice. Keeping them here means an upgrade is checked in one module, by one test file
(``tests/test_internals.py``, which ``.ci/run`` also runs against the newest Panel and Bokeh that
pyproject.toml allows), and a test (``test_no_other_module_reaches_into_panel``) keeps them from
spreading. Each function says why the public API is not enough. The page's JavaScript has its own
list of Bokeh internals, in the web layer.

Also relied on, though not ``_``-prefixed: the ``preamble`` block of Panel's page template
(page.py extends it) and the ``panel.io`` helpers imported below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import param
from bokeh.document import Document
from bokeh.document.events import RootAddedEvent
from panel.io.application import build_applications
from panel.io.resources import LOCAL_DIST, patch_model_css
from panel.io.session import generate_session
from panel.io.state import set_curdoc, state

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


def write_quietly(component: Any, name: str, value: Any) -> None:
    """Set ``component.name`` and its value on every page showing it, with no Python event and
    without Panel's generic update of the component.

    Panel's update of a component rebuilds its stylesheets, which cost several times the change
    itself, once per student of a class (see ``details.DetailsView.lead``). Written straight onto
    the Bokeh model, Panel must still know the change as its own and not echo it back as the
    browser's: ``_changing`` is that mark, and ``_models`` the models showing the component.
    """
    with param.discard_events(component):
        setattr(component, name, value)
    for ref, (model, _parent) in component._models.items():
        before = component._changing.get(ref)
        component._changing[ref] = [name]
        try:
            setattr(model.data, name, value)
        finally:
            if before is None:
                component._changing.pop(ref, None)
            else:
                component._changing[ref] = before


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
