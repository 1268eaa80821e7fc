"""Running the dashboard on a Panel (Tornado) server."""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

import panel as pn
import param
from bokeh.settings import settings
from bokeh.util.browser import view as open_in_browser
from tornado.httputil import HTTPServerRequest
from tornado.process import task_id

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, in_language, translator
from ..lasting import lasting
from ..model import Chart
from ..web.details_html import all_details_html
from ..web.map_data import map_columns
from ..web.tap_js import hit_index
from . import session_gc
from .chart_check import start_workers
from .hosts import allowed_hosts, refuse_other_hosts
from .internals import (
    answer_websockets_at_once,
    build_sessions_early,
    patches_unanswered,
    serve_pages_from,
    serve_stylesheets_locally,
    share_inline_stylesheets,
    tornado_app,
)
from .language import TITLE
from .origins import (
    RefusedOriginHint,
    accepting_line,
    addresses_for,
    as_browsers_send,
    env_origins,
    is_loopback,
    is_unspecified,
    local_host,
    local_url,
    remote_access_note,
    serving_lines,
    url_host,
)
from .page import localize_pages, use_page_template
from .upload_route import ROUTE as UPLOAD_ROUTE


def allowed_origins(address: str, port: int, extra: Sequence[str] = ()) -> list[str]:
    """Websocket origins the server accepts: the bound address, plus localhost on loopback, plus
    ``extra`` (``host[:port]``; a host without a port matches any port).

    Bound to every interface (``0.0.0.0``, ``::``), no page has that address as its origin, but
    this computer's browser opens the server at loopback (:func:`local_url`): its origins stand in.
    """
    if is_unspecified(address):
        address = local_host(address)
    origins = [f"{url_host(address)}:{port}"]
    if is_loopback(address):
        origins += [f"localhost:{port}", f"127.0.0.1:{port}"]
    return as_browsers_send([*origins, *extra])


def _session_app(chart: Chart) -> pn.viewable.Viewable:
    """The dashboard for one new session, its stylesheets served by this server, not a CDN.

    Panel points a session's stylesheets at its own server when it renders the session's page.
    Here no session renders its own page: pages come from a stand-in (see :func:`_page_template`)
    and a session is built after its page, or when its websocket connects, in whichever process
    takes it with ``num_procs`` > 1. Without this its stylesheets would be fetched from
    cdn.holoviz.org (and fail to load on a closed network). The template variable covers the
    models Panel builds now and later; the root patch covers those (such as Divider) that never
    read it, as the page render would (see :func:`~.internals.serve_stylesheets_locally`).

    Such a session's location starts as its websocket's URL (``/ws?...``). When the browser then
    reports the page's path, Panel takes it for a move to another page and drops the session's
    cache of patched stylesheets, so a Divider made later (the practice player's) went to the
    CDN; starting from the page's path, as a session built for its page does, keeps the cache.
    """
    create_app = _dashboard()
    serve_stylesheets_locally(pn.state.curdoc)
    share_inline_stylesheets(pn.state.curdoc)
    session_gc.watch(pn.state.curdoc)
    location = pn.state.location
    if location is not None and location.pathname.endswith("/ws"):
        with param.discard_events(location):
            location.pathname = location.pathname[: -len("ws")]
    return create_app(chart)


@functools.cache
def _dashboard() -> Callable[[Chart], pn.viewable.Viewable]:
    """The dashboard's maker, its modules imported on first use (once: see :func:`.lasting`).

    They are a third of a second of imports (every component, the class, the quiz...) that a
    server needs for its first page's build and not before: imported then, while the browser runs
    the page's scripts (see :func:`serve`), not before the server listens.
    """
    with lasting():
        from .layout import create_app

    return create_app


def _stand_in() -> pn.viewable.Viewable:
    use_page_template()
    return pn.Column()


def _page_template(server: Any, early: bool) -> None:
    """Render every page from a small stand-in session; build each dashboard while the browser
    runs the page's scripts (``early``), or else when its websocket connects.

    A page is the same for every session: the scripts, the styles and an element for each root
    of the document, whose content arrives over the websocket. By default Panel builds a whole
    dashboard for each ``GET /`` (over half a second) before the browser can start on the page's
    scripts, and wastes it when no websocket follows (a health check, a poll). With
    ``reuse_sessions`` Panel renders pages from a session kept as a template; this registers the
    template as Panel's own ``panel serve --warm --reuse-sessions`` does. The stand-in has the
    dashboard's roots (a Column, and the Location that follows the URL), so its page is the
    dashboard's: tests/test_server_startup.py compares the two.

    The browser then fetches and runs the page's scripts, half a second or more, before it opens
    the websocket. With ``early`` a browser's page has its dashboard built meanwhile, from
    :data:`BUILD_AFTER_S` after the page went out (see :func:`_build_after`), so the websocket
    finds it ready; not with several processes, where the websocket may reach another process
    than the page did.
    """
    pn.config.reuse_sessions = True
    serve_pages_from(_stand_in, TITLE)
    if early:
        build_sessions_early(server, _build_after)


def _exit_with(parent: int):
    """An after-fork hook for Linux: the forked server process ends when ``parent`` does.

    Tornado's parent process only waits for its workers; without this, stopping it with SIGTERM
    (``kill PID``, a test's ``terminate()``) would leave the workers serving the port.
    """

    def hook() -> None:
        if os.getppid() != parent:  # forked by a worker, not by the server's parent process
            return
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(0)

    return hook


def serve(
    chart: Chart,
    port: int = 5006,
    address: str = "127.0.0.1",
    open_browser: bool = True,
    num_procs: int = 1,
    allow_origins: Sequence[str] = (),
    lang: str = DEFAULT_LANGUAGE,
) -> None:
    """Serve the dashboard for ``chart`` until interrupted; each browser session gets its own state.

    ``num_procs`` > 1 forks that many server processes (0: one per CPU) sharing the port, through
    Bokeh's ``num_procs`` (Unix only). The chart is loaded before the fork and shared; every
    session's state lives in its own objects, so the processes need nothing from one another, but
    a browser session stays with the process that opened it.

    ``allow_origins`` (``host[:port]``, as students type the address) and the origins in
    BOKEH_ALLOW_WS_ORIGIN are accepted besides this server's own address. The start-up lines are
    in ``lang`` (each page still speaks its reader's language).
    """
    if num_procs != 1 and sys.platform.startswith("linux"):
        os.register_at_fork(after_in_child=_exit_with(os.getpid()))
    # with several processes, each log line names the process that wrote it
    pid = " [%(process)d]" if num_procs != 1 else ""
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s{pid} %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bokeh.server.views.ws").addFilter(RefusedOriginHint())
    from_env = env_origins()
    # Every session draws the same display columns and sends the browser the same hit index and
    # details (per language and view): computed once, so that sessions share them. Forking, they
    # and the dashboard's modules come before the fork, so the processes share them. Else the
    # server listens first: its first page builds what it needs (while the browser runs the
    # page's scripts), and the rest follows on the loop PARTS_AFTER_S later, one part a step.
    parts = [functools.partial(_prepare, chart, *part) for part in _page_parts(chart, lang)]
    if num_procs != 1:
        _dashboard()
        for prepare in parts:
            prepare()
        # a class lives in one process: see class_panel.ONE_PROCESS_ONLY
        from .class_panel import one_process

        one_process(False)
    # Bokeh checks every model of each new session's document (about 30 ms a session); the
    # dashboard's document is built by the same code every time, and a test checks it instead.
    settings.perform_document_validation.set_value(False)
    # Bokeh binds the port in this call; with num_procs > 1 it then forks: every process returns
    # from it with its own server on the shared socket, and the parent process stays inside it,
    # waiting for them.
    server = pn.serve(
        {"/": lambda: _session_app(chart)},
        port=port,
        address=address,
        show=False,
        title=TITLE,
        start=False,
        threaded=False,
        verbose=False,
        num_procs=num_procs,
        # uploaded charts come over HTTP, streamed, not as one websocket message: see upload_route
        extra_patterns=[UPLOAD_ROUTE],
    )
    port = server.port  # the one the system picked for --port 0
    origins = allowed_origins(address, port, [*allow_origins, *from_env])
    # Bokeh checks a connection against this setting, when it is set, instead of the server's
    # websocket_origin (whose parser would refuse `[::1]:5006`, splitting it at every colon), and
    # BOKEH_ALLOW_WS_ORIGIN would replace that list; pinned to the whole list, the variable adds
    # to the other origins instead.
    settings.allowed_ws_origin.set_value(origins)
    lan = addresses_for(address)
    refuse_other_hosts(tornado_app(server), allowed_hosts(address, [*allow_origins, *from_env], lan))
    localize_pages(tornado_app(server))
    answer_websockets_at_once()
    patches_unanswered()
    _page_template(server, early=num_procs == 1)
    if task_id() in (None, 0):  # once, not once per process
        _ = translator(lang).gettext
        title = in_language(chart, lang).info.title
        note = None if allow_origins or from_env else remote_access_note(address, port, lan, _)
        lines = [*serving_lines(title, address, port, lan, _), accepting_line(origins, from_env, _)]
        for line in [*lines, *([note] if note else []), _("press Ctrl+C to stop.")]:
            print(f"reflexmap: {line}", flush=True)
        if open_browser:
            server.io_loop.add_callback(open_in_browser, local_url(address, port))
    server.start()
    if num_procs == 1:  # each a few tens of ms: a page's build waits for one at most
        for prepare in parts:
            server.io_loop.call_later(PARTS_AFTER_S, prepare)
    # off the event loop, in each process: its first upload then finds the checks' fork server ready.
    # Not at once: the fork server's start (a second of imports) competed with the first page's
    # build and render for the CPU just when the user is waiting to see the map.
    server.io_loop.call_later(WORKERS_AFTER_S, lambda: server.io_loop.run_in_executor(None, start_workers))
    server.io_loop.start()


# Seconds after start-up when the upload checks' fork server starts (see serve): after the first page.
WORKERS_AFTER_S = 10.0
# Seconds after start-up when the pages' shared parts are made (see serve): after the first page,
# also on a loaded machine (where they delayed it), with the fork server (another process).
PARTS_AFTER_S = 10.0
# Seconds after a page is served when its session's build starts: by then the browser has fetched
# the page's scripts (the build would hold them up) and is running them, for longer.
BUILD_AFTER_S = 0.15


def _build_after(request: HTTPServerRequest) -> float | None:
    """When to build the session of the page ``request`` asked for (see
    :func:`~.internals.build_sessions_early`): :data:`BUILD_AFTER_S` for a browser opening the
    page, ``None`` (once its websocket connects) for anything else, such as a health check, a
    script or a browser's prefetch, which may never connect."""
    headers = request.headers
    purpose = f"{headers.get('Sec-Purpose', '')} {headers.get('Purpose', '')}".lower()
    if headers.get("Sec-Fetch-Dest") != "document" or "prefetch" in purpose:
        return None
    return BUILD_AFTER_S


def _page_parts(chart: Chart, lang: str) -> list[tuple[str, str]]:
    """(language, view) of every page the server may draw, the likeliest first page first: the
    start-up language's first view."""
    parts = [(language, view) for language in LANGUAGES for view in in_language(chart, language).views]
    first = (lang, in_language(chart, lang).views[0])
    return [first, *(part for part in parts if part != first)]


def _prepare(chart: Chart, language: str, view: str) -> None:
    """Compute (and cache) what every session drawing ``view`` in ``language`` shares."""
    shown = in_language(chart, language).for_view(view)
    map_columns(shown, language)
    hit_index(shown)
    all_details_html(shown, language)
    from .view_switch import thumbnail_svg  # a component's module: see _dashboard

    thumbnail_svg(shown)
