"""The server in its reader's language before any script runs: the page's ``<html lang>`` and
title per request (``?lang``, Accept-Language), the 403 host message, and ``serve --lang``'s lines."""

from __future__ import annotations

import urllib.error
import urllib.request
from html import escape

from reflexmap.dashboard.language import TITLE
from reflexmap.dashboard.page import ENGLISH_HTML, ENGLISH_TITLE, page_in
from reflexmap.i18n import translator
from reflexmap.testing import free_port, run_server

RUSSIAN_TITLE = translator("ru").gettext(TITLE)


def _get(url: str, **headers: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_page_in_sets_the_language_and_title_and_leaves_english_alone():
    page = f"<!DOCTYPE html>\n{ENGLISH_HTML} >\n<head>{ENGLISH_TITLE}</head>".encode()
    assert page_in(page, "en") == page
    russian = page_in(page, "ru").decode()
    assert '<html lang="ru"' in russian and f"<title>{escape(RUSSIAN_TITLE)}</title>" in russian
    assert RUSSIAN_TITLE != TITLE and TITLE not in russian


def test_a_served_page_speaks_its_readers_language_from_the_first_byte(tmp_path):
    port = free_port()
    with run_server("--lang", "ru", log_dir=tmp_path, port=port) as running:
        url = running.url
        status, headers, page = _get(url, **{"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
        assert status == 200 and '<html lang="ru"' in page and f"<title>{RUSSIAN_TITLE}</title>" in page
        assert headers["Content-Language"] == "ru" and "Accept-Language" in headers["Vary"]
        assert int(headers["Content-Length"]) == len(page.encode())
        # ?lang beats the browser's language, as the session that follows decides
        status, _, page = _get(url + "?lang=en&zone=liver", **{"Accept-Language": "ru"})
        assert status == 200 and ENGLISH_HTML in page and ENGLISH_TITLE in page
        status, _, page = _get(url + "?lang=ru")
        assert '<html lang="ru"' in page
        status, _, page = _get(url)
        assert ENGLISH_HTML in page and ENGLISH_TITLE in page

        evil = f"evil.example:{port}"
        status, headers, text = _get(url, Host=evil, **{"Accept-Language": "ru"})
        assert (
            status == 403
            and text
            == translator("ru").gettext("This reflexmap server does not answer to that host name.") + "\n"
        )
        assert "reflexmap" in text and "host name" not in text
        status, _, text = _get(url, Host=evil)
        assert status == 403 and "does not answer to that host name" in text
    log = running.log_path.read_text()
    assert "reflexmap: для остановки нажмите Ctrl+C." in log and "Traceback" not in log
