"""Which browsers' websockets `reflexmap serve` accepts: --allow-origin, BOKEH_ALLOW_WS_ORIGIN,
what it prints at start-up, and one real server answering upgrade requests."""

from __future__ import annotations

import pytest
from bokeh.settings import settings

from reflexmap.cli import main
from reflexmap.dashboard import origins, server
from reflexmap.dashboard.origins import parse_origins, remote_access_note
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
        ("[::1]:5006", "is not host[:port]"),
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


def test_allowed_origins_adds_extra_ones_once():
    assert allowed_origins("127.0.0.1", 5006, ["a.test:5006", "localhost:5006", "a.test:5006"]) == [
        "127.0.0.1:5006",
        "localhost:5006",
        "a.test:5006",
    ]


# --- what serve() prints ------------------------------------------------------------------------


class Stop(Exception):
    pass


@pytest.fixture
def started(monkeypatch):
    """Calls serve() up to where it would start the server; returns what Panel was given."""
    given = {}

    def fake_serve(*_args, **kwargs):
        given.update(kwargs)
        raise Stop

    monkeypatch.setattr(server.pn, "serve", fake_serve)

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
    assert given["websocket_origin"] == expected
    # Bokeh checks a connection against this setting when it is set, not against websocket_origin
    assert settings.allowed_ws_origin() == expected
    out = capsys.readouterr().out
    assert accepting(out).startswith(
        f"reflexmap: accepting websocket connections from: {', '.join(expected)} ({ENV} included)"
    )
    assert "warning" not in out and "note:" not in out


def test_serve_on_all_interfaces_without_origins_says_which_flag_to_add(
    started, default_map, capsys, monkeypatch
):
    monkeypatch.setattr(origins, "lan_address", lambda: "192.168.1.20")
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: False)
    started(default_map, port=5006, address="0.0.0.0")
    out = capsys.readouterr().out
    assert accepting(out) == "reflexmap: accepting websocket connections from: 0.0.0.0:5006"
    assert (
        "reflexmap: warning: browsers on other machines will be refused (the page opens, the chart "
        "never does): add --allow-origin 192.168.1.20:5006\n"
    ) in out


def test_the_note_depends_on_the_address_and_on_tornado(monkeypatch):
    for loopback in ("127.0.0.1", "localhost", "::1"):
        assert remote_access_note(loopback, 5006) is None
    monkeypatch.setattr(origins, "lan_address", lambda: None)
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: False)
    assert "add --allow-origin HOST:5006, HOST being the address" in remote_access_note("0.0.0.0", 5006)
    note = remote_access_note("192.168.1.20", 5006)
    assert "accepted at http://192.168.1.20:5006/ only" in note and "--allow-origin NAME:5006" in note
    monkeypatch.setattr(origins, "tornado_accepts_same_host", lambda: True)
    note = remote_access_note("192.168.1.20", 5006)
    assert "connect here directly are accepted" in note and "--allow-origin 192.168.1.20:5006" in note


def test_lan_address_is_never_loopback(monkeypatch):
    found = origins.lan_address()
    assert found is None or not origins.is_loopback(found)

    class NoRoute:
        def __init__(self, *_args):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

        def connect(self, _address):
            raise OSError("Network is unreachable")

    monkeypatch.setattr(origins.socket, "socket", NoRoute)
    monkeypatch.setattr(origins.socket, "gethostbyname", lambda _name: "127.0.1.1")
    assert origins.lan_address() is None
    monkeypatch.setattr(origins.socket, "gethostbyname", lambda _name: "192.168.1.20")
    assert origins.lan_address() == "192.168.1.20"


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
        # what the start-up line claims about a page at the address it connects to
        same_host = status(f"http://other.test:{port}", host=f"other.test:{port}")
        assert same_host == (101 if origins.tornado_accepts_same_host() else 403)
    log = running.log_path.read_text()
    assert (
        "reflexmap: accepting websocket connections from: "
        f"127.0.0.1:{port}, localhost:{port}, example.test:{port}, env.test ({ENV} included)"
    ) in log
    assert "Refusing websocket connection from Origin 'http://other.test" in log
    assert "Traceback" not in log
