"""Helpers for driving the dashboard in a real browser, shared by the tests and the benchmarks.

Not needed to use reflexmap; it imports Playwright lazily and only the standard library and
shapely otherwise.
"""

from __future__ import annotations

import compileall
import contextlib
import functools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .dashboard.origins import http_url, url_host
from .geometry import display_x
from .model import Chart

CHROMIUM = os.environ.get("REFLEXMAP_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
# closed network refuses; the rest keep a headless run quiet and reproducible.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Bokeh takes a tap less than 300 ms after the one before as a double tap (UIGestures'
# doubletap_threshold) and the zone tap never comes: keep taps on the map at least this far apart.
TAP_GAP_S = 0.35

# Viewport pixels of a data-space point, from the plot view's own scales.
DATA_TO_PIXELS_JS = """([x, y]) => {
  function* walk(v) { yield v; for (const c of (v.child_views ?? [])) yield* walk(c); }
  for (const root of Bokeh.index.roots ?? Object.values(Bokeh.index))
    for (const v of walk(root))
      if (v.frame && v.canvas_view) {
        const r = v.canvas_view.el.getBoundingClientRect();
        return [r.left + v.frame.x_scale.compute(x), r.top + v.frame.y_scale.compute(y)];
      }
  return null;
}"""


def zone_display_point(chart: Chart, zone_id: str, foot: str) -> tuple[float, float]:
    """Display-space position of :meth:`Chart.inner_point`, mirrored as the dashboard draws it;
    ``chart`` holds the one view drawn (:meth:`Chart.for_view`)."""
    inside = chart.inner_point(zone_id, foot)
    return float(display_x(foot, chart.outline(foot), inside.x, view=chart.home_view)), inside.y


def served_page_html(session) -> str:
    """The HTML page the server sends a browser for a Bokeh ``ServerSession`` (no server needed)."""
    from panel.io.resources import Resources  # Panel only where a test asks for a page
    from panel.io.server import server_html_page_for_session

    doc = session.document
    return server_html_page_for_session(
        session,
        resources=Resources(mode="server", root_url="/"),
        title=doc.title,
        token=session.token,
        template=doc.template,
        template_variables=doc.template_variables,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer(tuple):
    """What :func:`run_server` yields: the pair ``(url, log_path)``, so ``with run_server() as
    (url, log):`` works as it always has, plus the server process as ``proc`` and ``pid``."""

    url = property(lambda self: self[0])
    log_path = property(lambda self: self[1])

    def __new__(cls, url: str, log_path: Path, proc: subprocess.Popen) -> RunningServer:
        self = super().__new__(cls, (url, log_path))
        self.proc = proc
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def pids(self) -> list[int]:
        """The server process and the processes it forked (``--num-procs``), read from /proc (Linux)."""
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop(0)
            found.append(pid)
            with contextlib.suppress(OSError):
                todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return found


@contextlib.contextmanager
def run_server(
    *args: str,
    log_dir: Path,
    timeout: float = 60,
    port: int | None = None,
    address: str = "127.0.0.1",
    env: dict[str, str] | None = None,
    started: bool = True,
) -> Iterator[RunningServer]:
    """Run ``python -m reflexmap serve`` on ``port`` (default: a free one; 0: the one the server
    says it picked) of ``address`` (default: loopback), with ``env`` added to its environment;
    yield (url, log path).

    What is yielded unpacks as ``(url, log_path)`` and also carries the process (see
    :class:`RunningServer`). The server runs in a session of its own and is stopped with its whole
    process group, so the processes ``--num-procs`` forks stop with it.

    It yields once the server has printed its start-up lines, which follow the chart's loading (a
    shipped chart loads after the server listens). ``started=False`` yields as soon as it answers,
    as a browser opened at once finds it (the start-up benchmark): the chart may still be loading.
    """
    _compile_package()
    port = free_port() if port is None else port
    log_dir.mkdir(parents=True, exist_ok=True)
    # port 0 for several servers: one log each all the same
    log_path = log_dir / (f"server-{port}.log" if port else f"server-0-{time.monotonic_ns()}.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reflexmap",
                "serve",
                "--no-browser",
                *("--port", str(port)),
                *("--address", address),
                *args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        url = http_url(address, port) if port else None
        try:
            deadline = time.time() + timeout
            while (
                not (url := url or _printed_url(log_path))
                or not _answers(url)
                or (started and not _printed_startup(log_path))
            ):
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
                if time.time() > deadline:
                    raise RuntimeError(f"server did not answer in {timeout:.0f} s:\n{log_path.read_text()}")
                time.sleep(0.02)  # finely: the benchmarks time start-up with this
            yield RunningServer(url, log_path, proc)
        finally:
            _stop_group(proc)


@functools.cache
def _compile_package() -> None:
    """Compile the package's modules once, as installing it does. Where PYTHONDONTWRITEBYTECODE is
    set (this machine's shells, and so its CI), a checkout's modules were never written compiled,
    and every server a test started compiled them all from source: 0.2-0.3 s of CPU each."""
    compileall.compile_dir(Path(__file__).parent, quiet=1)


def _printed_startup(log_path: Path) -> bool:
    # the last start-up line, "press Ctrl+C to stop." in the server's language
    return re.search(r"^reflexmap: .*Ctrl\+C", log_path.read_text(), re.MULTILINE) is not None


def _printed_url(log_path: Path) -> str | None:
    # "serving ... at URL" for one address; "on this computer: URL" for every interface
    found = re.search(
        r"^reflexmap: (?:serving '.*' at|on this computer:) (http://\S+/)$",
        log_path.read_text(),
        re.MULTILINE,
    )
    return found and found.group(1)


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (it leads its own session), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue
        # the forked workers are not our children: give them a moment to leave the group too
        deadline = time.time() + 5
        while _group_alive(proc.pid) and time.time() < deadline:
            time.sleep(0.05)
        if not _group_alive(proc.pid):
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def session_token(url: str) -> str:
    """The session token in a freshly rendered page, which its websocket would present."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return re.search(r'"token":"([^"]+)"', response.read().decode()).group(1)


def websocket_handshake(
    port: int, origin: str, token: str, host: str | None = None, address: str = "127.0.0.1"
) -> int:
    """HTTP status of a websocket upgrade on ``/ws`` of a server at ``address``, sent with ``Origin``.

    ``host`` is the Host header (default: the server's own ``address:port``). Unless it names
    the origin's host, Tornado's same-origin shortcut (6.6 and newer) does not apply and Bokeh's
    allow-list decides, as it does with an older Tornado or behind a proxy that rewrites Host.
    """
    request = (
        f"GET /ws HTTP/1.1\r\nHost: {host or f'{url_host(address)}:{port}'}\r\nOrigin: {origin}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: bokeh, {token}\r\n\r\n"
    )
    with socket.create_connection((address, port), timeout=10) as s:
        s.sendall(request.encode())
        return int(s.recv(1024).split(b" ", 2)[1])


def launch_chromium(playwright):
    """Debian's Chromium through Playwright (Playwright's own browser download is not used)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
