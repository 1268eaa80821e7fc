"""Receiving an uploaded chart over plain HTTP, beside the websocket.

Sent through a Panel ``FileInput``, a 4 MB chart reached the server as one 5.6 MB websocket
message: base64 in JSON, parsed, checked as a Bokeh property and decoded on the event loop every
user shares, and kept in the session's document afterwards. Here the page's picker posts the file
itself to ``POST /upload``: Tornado streams the body into memory in small chunks, each a moment's
work, and the session takes the bytes from its inbox when the page tells it over the websocket
that they are there (a message of a few bytes).

A post is accepted only

- with the per-session token that the session's picker holds (a random value sent to that page
  alone; no address carries it), in the ``X-Reflexmap-Upload`` header: a header a page on another
  site cannot send without a CORS preflight, which this handler does not answer;
- from a page of this server (its ``Origin`` names the Host it asked, or an allowed origin), the
  Host itself having been checked for every request (see :mod:`.hosts`);
- up to the session's limit for what it takes (:attr:`Inbox.max_bytes`: 5 MB for a chart), counted
  as the bytes arrive.

With ``--num-procs`` > 1 a post may reach another server process than the session's: that one
does not know the token and answers 421 with ``Connection: close``, and the page posts again on
a new connection (see :mod:`.file_picker`).
"""

from __future__ import annotations

import json
import logging
import secrets
import weakref
from typing import Protocol
from urllib.parse import unquote, urlparse

from bokeh.server.util import check_allowlist
from bokeh.settings import settings
from tornado.web import RequestHandler, stream_request_body

from ..charts import MAX_FILE_BYTES

log = logging.getLogger("reflexmap.dashboard.upload")

PATH = "/upload"
TOKEN_HEADER = "X-Reflexmap-Upload"
NAME_HEADER = "X-Reflexmap-Filename"
MAX_NAME_CHARS = 1000
"""A file name is cut to this many characters (no system names files longer)."""


class Inbox(Protocol):
    """What a session's picker offers the handler: whether it takes a file now, and the file."""

    max_bytes: int
    """The largest file it takes."""

    def refusal(self) -> str:
        """Why no file is taken now ('' when one is): the page shows it."""

    def deliver(self, filename: str, data: bytes) -> None:
        """Keep ``data`` until the session asks for it."""


_inboxes: weakref.WeakValueDictionary[str, Inbox] = weakref.WeakValueDictionary()


def open_inbox(inbox: Inbox) -> str:
    """A new token for ``inbox``; it lapses when the inbox is closed or garbage collected (its
    session ended)."""
    token = secrets.token_urlsafe(24)
    _inboxes[token] = inbox
    return token


def close_inbox(token: str) -> None:
    _inboxes.pop(token, None)


def _same_site(origin: str, host: str) -> bool:
    """Whether the page at ``origin`` may post here: the Host it asked for, or an allowed origin."""
    netloc = urlparse(origin).netloc.lower()
    if not netloc:  # "null" (a file:// page, a sandbox) or no Origin: no page of this server
        return False
    allowed = settings.allowed_ws_origin() or []
    return netloc == host.lower() or check_allowlist(netloc, allowed)


@stream_request_body
class UploadHandler(RequestHandler):
    """``POST /upload``: one chart file for the session whose token comes with it. Answers JSON,
    ``{"ok": true}`` or ``{"error": code, "reason": text}``, the reason in English for logs (the page
    words its own message); a post without a body is a probe, answered 204 where the session is."""

    def prepare(self) -> None:
        self._data = bytearray()
        self._inbox: Inbox | None = None
        self._limit = MAX_FILE_BYTES
        # a refusal found before the body is read, answered after it (a browser still sending when
        # the connection closes reports a network error, not the answer)
        self._refusal: tuple[int, str, str] | None = None
        if self.request.method != "POST":
            return  # Tornado answers 405
        if not _same_site(self.request.headers.get("Origin", ""), self.request.host or ""):
            self._refuse(403, "origin", "not posted by a page of this server")
            return
        inbox = _inboxes.get(self.request.headers.get(TOKEN_HEADER, ""))
        self._limit = inbox.max_bytes if inbox is not None else MAX_FILE_BYTES
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self._limit:
            # the page checks the size before it sends: not worth reading
            self.set_header("Connection", "close")
            self._refuse(413, "too_large", f"{length} bytes; the limit is {self._limit}")
            return
        # a body without a length is counted as it comes; well past the limit, Tornado drops the
        # connection instead of reading on
        self.request.connection.set_max_body_size(self._limit + 65_536)
        if inbox is None:
            # another process's session (--num-procs), or one that has ended: the page posts again
            # on a new connection, which may reach the right process
            self.set_header("Connection", "close")
            self._refusal = (421, "elsewhere", "no session of this process has that token")
        elif held := inbox.refusal():
            self._refusal = (409, "held", held)
        else:
            self._inbox = inbox

    def data_received(self, chunk: bytes) -> None:
        if self._inbox is None:
            return  # refused: read and dropped
        if len(self._data) + len(chunk) > self._limit:
            self._inbox, self._data = None, bytearray()
            self._refusal = (413, "too_large", f"over {self._limit} bytes")
            return
        self._data += chunk

    def post(self) -> None:
        if self._refusal:
            self._refuse(*self._refusal)
            return
        if not self._data:
            # a probe (see file_picker): this process has the session
            self.set_status(204)
            self.finish()
            return
        name = unquote(self.request.headers.get(NAME_HEADER, ""))[:MAX_NAME_CHARS] or "upload.geojson"
        self._inbox.deliver(name, bytes(self._data))
        self._data = bytearray()
        self.finish({"ok": True})

    def _refuse(self, status: int, code: str, reason: str) -> None:
        # a post that reached another process (421) is routine with --num-procs; the rest are not
        level = logging.DEBUG if status == 421 else logging.INFO
        log.log(level, "refused an upload from %s: %s (%s)", self.request.remote_ip, reason, status)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": code, "reason": reason}))


ROUTE = (PATH, UploadHandler)
"""The route to add to the server's extra patterns."""
