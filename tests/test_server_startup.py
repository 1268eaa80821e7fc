"""What `reflexmap serve` relies on to start fast (see reflexmap/dashboard/server.py).

Pages are rendered from a stand-in session and each dashboard is built after its page (a
browser's) or when its websocket connects, so the stand-in's page must be the very page a
dashboard would have; and Bokeh's per-session validation is switched off, so the dashboard's
document is validated here.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import urllib.request
from types import SimpleNamespace

import pytest
from bokeh.core.validation import check_integrity
from bokeh.core.validation.check import process_validation_issues
from panel.io.application import build_applications
from panel.io.session import generate_session
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from reflexmap import ChartError, Problem, load_chart
from reflexmap.dashboard import server
from reflexmap.testing import run_server, served_page_html

# per-session values: model ids, element ids, the session token
VARYING = re.compile(r'"token":"[^"]+"|\bp\d+\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')


@pytest.fixture(scope="module")
def chart():
    return load_chart()


def _session(app):
    return generate_session(build_applications({"/": app}, title=server.TITLE)["/"])


def _page(session) -> str:
    return VARYING.sub("ID", served_page_html(session))


def test_the_stand_in_page_is_the_dashboards_page(chart):
    dashboard = _session(lambda: server._session_app(chart))
    stand_in = _session(server._stand_in)
    roots = [type(root).__name__ for root in dashboard.document.roots]
    assert roots == [type(root).__name__ for root in stand_in.document.roots]
    assert _page(stand_in) == _page(dashboard)


def test_the_dashboard_document_passes_bokehs_validation(chart, caplog):
    issues = check_integrity(list(_session(lambda: server._session_app(chart)).document.models))
    # what the server would log: every error, and every warning not silenced on purpose (the
    # empty slots of parts built on first use, see internals.EmptySlot)
    with caplog.at_level(logging.WARNING, logger="bokeh"):
        process_validation_issues(issues)
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not issues.error and not logged, logged


def test_a_deep_link_page_is_served_from_the_stand_in(tmp_path):
    with run_server(log_dir=tmp_path) as (url, log_path):
        for query in ("", "?zone=liver&foot=right", "?tab=Quiz"):
            with urllib.request.urlopen(url + query, timeout=30) as response:
                page = response.read().decode()
            assert response.status == 200 and '"token":"' in page
    assert "Traceback" not in log_path.read_text()


@pytest.mark.parametrize(
    ("headers", "early"),
    [
        ({"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"}, True),  # a browser opening it
        ({}, False),  # a health check, a script
        ({"Sec-Fetch-Dest": "document", "Sec-Purpose": "prefetch"}, False),  # may never be opened
        ({"Sec-Fetch-Dest": "document", "Purpose": "prefetch"}, False),
        ({"Sec-Fetch-Dest": "iframe"}, False),
    ],
)
def test_only_a_browser_opening_the_page_has_its_session_built_early(headers, early):
    request = HTTPServerRequest(
        start_line=RequestStartLine("GET", "/", "HTTP/1.1"), headers=HTTPHeaders({"Host": "x", **headers})
    )
    assert server._build_after(request) == (server.BUILD_AFTER_S if early else None)


class _Loop:
    """What _load_listening asks of a server's event loop: a thread to load on, and a stop."""

    def __init__(self):
        self.stopped = False
        self.switch_while_loading = None

    async def run_in_executor(self, executor, call):
        self.switch_while_loading = sys.getswitchinterval()
        return await asyncio.get_running_loop().run_in_executor(executor, call)

    def stop(self):
        self.stopped = True


def _load_listening(load):
    """server._load_listening on a stand-in server: (what it returned or raised, what it started
    with, the loop)."""
    from .aio import run

    fake = SimpleNamespace(io_loop=_Loop())
    started = []
    before = sys.getswitchinterval()
    try:
        outcome = run(server._load_listening(fake, load, started.append))
    except ChartError as exc:
        outcome = exc
    assert sys.getswitchinterval() == before  # given back, loaded or not
    return outcome, started, fake.io_loop


def test_a_chart_loaded_while_listening_starts_what_follows_it(chart):
    loaded, started, loop = _load_listening(lambda: chart)
    assert loaded is chart and started == [chart] and not loop.stopped
    # the loop's turns come back sooner while the thread imports
    assert loop.switch_while_loading == min(server.LOADING_SWITCH_S, sys.getswitchinterval())


def test_a_chart_that_fails_to_load_while_listening_stops_the_server():
    def load():
        raise ChartError([Problem("chart.json", "broken")])

    raised, started, loop = _load_listening(load)
    assert isinstance(raised, ChartError) and "broken" in str(raised)
    assert loop.stopped and not started  # no start-up lines, no shared parts
