"""The page's file picker: it posts the chosen file to the server over HTTP.

A Panel ``FileInput`` would send the file, base64-encoded, in one websocket message that the
server decodes on its event loop (see :mod:`.upload_route`), and from about 15 MB the message
passes Bokeh's limit and the tab dies with nothing said. This picker checks the size first (an
empty file, or one over ``limit`` bytes, is reported and never sent), then posts the file to
``upload`` beside the page with the session's token, showing how much has been sent, and reports
how that went in ``outcome``. A chart (:mod:`.chart_upload`) and a quiz progress file
(:mod:`.downloads`) come this way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import ClassVar

import param
from panel.custom import JSComponent

from ..i18n import N_
from ..web.assets import js
from .internals import send_at_once
from .upload_route import NAME_HEADER, PATH, TOKEN_HEADER

# Posts that reached another server process (--num-procs): after each, a small probe finds a
# connection to the session's process before the file is sent again.
ROUNDS = 5
PROBES = 20


WORDS = {
    "choose": N_("Choose file"),
    "none": N_("No file chosen"),
    "sending": N_("Sending {name}"),
}
"""The picker's words: its button, its line before any file is chosen, and while one is sent."""


def picker_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The picker's words in a page's language: ``FilePicker(words=picker_words(state._), ...)``."""
    return {k: gettext(v) for k, v in WORDS.items()}


@send_at_once("outcome")
class FilePicker(JSComponent):
    """A file input that sends its file to :data:`.upload_route.PATH`. ``outcome`` becomes JSON for
    each file chosen: ``{"kind", "name", "size", "t"}``, kind one of ``empty``, ``too_large``
    (neither is sent), ``sending``, then ``sent``, ``held`` or ``failed`` (with ``status``)."""

    token = param.String(default="", constant=True, doc="The session's upload token.")
    limit = param.Integer(default=0, constant=True)
    accept = param.String(default=".geojson,.json")
    label = param.String(default="")
    words = param.Dict(default=WORDS, constant=True, doc="The picker's words (see picker_words).")
    disabled = param.Boolean(default=False)
    outcome = param.String(default="")

    # The browser's own file input speaks the browser's language ("Choose File", "No file
    # chosen" on a Russian page), and no CSS can change its words: it is hidden (still the one
    # that takes the focus and the click, through its label) and its button and line drawn here.
    _stylesheets: ClassVar[list[str]] = [
        """
        label { display: flex; flex-direction: column; gap: 4px; font: inherit; cursor: pointer; }
        .rm-file { display: flex; align-items: center; flex-wrap: wrap; gap: 4px 10px; }
        input[type=file] {
          position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden;
          clip-path: inset(50%); white-space: nowrap;
        }
        .rm-file-button {
          display: inline-flex; align-items: center; min-height: 32px; padding: 0 12px;
          border: 1px solid #8c8c8c; border-radius: 4px; background: #f4f4f4; color: #1a1a1a;
        }
        label:hover .rm-file-button { background: #e6e6e6; }
        input[type=file]:focus-visible + .rm-file-button { outline: 3px solid #1a5fb4; outline-offset: 2px; }
        input[type=file]:disabled + .rm-file-button { opacity: 0.55; }
        label:has(input:disabled) { cursor: default; }
        .rm-file-name { color: #444; overflow-wrap: anywhere; }
        @media (pointer: coarse) { .rm-file-button { min-height: 44px; } }
        .rm-sending { display: flex; align-items: center; gap: 8px; margin-top: 4px; }
        .rm-sending[hidden] { display: none; }
        progress { flex: 1; max-width: 240px; }
        """
    ]

    _esm = (
        "const RM_UPLOAD = "
        + json.dumps(
            {
                "path": PATH.lstrip("/"),
                "token": TOKEN_HEADER,
                "name": NAME_HEADER,
                "rounds": ROUNDS,
                "probes": PROBES,
            }
        )
        + ";\n"
        + js("file_picker.js")
    )

    @staticmethod
    def read_outcome(text: str) -> dict:
        """An ``outcome`` as a dict (empty when there is none or it is malformed)."""
        try:
            found = json.loads(text or "{}")
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}


LOST = N_("The file did not reach the server. Please choose it again.")
"""Said when the page reports a file sent that its session did not receive."""
EMPTY = N_("The file is empty.")
TOO_LARGE = N_("The file is {size} bytes; the limit is {limit}.")
NO_ANSWER = N_("The server did not answer. Check the connection and choose the file again.")
REFUSED = N_("The server refused the file (HTTP {status}). Reload the page and try again.")


def not_sent(outcome: dict, limit: int, _: Callable[[str], str]) -> str:
    """Why the file of ``outcome`` did not reach the server, in the page's words (``_``
    translates): it was empty, over ``limit`` bytes, or its post failed; '' for any other
    outcome."""
    kind = outcome.get("kind")
    if kind == "empty":
        return _(EMPTY)
    if kind == "too_large":
        return _(TOO_LARGE).format(size=f"{int(outcome.get('size') or 0):,}", limit=f"{limit:,}")
    if kind == "failed":
        status = int(outcome.get("status") or 0)
        return _(REFUSED).format(status=status) if status else _(NO_ANSWER)
    return ""
