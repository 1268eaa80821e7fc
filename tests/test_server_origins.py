"""Which browsers' websockets `reflexmap serve` accepts: --allow-origin, BOKEH_ALLOW_WS_ORIGIN,
what it prints at start-up, and one real server answering upgrade requests; and which Host
names it answers to at all (DNS rebinding)."""

from __future__ import annotations

import logging
import socket
import urllib.error
import urllib.request

import pytest
from bokeh.server.util import check_allowlist
from bokeh.settings import settings

from reflexmap.cli import main
from reflexmap.dashboard import hosts, origins, server
from reflexmap.dashboard.origins import (
    RefusedOriginHint,
    parse_origins,
    remote_access_note,
    serving_lines,
    url_host,
)
from reflexmap.dashboard.server import allowed_origins
from reflexmap.testing import free_port, run_server, session_token, websocket_handshake

ENV = "BOKEH_ALLOW_WS_ORIGIN"


@pytest.fixture(autouse=True)
def no_env_origins(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    yield
    settings.allowed_ws_origin.unset_value()  # serve() pins it for the whole process


# --- parsing and validation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.168.1.20:5006", ["192.168.1.20:5006"]),
        ("a.local:5006, Classroom.Local:8080,", ["a.local:5006", "classroom.local:8080"]),
        ("classroom.local", ["classroom.local"]),
        ("192.168.1.*:5006", ["192.168.1.*:5006"]),
        # as a browser writes an IPv6 Origin, which Bokeh then compares as a whole
        ("[::1]:5006, [FD00:0::20]:05006", ["[::1]:5006", "[fd00::20]:5006"]),
    ],
)
def test_parse_origins(text, expected):
    assert parse_origins(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("http://192.168.1.20:5006/", "has a scheme: give '192.168.1.20:5006', without http://"),
        ("classroom.local:5006/ws", "has a path: give 'classroom.local:5006'"),
        ("classroom.local:http", "the port must be a number from 1 to 65535"),
        ("classroom.local:70000", "the port must be a number from 1 to 65535"),
        ("::1:5006", "is not host[:port]"),
        ("[::1]", "an IPv6 origin needs its port, e.g. [::1]:5006"),
        ("[192.168.1.20]:5006", "'192.168.1.20' is not an IPv6 address"),
        ("[::1]:0", "the port must be a number from 1 to 65535"),
        ("class room:5006", "is not host[:port]"),
        (" , ", "no origin given"),
    ],
)
def test_parse_origins_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_origins(text)


@pytest.fixture
def serve_args(monkeypatch):
    """What the CLI passes to serve(), without starting a server."""
    calls = []
    monkeypatch.setattr(server, "serve", lambda chart, **kwargs: calls.append(kwargs))
    return calls


def test_allow_origin_is_repeatable_and_comma_separated(serve_args):
    argv = ["serve", "--no-browser", "--allow-origin", "a.test:1,b.test:2", "--allow-origin", "C.test"]
    assert main(argv) == 0
    assert serve_args[0]["allow_origins"] == ["a.test:1", "b.test:2", "c.test"]
    assert main(["serve", "--no-browser"]) == 0
    assert serve_args[1]["allow_origins"] == []
    assert serve_args[1]["address"] == "127.0.0.1"


def test_serve_takes_its_language_from_lang_or_the_environment(serve_args, monkeypatch):
    monkeypatch.delenv("REFLEXMAP_LANG", raising=False)
    assert main(["serve", "--no-browser"]) == 0
    monkeypatch.setenv("REFLEXMAP_LANG", "ru_RU.UTF-8")
    assert main(["serve", "--no-browser"]) == 0
    assert main(["serve", "--no-browser", "--lang", "en"]) == 0
    assert [call["lang"] for call in serve_args] == ["en", "ru", "en"]


def test_a_bad_allow_origin_is_a_usage_error(serve_args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--allow-origin", "http://192.168.1.20:5006"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --allow-origin: 'http://192.168.1.20:5006' has a scheme" in err
    assert not serve_args


def test_a_bad_environment_origin_stops_before_serving(serve_args, capsys, monkeypatch):
    monkeypatch.setenv(ENV, "192.168.1.20:5006,http://classroom.local")
    assert main(["serve", "--no-browser"]) == 2
    assert f"{ENV}: 'http://classroom.local' has a scheme" in capsys.readouterr().err
    assert not serve_args


def test_allowed_origins_of_ipv6_addresses_are_bracketed():
    assert allowed_origins("::1", 5006) == ["[::1]:5006", "localhost:5006", "127.0.0.1:5006"]
    assert allowed_origins("0:0:0:0:0:0:0:0", 5006) == ["[::1]:5006", "localhost:5006", "127.0.0.1:5006"]
    assert url_host("FD00:0::20") == "[fd00::20]" and url_host("Classroom.Local") == "classroom.local"


@pytest.mark.parametrize("address", ["127.0.0.2", "LOCALHOST"])
def test_every_loopback_address_accepts_localhost(address):
    assert {"localhost:5006", "127.0.0.1:5006"} <= set(allowed_origins(address, 5006))


def test_allowed_origins_adds_extra_ones_once():
    assert allowed_origins("127.0.0.1", 5006, ["a.test:5006", "localhost:5006", "a.test:5006"]) == [
        "127.0.0.1:5006",
        "localhost:5006",
        "a.test:5006",
    ]


@pytest.mark.parametrize(
    ("address", "extra", "origin"),
    [("fd00::20", [], "[fd00::20]"), ("::", ["[fd00::20]:80"], "[fd00::20]"), ("::", [], "[::1]")],
)
def test_an_ipv6_server_on_port_80_accepts_the_origin_browsers_send(address, extra, origin):
    """A browser leaves port 80 out of the Origin it sends (``http://[fd00::20]``)."""
    assert check_allowlist(origin, allowed_origins(address, 80, extra))
    assert not check_allowlist("[fd00::21]", allowed_origins(address, 80, extra))
    assert not check_allowlist(
        origin, allowed_origins(address, 8080, [e.replace(":80", ":8080") for e in extra])
    )


# --- what serve() prints ------------------------------------------------------------------------


class Stop(Exception):
    pass


PICKED = 45678  # the port a fake server binds for port 0


class FakeApplication:
    transforms: list = []  # noqa: RUF012  # serve() adds the page's language transform

    def find_handler(self, request):
        raise NotImplementedError


class FakeLoop:
    """A server's event loop before it starts: what serve() asks of it, kept, never run."""

    def __init__(self):
        self.later = []

    def call_later(self, delay, callback):
        self.later.append((delay, callback))


class FakeServer:
    def __init__(self, port: int):
        self.port = port or PICKED
        self._tornado = FakeApplication()
        self.io_loop = FakeLoop()

    def start(self):
        raise Stop


@pytest.fixture
def started(monkeypatch):
    """Calls serve() up to where it would start the server; returns what Panel was given."""
    given = {}

    def fake_serve(*_args, **kwargs):
        given.update(kwargs)
        return FakeServer(kwargs["port"])

    monkeypatch.setattr(server.pn, "serve", fake_serve)
    monkeypatch.setattr(server, "_page_template", lambda *_args, **_kw: None)  # it registers a global session

    def start(chart, **kwargs):
        with pytest.raises(Stop):
            server.serve(chart, open_browser=False, **kwargs)
        return given

    return start


def accepting(out: str) -> str:
    (line,) = [line for line in out.splitlines() if "accepting websocket connections" in line]
    return line


def test_serve_prints_the_origins_it_accepts_with_the_environment_ones(
    started, default_map, capsys, monkeypatch
):
    monkeypatch.setenv(ENV, "env.test, other.test:8080")
    given = started(default_map, port=5006, allow_origins=["example.test:5006"])
    expected = ["127.0.0.1:5006", "localhost:5006", "example.test:5006", "env.test", "other.test:8080"]
    assert given["port"] == 5006
    # Bokeh checks a connection against this setting when it is set, not against websocket_origin
    assert settings.allowed_ws_origin() == expected
    out = capsys.readouterr().out
    assert f"reflexmap: serving '{default_map.info.title}' at http://127.0.0.1:5006/\n" in out
    assert accepting(out).startswith(
        f"reflexmap: accepting websocket connections from: {', '.join(expected)} ({ENV} included)"
    )
    assert "warning" not in out and "note:" not in out


def test_serve_on_port_0_reports_and_accepts_the_port_it_got(started, default_map, capsys):
    started(default_map, port=0)
    expected = [f"127.0.0.1:{PICKED}", f"localhost:{PICKED}"]
    assert settings.allowed_ws_origin() == expected
    out = capsys.readouterr().out
    assert f"at http://127.0.0.1:{PICKED}/\n" in out
    assert accepting(out).startswith(
        f"reflexmap: accepting websocket connections from: {', '.join(expected)}"
    )
    assert ":0/" not in out and ":0," not in out


def test_serve_on_all_interfaces_without_origins_says_which_flag_to_add(
    started, default_map, capsys, monkeypatch
):
    monkeypatch.setattr(origins, "lan_addresses", lambda family: ["192.168.1.20"])
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: False)
    started(default_map, port=5006, address="0.0.0.0")
    out = capsys.readouterr().out
    assert "reflexmap: students open http://192.168.1.20:5006/ (or http://" in out
    assert "http://0.0.0.0" not in out
    assert accepting(out) == "reflexmap: accepting websocket connections from: 127.0.0.1:5006, localhost:5006"
    assert (
        "reflexmap: warning: browsers on other machines will be refused (the page opens, the chart "
        "never does): add --allow-origin 192.168.1.20:5006\n"
    ) in out


@pytest.mark.parametrize("address", ["0.0.0.0", "::"])
def test_serve_looks_this_computers_addresses_up_once(started, default_map, monkeypatch, address):
    """Each look-up may wait on the name service; the start-up lines and the Host check share one."""
    families = []
    monkeypatch.setattr(origins, "lan_addresses", lambda family: families.append(family) or ["fd00::20"])
    started(default_map, port=5006, address=address)
    assert families == [socket.AF_INET6 if address == "::" else socket.AF_INET]


def test_the_note_depends_on_the_address_and_on_tornado(monkeypatch):
    for loopback in ("127.0.0.1", "localhost", "::1"):
        assert remote_access_note(loopback, 5006) is None
    monkeypatch.setattr(origins, "lan_addresses", lambda family: [])
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: False)
    assert "add --allow-origin HOST:5006, HOST being the address" in remote_access_note("0.0.0.0", 5006)
    monkeypatch.setattr(origins, "lan_addresses", lambda family: {socket.AF_INET6: ["fd00::20"]}[family])
    assert "add --allow-origin [fd00::20]:5006" in remote_access_note("::", 5006)
    note = remote_access_note("192.168.1.20", 5006)
    assert "accepted at http://192.168.1.20:5006/ only" in note and "--allow-origin NAME:5006" in note
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: True)
    note = remote_access_note("192.168.1.20", 5006)
    assert "connect here directly are accepted" in note and "--allow-origin 192.168.1.20:5006" in note


def test_on_every_interface_students_get_addresses_they_can_open(monkeypatch):
    found = {socket.AF_INET: ["192.168.1.20", "10.0.0.5"], socket.AF_INET6: ["fd00::20"]}
    monkeypatch.setattr(origins, "lan_addresses", lambda family: found[family])
    monkeypatch.setattr(origins.socket, "gethostname", lambda: "Classroom")
    assert serving_lines("Chart", "0.0.0.0", 5006) == [
        "serving 'Chart' on every IPv4 interface of this computer, port 5006",
        "students open http://192.168.1.20:5006/ or http://10.0.0.5:5006/ "
        "(or http://classroom:5006/ if their network knows this computer's name)",
        "on this computer: http://127.0.0.1:5006/",
    ]
    lines = serving_lines("Chart", "::", 5006)
    assert lines[1].startswith("students open http://[fd00::20]:5006/ (or")
    assert lines[2] == "on this computer: http://[::1]:5006/"
    found[socket.AF_INET] = []
    assert serving_lines("Chart", "0.0.0.0", 5006)[1] == (
        "no IPv4 network address of this computer was found; "
        "students may open http://classroom:5006/ if their network knows this computer's name"
    )
    assert serving_lines("Chart", "::1", 5006) == ["serving 'Chart' at http://[::1]:5006/"]


def test_lan_addresses_are_never_loopback_nor_link_local(monkeypatch):
    for family in (socket.AF_INET, socket.AF_INET6):
        assert not any(origins.is_loopback(found) for found in origins.lan_addresses(family))

    class NoRoute:
        def __init__(self, *_args):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

        def connect(self, _address):
            raise OSError("Network is unreachable")

    def resolving_to(*addresses):
        return lambda _name, _port, family: [(family, 0, 0, "", (a, 0)) for a in addresses]

    monkeypatch.setattr(origins.socket, "socket", NoRoute)
    monkeypatch.setattr(origins.socket, "getaddrinfo", resolving_to("127.0.1.1"))
    assert origins.lan_addresses() == []
    monkeypatch.setattr(origins.socket, "getaddrinfo", resolving_to("192.168.1.20", "127.0.1.1", "10.0.0.5"))
    assert origins.lan_addresses() == ["192.168.1.20", "10.0.0.5"]
    monkeypatch.setattr(origins.socket, "getaddrinfo", resolving_to("fe80::1%eth0", "::1", "FD00::20"))
    assert origins.lan_addresses(socket.AF_INET6) == ["fd00::20"]


def _refusal(origin: str, host: str) -> logging.LogRecord:
    """The record Bokeh 3.9 logs (bokeh/server/views/ws.py) when it refuses an Origin."""
    return logging.LogRecord(
        "bokeh.server.views.ws",
        logging.ERROR,
        "ws.py",
        119,
        "Refusing websocket connection from Origin '%s';                     use "
        "--allow-websocket-origin=%s or set BOKEH_ALLOW_WS_ORIGIN=%s to permit this; "
        "currently we allow origins %r",
        (origin, host, host, {"localhost:5006", "127.0.0.1:5006"}),
        None,
    )


def test_a_refused_origin_is_logged_with_reflexmaps_flag():
    record = _refusal("http://classroom.local:5006", "classroom.local:5006")
    assert RefusedOriginHint().filter(record)
    message = record.getMessage()
    assert message.startswith("Refusing websocket connection from Origin 'http://classroom.local:5006';")
    assert "restart reflexmap serve with --allow-origin classroom.local:5006 (or add it to" in message
    assert message.endswith("accepted now: 127.0.0.1:5006, localhost:5006")
    assert "--allow-websocket-origin" not in message
    record = _refusal("null", "")  # a page opened from a file
    RefusedOriginHint().filter(record)
    assert "--allow-origin HOST[:PORT]" in record.getMessage()
    record = _refusal("http://*", "*")  # a client may send any Origin: never advise allowing all
    RefusedOriginHint().filter(record)
    assert "--allow-origin HOST[:PORT]" in record.getMessage()
    other = logging.LogRecord("bokeh.server.views.ws", logging.ERROR, "ws.py", 1, "other %s", ("x",), None)
    assert RefusedOriginHint().filter(other) and other.getMessage() == "other x"


# --- a real server --------------------------------------------------------------------------------


def test_a_server_accepts_the_allowed_origins_and_refuses_others(tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv(ENV, "env.test")  # inherited by the server; no port: any port
    args = ("--address", "127.0.0.1", "--allow-origin", f"example.test:{port}")
    with run_server(*args, log_dir=tmp_path, port=port) as running:
        token = session_token(running.url)

        def status(origin: str, host: str | None = None) -> int:
            return websocket_handshake(port, origin, token, host=host)

        assert status(f"http://example.test:{port}") == 101
        assert status("http://env.test:8123") == 101
        assert status(f"http://localhost:{port}") == 101  # the variable no longer replaces these
        assert status(f"http://other.test:{port}") == 403
        assert status(f"http://example.test:{port + 1}") == 403
        # what the start-up line claims about a page at the address it connects to (a name this
        # server answers to: a page at any other name is refused, see test_dns_rebinding_...)
        same_host = status(f"http://127.0.0.2:{port}", host=f"127.0.0.2:{port}")
        assert same_host == (101 if origins.tornado_accepts_same_host() else 403)
    log = running.log_path.read_text()
    assert (
        "reflexmap: accepting websocket connections from: "
        f"127.0.0.1:{port}, localhost:{port}, example.test:{port}, env.test ({ENV} included)"
    ) in log
    assert "Refusing websocket connection from Origin 'http://other.test" in log
    assert f"with --allow-origin other.test:{port} (or" in log and "--allow-websocket-origin" not in log
    assert "Traceback" not in log


def test_a_server_on_port_0_reports_and_accepts_the_port_it_got(tmp_path):
    with run_server(log_dir=tmp_path, port=0) as running:
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        assert port != 0
        token = session_token(running.url)
        # not the Host's own address, so Bokeh's allow-list decides
        assert websocket_handshake(port, f"http://localhost:{port}", token) == 101
    assert f"from: 127.0.0.1:{port}, localhost:{port}" in running.log_path.read_text()


def test_a_server_on_every_interface_accepts_the_page_this_computer_opens(tmp_path):
    with run_server(log_dir=tmp_path, port=0, address="0.0.0.0") as running:
        assert running.url.startswith("http://127.0.0.1:")  # "on this computer: ..."
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        token = session_token(running.url)
        # a Host other than the origin's, so Bokeh's allow-list decides, as with Tornado < 6.6
        host = f"localhost:{port}"
        assert websocket_handshake(port, f"http://127.0.0.1:{port}", token, host=host) == 101
        assert websocket_handshake(port, "http://elsewhere.test:5006", token, host=host) == 403
        # students type this computer's name
        assert _get(running.url, host=f"{socket.gethostname()}:{port}") == 200
    log = running.log_path.read_text()
    assert f"on every IPv4 interface of this computer, port {port}" in log
    assert "Traceback" not in log


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here")
def test_a_server_on_an_ipv6_address_accepts_its_bracketed_origin(tmp_path):
    with run_server(log_dir=tmp_path, port=0, address="::1") as running:
        assert running.url.startswith("http://[::1]:")
        port = int(running.url.rsplit(":", 1)[1].strip("/"))
        token = session_token(running.url)
        status = websocket_handshake(
            port, f"http://[::1]:{port}", token, host=f"localhost:{port}", address="::1"
        )
        assert status == 101
        assert websocket_handshake(port, "http://[::2]:5006", token, address="::1") == 403
    assert "Traceback" not in running.log_path.read_text()


# --- the Host header: DNS rebinding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:5006", True),
        ("localhost:5006", True),
        ("LOCALHOST", True),
        ("[::1]:5006", True),
        ("127.0.0.2:5006", True),
        ("evil.example:5006", False),
        ("evil.example", False),
        ("", False),
        ("localhost.evil.example:5006", False),
        ("classroom.local:8080", True),
        ("classroom.local:8081", False),
        ("192.168.1.7:5006", True),
        ("192.168.2.7:5006", False),
        ("[fd00::20]:5006", True),
        ("10.0.0.5:5006", True),  # the bound address, any port
    ],
)
def test_host_allowed(host, allowed):
    patterns = hosts.allowed_hosts("10.0.0.5", ["classroom.local:8080", "192.168.1.*", "[fd00::20]:5006"])
    assert hosts.host_allowed(host, patterns) is allowed


def test_every_interface_answers_to_this_computers_names(monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "Laptop")
    monkeypatch.setattr(origins, "lan_addresses", lambda family: ["192.168.1.20"])
    patterns = hosts.allowed_hosts("0.0.0.0")
    for host in ("laptop:5006", "laptop.local:5006", "192.168.1.20:5006"):
        assert hosts.host_allowed(host, patterns), host
    assert not hosts.host_allowed("evil.example:5006", patterns)


def _get(url: str, host: str) -> int:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_dns_rebinding_is_refused_for_pages_and_websockets(tmp_path):
    port = free_port()
    with run_server("--allow-origin", f"classroom.test:{port}", log_dir=tmp_path, port=port) as running:
        token = session_token(running.url)
        evil = f"evil.example:{port}"
        assert _get(running.url, host=evil) == 403
        assert _get(running.url + "static/extensions/panel/panel.min.js", host=evil) == 403
        assert websocket_handshake(port, f"http://{evil}", token, host=evil) == 403
        # the names the server answers to still work
        assert _get(running.url, host=f"localhost:{port}") == 200
        assert _get(running.url, host=f"classroom.test:{port}") == 200
        assert (
            websocket_handshake(port, f"http://classroom.test:{port}", token, host=f"classroom.test:{port}")
            == 101
        )
    log = running.log_path.read_text()
    refused = [line for line in log.splitlines() if "refused a request for Host" in line]
    assert len(refused) == 3 and all(f"'{evil}'" in line for line in refused)
    assert "--allow-origin" in refused[0] and "Traceback" not in log


def test_serve_speaks_the_language_it_is_given(started, default_map, capsys, monkeypatch):
    monkeypatch.setattr(origins, "lan_addresses", lambda family: ["192.168.1.20"])
    started(default_map, port=5006, address="0.0.0.0", lang="ru")
    out = capsys.readouterr().out
    title = default_map.translated("ru").info.title
    assert title != default_map.info.title
    assert f"reflexmap: карта «{title}» доступна на всех интерфейсах IPv4" in out
    assert "ученики открывают http://192.168.1.20:5006/" in out
    assert "принимаются websocket-подключения от: 127.0.0.1:5006" in out
    assert "reflexmap: для остановки нажмите Ctrl+C." in out
    # only the addresses, the flags and the title's own words are left in Latin letters
    for english in ("serving", "students", "accepting", "note:", "warning:", "press", "computer"):
        assert english not in out, english
