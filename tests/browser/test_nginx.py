"""deploy/nginx/reflexmap.conf in front of two reflexmap processes: sticky sessions, websockets.

Runs Debian's nginx as the current user with everything (pid, logs, temp folders) under tmp_path.
In CI (CI=true) a missing nginx is a failure; locally the test skips with the reason.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reflexmap.testing import free_port, session_token, websocket_handshake

from .conftest import Page, run_server

pytestmark = pytest.mark.browser

NGINX = "/usr/sbin/nginx"
TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "reflexmap.conf"
COOKIE = "reflexmap_backend"
OPENED = "WebSocket connection opened"
# one access-log line in the template's reflexmap_upstream format
LOG_LINE = re.compile(r'"\S+ (?P<path>\S+) [^"]*" (?P<status>\d+) .* id=(?P<id>\S+) upstream=(?P<up>\S+)$')


def nginx_config(tmp_path: Path, listen: int, backends: list[int]) -> Path:
    """The template with our ports and log path, inside a minimal main config rooted at tmp_path."""
    site = TEMPLATE.read_text()
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+;\n", site, flags=re.M)
    assert len(servers) >= 2, "the template's upstream should list several loopback backends"
    ours = "".join(f"    server 127.0.0.1:{port};\n" for port in backends)
    site = site.replace(servers[0], ours, 1)
    for line in servers[1:]:
        site = site.replace(line, "", 1)
    site, n_listen = re.subn(r"^(\s*)listen \S+;", rf"\1listen 127.0.0.1:{listen};", site, flags=re.M)
    site, n_log = re.subn(
        r"^(\s*)access_log \S+ reflexmap_upstream;",
        rf"\1access_log {tmp_path / 'access.log'} reflexmap_upstream;",
        site,
        flags=re.M,
    )
    assert (n_listen, n_log) == (1, 1), "the template should have one listen and one access_log line"
    (tmp_path / "reflexmap.conf").write_text(site)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "\n".join(f"    {kind}_temp_path {tmp_path / kind};" for kind in kinds)
    # As root, nginx would run its workers as "nobody", who cannot enter pytest's private tmp_path.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"{user}pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'} info;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n{temp_paths}\n    include {tmp_path / 'reflexmap.conf'};\n}}\n"
    )
    return main


@contextlib.contextmanager
def run_nginx(tmp_path: Path, conf: Path, url: str, timeout: float = 15):
    with open(tmp_path / "nginx.out", "w") as out:
        cmd = [NGINX, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")]
        proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + timeout
            while get(url + "favicon.ico") != 200:
                if proc.poll() is not None or time.time() > deadline:
                    logs = (tmp_path / "nginx.out").read_text() + _read(tmp_path / "error.log")
                    raise RuntimeError(f"nginx did not come up:\n{logs}")
                time.sleep(0.1)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def get(url: str, cookie: str | None = None) -> int | None:
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except OSError:
        return None


def post_upload(public: str, body: bytes) -> int | None:
    """The status of a chart upload posted through nginx, from its own page's origin."""
    headers = {"Origin": public.rstrip("/"), "X-Reflexmap-Upload": "not-a-session"}
    request = urllib.request.Request(public + "upload", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def access_log(tmp_path: Path) -> list[dict[str, str]]:
    lines = _read(tmp_path / "access.log").splitlines()
    return [m.groupdict() for m in map(LOG_LINE.search, lines) if m]


def upstream_of(tmp_path: Path, routing_id: str) -> str:
    ups = {r["up"] for r in access_log(tmp_path) if r["id"] == routing_id}
    assert len(ups) == 1, f"requests of {routing_id} went to {ups}"
    return ups.pop()


def probe_routes(public: str, tmp_path: Path, n: int = 24) -> dict[str, str]:
    """Routing ids ``probe-0``... sent twice each as cookies: {id: the one upstream it reached}."""
    for i in range(n):
        for _ in range(2):
            assert get(public + "favicon.ico", cookie=f"probe-{i}") == 200
    deadline = time.time() + 5  # nginx writes a line after its response
    while len({r["id"] for r in access_log(tmp_path) if r["id"].startswith("probe-")}) < n:
        assert time.time() < deadline, "the access log lacks probes"
        time.sleep(0.05)
    return {f"probe-{i}": upstream_of(tmp_path, f"probe-{i}") for i in range(n)}


def opened(log: Path) -> int:
    return log.read_text().count(OPENED)


def need_nginx() -> None:
    if not Path(NGINX).exists():
        message = f"nginx not found at {NGINX} (apt-get install -y nginx)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@contextlib.contextmanager
def behind_nginx(tmp_path: Path):
    """Two backends behind the template on a free port: yields (public URL, {upstream: log})."""
    need_nginx()
    port = free_port()
    public = f"http://127.0.0.1:{port}/"
    # what deploy/nginx/README.md tells operators to give every backend: the public origin
    with contextlib.ExitStack() as stack:
        backends = [stack.enter_context(run_server("--allow-origin", f"127.0.0.1:{port}")) for _ in range(2)]
        logs = {f"127.0.0.1:{url.rstrip('/').rsplit(':', 1)[1]}": log for url, log in backends}
        conf = nginx_config(tmp_path, port, [int(up.rsplit(":", 1)[1]) for up in logs])
        stack.enter_context(run_nginx(tmp_path, conf, public))
        yield public, logs
    for log in logs.values():
        text = log.read_text()
        assert "Traceback" not in text, f"a backend logged a traceback:\n{text}"
        assert "Refusing websocket" not in text, text
    assert "[emerg]" not in _read(tmp_path / "error.log")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One nginx and its two backends for the tests of this file (starting them is most of a
    test's time): yields (nginx's folder with its access log, public URL, {upstream: log}). Each
    test reads only the requests of its own pages: their routing ids, its class code."""
    folder = tmp_path_factory.mktemp("nginx")
    with behind_nginx(folder) as (public, logs):
        yield folder, public, logs


def test_nginx_spreads_browsers_over_backends_and_keeps_each_on_one(browser, chart, site):
    tmp_path, public, logs = site
    earlier = len(access_log(tmp_path))  # what the other tests of the site sent
    contexts = []
    try:
        # The backends accept the public origin by their own allow-list.
        for up in logs:
            token = session_token(f"http://{up}/")
            assert websocket_handshake(int(up.rsplit(":", 1)[1]), public.rstrip("/"), token) == 101, up

        # A chart upload (up to 5 MB, posted to /upload) passes nginx, whose own limit is 1 MB:
        # the backend answers (421: no session has that token), not nginx (413)
        assert post_upload(public, b" " * 4_900_000) == 421

        # Routing ids (the cookie's value) spread over both backends, each id always on one.
        by_id = probe_routes(public, tmp_path)
        assert set(by_id.values()) == set(logs), f"ids all went to {set(by_id.values())}"

        # A new browser is given a cookie; its page and its websocket reach one backend.
        before = {up: opened(log) for up, log in logs.items()}
        first = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(first)
        one = Page(first.new_page())
        one.open(public)
        one.click_zone(chart, "liver", "right")
        one.wait_details("liver", "right")
        (cookie,) = [c["value"] for c in first.cookies() if c["name"] == COOKIE]
        up_one = upstream_of(tmp_path, cookie)
        other = next(up for up in logs if up != up_one)
        assert {up: opened(log) - before[up] for up, log in logs.items()} == {up_one: 1, other: 0}

        # A second browser whose cookie routes it to the other backend: each sees its own zone.
        second = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(second)
        routed = next(i for i, up in by_id.items() if up == other)
        second.add_cookies([{"name": COOKIE, "value": routed, "url": public}])
        two = Page(second.new_page())
        two.open(public)
        two.click_zone(chart, "heart", "left")
        two.wait_details("heart", "left")
        assert {up: opened(log) - before[up] for up, log in logs.items()} == {up_one: 1, other: 1}
        one.still_shows(chart, "liver", "right")
        assert two.page.locator('[data-testid=details][data-zone="liver"]').count() == 0
        assert one.page.locator('[data-testid=details][data-zone="heart"]').count() == 0
        assert not one.errors and not two.errors, one.errors + two.errors
        assert not one.dialogs and not two.dialogs

        for context in contexts:
            context.close()
        contexts.clear()
        # nginx logs a websocket when it closes: each one went where its page came from
        deadline = time.time() + 10
        sockets: dict[str, set[str]] = defaultdict(set)
        while len(sockets) < 2 and time.time() < deadline:
            time.sleep(0.2)
            for r in access_log(tmp_path)[earlier:]:
                if r["path"].startswith("/ws") and r["status"] == "101":
                    sockets[r["id"]].add(r["up"])
        assert sockets == {cookie: {up_one}, routed: {other}}
        assert upstream_of(tmp_path, cookie) == up_one and upstream_of(tmp_path, routed) == other
    finally:
        for context in contexts:
            context.close()


def test_nginx_brings_every_page_of_a_class_to_one_backend(browser, chart, site):
    """The teacher's and the students' pages and websockets meet on the class's backend, whatever
    backend each browser's cookie names."""
    tmp_path, public, logs = site
    by_id = probe_routes(public, tmp_path)
    contexts = []
    try:
        pages = []
        for n, up in enumerate(sorted(logs) * 2):  # two browsers whose cookies name each backend
            context = browser.new_context(viewport={"width": 1024, "height": 768})
            contexts.append(context)
            routed = next(i for i, u in by_id.items() if u == up and i not in {c for _, c in pages})
            context.add_cookies([{"name": COOKIE, "value": routed, "url": public}])
            pages.append((Page(context.new_page()), routed))
            if n == 0:  # the first is the teacher: ?teach=1 becomes ?class=CODE&teach=1
                teacher = pages[0][0]
                teacher.page.goto(public + "?teach=1")
                teacher.page.wait_for_function("() => location.search.includes('class=')", timeout=30_000)
                teacher.ready()  # not opened again: that would be a second teacher's page
                # the page fills the link in from its own address after drawing the box: wait for it
                link_box = teacher.page.locator("[data-testid=class-link]")
                expect(link_box).to_have_value(re.compile(r"class=[A-Z0-9]+"), timeout=15_000)
                link = link_box.input_value()
                code = link.rsplit("=", 1)[1]
        students = [page for page, _ in pages[1:]]
        for student in students:
            student.open(link)
        teacher.click_zone(chart, "liver", "right")
        for student in students:
            student.wait_details("liver", "right")
        for page, _ in pages:
            assert not page.errors and not page.dialogs, page.errors + page.dialogs
    finally:
        for context in contexts:
            context.close()
    # every request naming the class went to one backend; nginx logs a websocket as it closes
    deadline = time.time() + 10
    while time.time() < deadline:
        sockets = [r for r in access_log(tmp_path) if r["path"].startswith(f"/ws?class={code}")]
        if len(sockets) >= len(pages):
            break
        time.sleep(0.2)
    # one socket per page: the teacher's first page (?teach=1) reopens itself at its class's
    # address, whose page is the one teacher's socket (the 2-3 seen before were the tests
    # opening that page again)
    assert sum("teach=1" in r["path"] for r in sockets) == 1, sockets
    assert sum("teach=1" not in r["path"] for r in sockets) == len(students), sockets
    home = upstream_of(tmp_path, code)
    assert {r["up"] for r in sockets} == {home}
    assert {by_id[c] for _, c in pages} == set(logs)  # though the cookies named both backends
