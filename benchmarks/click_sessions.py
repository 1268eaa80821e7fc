"""Light map-clicking sessions for bench_click: raw websockets that tap the map as a page does.

Each session is what a page is to the server (an HTTP GET of ``/`` for its session token, a
websocket that pulls the document and says ``document_ready``), and a tap is the very message a
page sends for one (the map's tap reporter's ``tap`` set to ``[count, x, y]``, display
coordinates), but nothing else of a browser runs: the document is parsed once to find the tap
reporter, answers are read as bytes. The server's answer to a tap is the first document patch
after it. They run in a process of their own (:class:`ClickerProcess`), so their CPU is not the
server's and the server is driven the way a hundred separate computers would drive it.

Times are ``time.monotonic()`` in the clickers' process: from writing the tap to reading the
answer's last frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import time

from class_students import READY, TEXT, TOKEN, Student, _cpu_s, _frame, _get


def _find_reporter(node) -> str | None:
    """The id of the map's tap reporter's model in a pulled document (it alone has both of these)."""
    if isinstance(node, dict):
        attributes = node.get("attributes")
        if isinstance(attributes, dict) and {"channel", "index"} <= attributes.keys():
            return node["id"]
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        if (found := _find_reporter(child)) is not None:
            return found
    return None


class Clicker(Student):
    """One page's websocket that taps the map and times the server's answer."""

    def __init__(self, url: str):
        super().__init__(url, "")
        self.reporter = ""
        self.count = 0
        self.msgid = 100

    async def join(self, tries: int = 3) -> None:
        """Open the session; a loaded server may drop a websocket before its document: try again."""
        for attempt in range(tries):
            try:
                return await self._join()
            except (RuntimeError, ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if attempt == tries - 1:
                    raise

    async def _join(self) -> None:
        page = await asyncio.to_thread(_get, self.url)
        token = TOKEN.search(page).group(1)
        await self._open("ws", token)
        for part in ({"msgid": "1", "msgtype": "PULL-DOC-REQ"}, {}, {}, *READY):
            self.writer.write(_frame(TEXT, json.dumps(part).encode()))
        await self.writer.drain()
        while (message := await self._read()) is not None:
            if b'"PULL-DOC-REPLY"' in message[1]:
                await self._read()  # metadata
                content = (await self._read())[1]
                self.reporter = _find_reporter(json.loads(content))
                break
        if not self.reporter:
            raise RuntimeError(f"no tap reporter in the document ({message and message[1][:200]!r})")
        await asyncio.sleep(0.5)
        await self._drain_pending()

    async def _drain_pending(self) -> None:
        """Read whatever the server sent after the document (its first-load changes)."""
        while True:
            try:
                await asyncio.wait_for(self._read(), 0.3)
            except TimeoutError:
                return

    async def tap(self, x: float, y: float) -> float:
        """Tap at display ``(x, y)``; seconds until the server's answer (a patch) has arrived."""
        self.count += 1
        self.msgid += 1
        event = {"kind": "ModelChanged", "model": {"id": self.reporter}, "attr": "tap"}
        event["new"] = [self.count, x, y]
        parts = ({"msgid": str(self.msgid), "msgtype": "PATCH-DOC"}, {}, {"events": [event]})
        started = time.monotonic()
        for part in parts:
            self.writer.write(_frame(TEXT, json.dumps(part).encode()))
        await self.writer.drain()
        while (message := await self._read()) is not None:
            if b'"PATCH-DOC"' in message[1]:
                await self._read()  # metadata
                await self._read()  # content: the answer is in
                return time.monotonic() - started
        raise ConnectionError("the server closed the session")


async def _serve(conn, url: str, n: int) -> None:
    """The clickers' side of the pipe: join, then tap as the benchmark asks until "stop"."""
    sessions = [Clicker(url) for _ in range(n)]
    for start in range(0, n, 5):  # five at a time, as a class arrives
        await asyncio.gather(*(s.join() for s in sessions[start : start + 5]))
    conn.send(("joined", len(sessions)))
    loop = asyncio.get_running_loop()
    requests: asyncio.Queue = asyncio.Queue()
    loop.add_reader(conn.fileno(), lambda: requests.put_nowait(conn.recv()))
    while True:
        what, *args = await requests.get()
        if what == "one":  # session 0 taps each point in turn, each after the last answer
            (points,) = args
            conn.send([await sessions[0].tap(x, y) for x, y in points])
        elif what == "burst":  # every session taps its own point at once
            (points,) = args
            taps = [s.tap(*points[i % len(points)]) for i, s in enumerate(sessions)]
            conn.send(list(await asyncio.gather(*taps)))
        elif what == "cpu":
            conn.send(_cpu_s())
        else:
            for s in sessions:
                s.close()
            conn.send("stopped")
            return


def _main(conn, url: str, n: int) -> None:
    try:
        asyncio.run(_serve(conn, url, n))
    except Exception as error:  # said to the benchmark, which would otherwise wait in vain
        conn.send(("failed", repr(error)))
        raise


class ClickerProcess:
    """``n`` light clicking sessions of the page at ``url``, in a process of their own."""

    def __init__(self, url: str, n: int, timeout: float = 1800):
        self.conn, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("spawn").Process(
            target=_main, args=(theirs, url, n), daemon=True
        )
        self.process.start()
        self.n = self._wait(timeout)[1]

    def _wait(self, timeout: float = 300):
        if not self.conn.poll(timeout):
            raise TimeoutError("the clickers' process did not answer")
        answer = self.conn.recv()
        if isinstance(answer, tuple) and answer[0] == "failed":
            raise RuntimeError(f"the clickers failed: {answer[1]}")
        return answer

    def one_by_one(self, points: list[tuple[float, float]]) -> list[float]:
        """The first session taps each point, each after the answer to the one before: seconds each."""
        self.conn.send(("one", points))
        return self._wait()

    def burst(self, points: list[tuple[float, float]]) -> list[float]:
        """Every session taps at once (session i at point i): seconds to each one's answer."""
        self.conn.send(("burst", points))
        return self._wait()

    def cpu_s(self) -> float:
        self.conn.send(("cpu",))
        return self._wait()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(("stop",))
            self._wait(10)
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
