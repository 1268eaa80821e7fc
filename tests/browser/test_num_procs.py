"""`reflexmap serve --num-procs 2`: Bokeh forks two server processes sharing the port."""

from __future__ import annotations

import json
import os
import re
import signal
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import Page, assert_no_traceback, run_server

pytestmark = pytest.mark.browser

# with several processes each log line names the process that wrote it
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regional_chart.geojson"
SERVED = re.compile(r"\[(\d+)\] INFO tornado\.access: (?:200 GET /|101 GET /ws)[ ?]")


def served_by(log_path: Path) -> dict[str, set[int]]:
    """The pids that rendered a page (``GET /``) and that took a websocket (``GET /ws``)."""
    out: dict[str, set[int]] = {"page": set(), "ws": set()}
    for match in SERVED.finditer(log_path.read_text()):
        out["ws" if "/ws" in match.group(0) else "page"].add(int(match.group(1)))
    return out


def test_every_process_serves_the_app_and_sessions_get_their_own_answers(browser, chart):
    with run_server("--num-procs", "2", "--verbose") as server:
        url, log_path = server
        workers = server.pids()[1:]
        assert len(workers) == 2, f"expected the parent and two workers, got {server.pids()}"

        # Every GET / is answered by whichever process accepts it (each session is built later,
        # where its websocket lands); load pages four at a time until both processes served one.
        with ThreadPoolExecutor(4) as pool:
            for _ in range(5):
                list(pool.map(lambda _: urllib.request.urlopen(url, timeout=30).read(), range(4)))
                if served_by(log_path)["page"] >= set(workers):
                    break
        assert served_by(log_path)["page"] == set(workers), log_path.read_text()

        # Two people, one zone each: each sees its own details, whichever process holds its
        # session (the page and its websocket may even come from different processes).
        local = (url, f"blob:{url}", "data:")
        pages = []
        for zone_id, foot in (("heart", "left"), ("liver", "right")):
            context = browser.new_context(viewport={"width": 1024, "height": 768})
            page = Page(context.new_page())
            elsewhere: list[str] = []
            page.page.on("request", lambda r, out=elsewhere: r.url.startswith(local) or out.append(r.url))
            page.open(url)
            pages.append((page, context, zone_id, foot, elsewhere))
        for page, _, zone_id, foot, _ in pages:
            page.click_zone(chart, zone_id, foot)
        for page, context, zone_id, foot, elsewhere in pages:
            details = page.wait_details(zone_id, foot)
            assert chart.zone(zone_id, foot=foot).name in details.inner_text()
            assert page.page.locator("[data-testid=details]").count() == 1
            assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"
            assert not elsewhere, f"requests that left the server: {elsewhere}"
            # a chart posted over HTTP reaches the session's process, wherever the post lands first
            page.open(url + "?tab=About")
            page.page.locator("input[type=file]").set_input_files(str(EXAMPLE))
            page.page.locator("[data-testid=upload-ok]").wait_for(timeout=60_000)
            context.close()
        assert served_by(log_path)["ws"] <= set(workers)

        # `kill PID` of the parent alone (not its process group) stops the workers too
        os.kill(server.pid, signal.SIGTERM)
        deadline = time.time() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.time() < deadline:
            time.sleep(0.1)
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "workers outlived the parent"
    assert_no_traceback(log_path.read_text())
