"""``POST /upload``: a chart file reaches its session's inbox over plain HTTP, streamed, and only
from a page of this server with that session's token, within the size limit."""

from __future__ import annotations

import gc
from urllib.parse import quote

import pytest
from tornado.httpclient import HTTPClientError
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application

from reflexmap.charts import MAX_FILE_BYTES
from reflexmap.dashboard import upload_route

from .aio import on_own_thread


class Inbox:
    def __init__(self, held: str = "", max_bytes: int = MAX_FILE_BYTES):
        self.held, self.files, self.max_bytes = held, [], max_bytes

    def refusal(self) -> str:
        return self.held

    def deliver(self, filename: str, data: bytes) -> None:
        self.files.append((filename, data))


class UploadRoute(AsyncHTTPTestCase):
    def run(self, result=None):
        return on_own_thread(lambda: super(UploadRoute, self).run(result))

    def get_app(self) -> Application:
        return Application([upload_route.ROUTE])

    def post(self, body: bytes, token: str, origin: str | None = "same", name: str = "chart.geojson"):
        headers = {upload_route.TOKEN_HEADER: token, upload_route.NAME_HEADER: quote(name)}
        if origin:
            headers["Origin"] = f"http://127.0.0.1:{self.get_http_port()}" if origin == "same" else origin
        return self.fetch(upload_route.PATH, method="POST", body=body, headers=headers, raise_error=False)

    def test_a_file_reaches_its_sessions_inbox(self):
        inbox = Inbox()
        token = upload_route.open_inbox(inbox)
        body = b'{"type": "FeatureCollection", "features": []}' * 20_000  # streamed in many chunks
        answer = self.post(body, token, name="Карта стоп.geojson")
        assert answer.code == 200, answer.body
        assert inbox.files == [("Карта стоп.geojson", body)]

    def test_an_unknown_token_is_sent_elsewhere_on_a_new_connection(self):
        # another process's session (--num-procs), or an ended one: nothing is delivered anywhere
        inbox = Inbox()
        upload_route.open_inbox(inbox)
        answer = self.post(b"{}", "not-a-token")
        assert answer.code == 421 and answer.headers["Connection"] == "close"
        assert inbox.files == []

    def test_pages_of_other_sites_and_clients_without_an_origin_are_refused(self):
        inbox = Inbox()
        token = upload_route.open_inbox(inbox)
        assert self.post(b"{}", token, origin=f"http://evil.example:{self.get_http_port()}").code == 403
        assert self.post(b"{}", token, origin="null").code == 403
        assert self.post(b"{}", token, origin=None).code == 403
        assert inbox.files == []

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self):
        inbox = Inbox()
        token = upload_route.open_inbox(inbox)
        try:
            answer = self.post(b" " * (MAX_FILE_BYTES + 1), token)
            status = answer.code
        except HTTPClientError as error:  # the server may close before the client has sent it all
            status = error.code
        assert status in (413, 599)
        assert inbox.files == []

    def test_each_inbox_has_its_own_limit(self):
        # a quiz progress file is at most 512 kB: a larger one is not even read
        inbox = Inbox(max_bytes=1_000)
        token = upload_route.open_inbox(inbox)
        assert self.post(b" " * 1_001, token).code == 413
        assert self.post(b" " * 1_000, token).code == 200
        assert [len(data) for _name, data in inbox.files] == [1_000]

    def test_a_held_picker_takes_no_file(self):
        inbox = Inbox(held="This page is in a class")
        token = upload_route.open_inbox(inbox)
        answer = self.post(b"{}", token)
        assert answer.code == 409 and b"held" in answer.body
        assert inbox.files == []

    def test_an_empty_post_is_a_probe_answered_where_the_session_is(self):
        inbox = Inbox()
        token = upload_route.open_inbox(inbox)
        assert self.post(b"", token).code == 204
        assert self.post(b"", "not-a-token").code == 421
        assert inbox.files == []

    def test_a_token_lapses_with_its_inbox(self):
        inbox = Inbox()
        token = upload_route.open_inbox(inbox)
        upload_route.close_inbox(token)
        assert self.post(b"{}", token).code == 421
        token = upload_route.open_inbox(inbox)
        del inbox  # the session ended and its picker went
        gc.collect()
        assert self.post(b"{}", token).code == 421


def test_tokens_are_unguessable_and_distinct():
    inboxes = [Inbox() for _ in range(50)]
    tokens = {upload_route.open_inbox(inbox) for inbox in inboxes}
    assert len(tokens) == 50 and all(len(t) >= 32 for t in tokens)


@pytest.mark.parametrize("allowed", [["classroom.local:5006"], ["*.local:5006"]])
def test_an_allowed_origin_may_post_through_a_proxy(allowed):
    # behind a proxy the Host is the proxy's: the page's origin must be one given with --allow-origin
    from bokeh.settings import settings

    settings.allowed_ws_origin.set_value(allowed)
    try:
        assert upload_route._same_site("http://classroom.local:5006", "127.0.0.1:5006")
        assert not upload_route._same_site("http://evil.example:5006", "127.0.0.1:5006")
    finally:
        settings.allowed_ws_origin.unset_value()
