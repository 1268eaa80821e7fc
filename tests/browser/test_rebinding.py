"""DNS rebinding in a real browser: a name that resolves to this computer but is not one of the
server's names gets the one-line refusal, never the app (issue 18, defect 2).

test_server_origins sends the hostile Host header by hand; here Chromium itself resolves the
names (``--host-resolver-rules``), as it would for a web page whose DNS answer was switched to
127.0.0.1, and sends what a browser sends.
"""

from __future__ import annotations

import pytest

from reflexmap.testing import CHROMIUM, CHROMIUM_ARGS, free_port, session_token
from reflexmap.testing import run_server as _run_server

from .conftest import ARTIFACTS, Page, assert_no_traceback

pytestmark = pytest.mark.browser

REFUSAL = "This reflexmap server does not answer to that host name."

# resolves when it opens, and says how it ended: a refused handshake never opens
WEBSOCKET_JS = """([url, token]) => new Promise((resolve) => {
  const socket = new WebSocket(url, ["bokeh", token]);
  socket.onopen = () => { socket.close(); resolve("open"); };
  socket.onclose = (event) => resolve(`closed ${event.code}`);
})"""


@pytest.fixture(scope="module")
def served():
    """A server that also answers to classroom.test (as behind a teacher's proxy); its port."""
    port = free_port()
    with _run_server("--allow-origin", f"classroom.test:{port}", log_dir=ARTIFACTS, port=port) as running:
        yield running, port
    assert_no_traceback(running.log_path.read_text())


@pytest.fixture(scope="module")
def rebinding_browser(playwright):
    """Chromium in which evil.example and classroom.test both resolve to this computer."""
    rules = "--host-resolver-rules=MAP evil.example 127.0.0.1, MAP classroom.test 127.0.0.1"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
    yield browser
    browser.close()


def test_a_page_through_a_rebinding_name_gets_the_refusal_not_the_app(rebinding_browser, served):
    running, port = served
    page = rebinding_browser.new_page()
    evil = f"http://evil.example:{port}"
    response = page.goto(evil + "/")
    assert response.status == 403
    assert page.locator("body").inner_text().strip() == REFUSAL  # this server's answer, not DNS's
    assert page.evaluate("() => typeof window.Bokeh") == "undefined"
    # nor does anything else answer that name: the app's script, an upload, its websocket (with a
    # session token the server did hand out)
    fetch = "([url, method]) => fetch(url, {method}).then((r) => r.status)"
    assert page.evaluate(fetch, [evil + "/static/extensions/panel/panel.min.js", "GET"]) == 403
    assert page.evaluate(fetch, [evil + "/upload", "POST"]) == 403
    token = session_token(running.url)
    assert page.evaluate(WEBSOCKET_JS, [f"ws://evil.example:{port}/ws", token]) == "closed 1006"
    refused = [line for line in running.log_path.read_text().splitlines() if "refused a request" in line]
    assert len(refused) >= 4 and all(f"Host 'evil.example:{port}'" in line for line in refused), refused
    page.close()


def test_the_same_browser_reaches_the_app_by_a_name_the_server_answers_to(rebinding_browser, served):
    """The control: a name mapped the same way, but allowed (--allow-origin), shows the app."""
    _running, port = served
    page = Page(rebinding_browser.new_page())
    page.open(f"http://classroom.test:{port}/")
    assert page.page.locator("canvas").count() > 0
    assert not page.errors, page.errors
    page.page.close()
