"""The HTML page the dashboard is served in: Panel's own, made for phones and in its reader's language.

Panel's page template has no viewport meta, so a phone lays the page out 980 px wide and
shrinks it to fit (nothing is readable). The page extends Panel's template (``base``, as
``panel.io.server`` renders a string template) rather than copying it.

Every page is rendered from one stand-in session (see ``server._page_template``), so it says
``<html lang="en">`` and the English title whoever asks. :class:`PageInReadersLanguage` rewrites
those two per request, from ``?lang`` and Accept-Language as the session will choose, so a screen
reader starts in the right voice and the tab's title is readable before any script runs.

The page's icon is in the page itself (a ``data:`` URL). Panel's page linked ``./favicon.ico``,
which Bokeh serves with no caching headers, and Chromium fetches a page's icon again on every
change of its address: every click on the map (the address keeps the selection, see
``address_bar.js``) also cost the server an HTTP request.
"""

from __future__ import annotations

from html import escape

import panel as pn
from panel.io.resources import JS_VERSION, LOCAL_DIST
from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

from ..i18n import DEFAULT_LANGUAGE, request_language, translator
from ..web.assets import js, svg_data_url
from .language import TITLE

# Panel's stylesheets of the first screen's components (as Panel names them in the document). The
# page asks for them as it arrives, with its scripts, and the components find them fetched; else
# the browser asks only once it has made the components from the document: one more round trip
# to a server then busy sending other pages' documents. tests/browser/test_dashboard.py checks
# that a first page fetches exactly these, each once, before its websocket opens.
FIRST_STYLESHEETS = (
    "css/loading.css",
    "css/listpanel.css",
    "bundled/theme/default.css",
    "bundled/theme/native.css",
    "css/select.css",
    "css/button.css",
    "css/divider.css",
)
PRELOADS = "".join(
    f'<link rel="preload" as="style" href="{escape(f"{LOCAL_DIST}{name}?v={JS_VERSION}")}">'
    for name in FIRST_STYLESHEETS
)
# BokehJS's and Panel's views made to tell screen readers what they show by looks alone, and
# kept whole when hidden before they draw (bokeh_internals.js's rmPatchViews): once per page,
# after the libraries load (in the head) and before the document's views are made
VIEW_PATCHES = f'<script type="module">{js("bokeh_internals.js", "page_patches.js")}</script>'
PAGE_TEMPLATE = (
    "{% block preamble %}{{ super() }}"
    f'<meta name="viewport" content="width=device-width, initial-scale=1">{PRELOADS}{{% endblock %}}'
    f"{{% block postamble %}}{{{{ super() }}}}{{% raw %}}{VIEW_PATCHES}{{% endraw %}}{{% endblock %}}"
)
# as Panel's base template writes them (a test checks that a served page has both)
ENGLISH_HTML = f'<html lang="{DEFAULT_LANGUAGE}"'
ENGLISH_TITLE = f"<title>{escape(TITLE)}</title>"


def use_page_template() -> None:
    """Render the current document's page from :data:`PAGE_TEMPLATE`, with the app's own icon
    (outside a server, nothing)."""
    doc = pn.state.curdoc
    if doc is not None:
        doc.template = PAGE_TEMPLATE
        doc.template_variables["app_favicon"] = svg_data_url("icon.svg")


def page_in(page: bytes, lang: str) -> bytes:
    """The dashboard's ``page`` with its ``<html lang>`` and title in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return page
    text = page.decode("utf-8")
    title = f"<title>{escape(translator(lang).gettext(TITLE))}</title>"
    text = text.replace(ENGLISH_HTML, f'<html lang="{lang}"', 1).replace(ENGLISH_TITLE, title, 1)
    return text.encode("utf-8")


class PageInReadersLanguage(OutputTransform):
    """A Tornado output transform: each HTML page whole in one chunk (as Bokeh writes a page)
    leaves in the language of its request."""

    def __init__(self, request: HTTPServerRequest) -> None:
        self.lang = request_language(request)

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        if finishing and status_code == 200 and headers.get("Content-Type", "").startswith("text/html"):
            chunk = page_in(chunk, self.lang)
            headers["Content-Language"] = self.lang
            headers["Vary"] = "Accept-Language"  # a cache must not give a Russian page to an English reader
            headers["Content-Length"] = str(len(chunk))
        return status_code, headers, chunk


def localize_pages(app) -> None:
    """Serve the Tornado ``app``'s pages in their readers' languages (before any compression)."""
    app.transforms.insert(0, PageInReadersLanguage)
