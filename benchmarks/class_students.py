"""Light class students for bench_class: raw websockets speaking just enough of Bokeh's protocol.

Each student is what a page is to the server (an HTTP GET of ``/?class=CODE`` for its session
token, a websocket to ``/ws`` that pulls the document and says ``document_ready``, then takes
every patch), but none of what a browser then does: frames are read as bytes, never decoded or
parsed as JSON, and only searched for the markers of the click being timed. So the students' own
CPU stays small, and it is counted apart from the server's: they run in a process of their own
(:class:`StudentProcess`), which reports its CPU time beside the arrival times.

Arrival times are ``time.monotonic()``, the same clock in every process on the machine, so the
benchmark compares them with the moment of the teacher's click in its own process.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import multiprocessing
import os
import re
import struct
import time
import urllib.parse
import urllib.request

TOKEN = re.compile(r'"token":"([^"]+)"')
# what a page says once it has drawn the document; Panel sends a session's changes after it
READY = (
    {"msgid": "2", "msgtype": "PATCH-DOC"},
    {},
    {
        "events": [
            {
                "kind": "MessageSent",
                "msg_type": "bokeh_event",
                "msg_data": {
                    "type": "event",
                    "name": "document_ready",
                    "values": {"type": "map", "entries": []},
                },
            }
        ]
    },
)
TEXT, BINARY, CLOSE, PING, PONG = 1, 2, 8, 9, 10


def markers(zone_id: str, row: int) -> tuple[bytes, re.Pattern]:
    """What a patch carries for a zone, as bytes on the wire: its details' HTML (as it travels in
    JSON) and its row sent ahead: the class's one message for every student, or (before it, and
    for one page's own catch-up) the details' ``lead``."""
    ahead = rb'(?:"msg_type":"reflexmap-class-lead","msg_data"|"attr":"lead","new"):\[\d+,%d\]' % row
    return f'data-zone=\\"{zone_id}\\"'.encode(), re.compile(ahead)


def _frame(opcode: int, payload: bytes) -> bytes:
    """A client's frame: masked, as RFC 6455 requires of a client."""
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 1 << 16:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + mask + masked


class Student:
    """One session's websocket: records when each click's zone first shows (``seen``: its row
    ahead, or its details' HTML) and when its full update arrives (``full``), by click number."""

    def __init__(self, url: str, code: str):
        self.url, self.code = url, code
        self.seen: dict[int, float] = {}
        self.full: dict[int, float] = {}
        self.watch: tuple[int, bytes, re.Pattern] | None = None
        self.reader = self.writer = None

    async def join(self) -> None:
        page = await asyncio.to_thread(_get, f"{self.url}?class={self.code}")
        await self._open(f"ws?class={self.code}", TOKEN.search(page).group(1))
        for part in ({"msgid": "1", "msgtype": "PULL-DOC-REQ"}, {}, {}, *READY):
            self.writer.write(_frame(TEXT, json.dumps(part).encode()))
        await self.writer.drain()
        # joined once the document has come, as a page has it before it shows anything: a server
        # still sending documents while the clicks are timed would be timed too
        while (message := await self._read()) is not None and b'"PULL-DOC-REPLY"' not in message[1]:
            pass

    async def _open(self, path: str, token: str) -> None:
        """Open the session's websocket at ``path`` with the page's ``token``; read the ACK."""
        parts = urllib.parse.urlsplit(self.url)
        self.reader, self.writer = await asyncio.open_connection(parts.hostname, parts.port, limit=1 << 24)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path}{path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: bokeh, {token}\r\n\r\n"
        )
        self.writer.write(request.encode())
        answer = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in answer.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"websocket refused: {answer[:200]!r}")
        await self._read()  # the server's ACK, header first

    async def _read(self) -> tuple[int, bytes] | None:
        """The next whole message's opcode and payload (continuations joined); None at the end."""
        opcode, data = None, b""
        while True:
            try:
                b0, b1 = await self.reader.readexactly(2)
            except (asyncio.IncompleteReadError, ConnectionError):
                return None
            n = b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack(">H", await self.reader.readexactly(2))
            elif n == 127:
                (n,) = struct.unpack(">Q", await self.reader.readexactly(8))
            payload = await self.reader.readexactly(n)
            op = b0 & 0x0F
            if op == PING:
                self.writer.write(_frame(PONG, payload))
                continue
            if op == CLOSE:
                return None
            if op != 0:
                opcode = op
            data += payload
            if b0 & 0x80:
                return opcode, data

    async def listen(self) -> None:
        while (message := await self._read()) is not None:
            opcode, data = message
            if not (self.watch and opcode == TEXT):
                continue
            click, details, lead = self.watch
            if details in data:
                now = time.monotonic()
                self.full.setdefault(click, now)
                self.seen.setdefault(click, now)
            elif lead.search(data):
                self.seen.setdefault(click, time.monotonic())

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


def _cpu_s() -> float:
    times = os.times()
    return times.user + times.system


async def _serve(conn, url: str, code: str, n: int, join_timeout: float) -> None:
    """The students' side of the pipe: join, then answer the benchmark's requests until "stop"."""
    members = [Student(url, code) for _ in range(n)]
    loop = asyncio.get_running_loop()

    async def all_join() -> None:
        for start in range(0, n, 5):  # five at a time, as a class arrives
            await asyncio.gather(*(s.join() for s in members[start : start + 5]))

    started = time.monotonic()
    with contextlib.suppress(TimeoutError):  # the budget is spent: measure the class that made it in
        await asyncio.wait_for(all_join(), join_timeout)
    members = [s for s in members if s.writer is not None]
    tasks = [asyncio.ensure_future(s.listen()) for s in members]
    conn.send(("joined", len(members), time.monotonic() - started))
    requests: asyncio.Queue = asyncio.Queue()
    loop.add_reader(conn.fileno(), lambda: requests.put_nowait(conn.recv()))
    while True:
        what, *args = await requests.get()
        if what == "expect":
            click, zone_id, row = args
            for s in members:
                s.watch = (click, *markers(zone_id, row))
            conn.send(("ok",))
        elif what == "report":
            (click,) = args
            conn.send(
                (
                    [s.seen[click] for s in members if click in s.seen],
                    [s.full[click] for s in members if click in s.full],
                )
            )
        elif what == "cpu":
            conn.send((_cpu_s(),))
        else:
            for s in members:
                s.close()
            for task in tasks:
                task.cancel()
            conn.send(("stopped",))
            return


def _main(conn, url: str, code: str, n: int, join_timeout: float) -> None:
    asyncio.run(_serve(conn, url, code, n, join_timeout))


class StudentProcess:
    """``n`` light students of class ``code`` in a process of their own, driven over a pipe."""

    def __init__(self, url: str, code: str, n: int, join_timeout: float):
        self.conn, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("spawn").Process(
            target=_main, args=(theirs, url, code, n, join_timeout), daemon=True
        )
        self.process.start()
        _, self.n, self.join_s = self._wait(join_timeout + 60)

    def _wait(self, timeout: float = 60):
        if not self.conn.poll(timeout):
            raise TimeoutError("the students' process did not answer")
        return self.conn.recv()

    def expect(self, click: int, zone_id: str, row: int) -> None:
        self.conn.send(("expect", click, zone_id, row))
        self._wait()

    def report(self, click: int) -> tuple[list[float], list[float]]:
        """Arrival times (monotonic) of click ``click``: the zone seen, the full update."""
        self.conn.send(("report", click))
        return self._wait()

    def cpu_s(self) -> float:
        """The students' process's CPU seconds so far."""
        self.conn.send(("cpu",))
        return self._wait()[0]

    def close(self) -> None:
        try:
            self.conn.send(("stop",))
            self._wait(10)
        finally:
            self.process.join(10)
            if self.process.is_alive():
                self.process.kill()
