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


@send_at_once("outcome")
class FilePicker(JSComponent):
    """A file input that sends its file to :data:`.upload_route.PATH`. ``outcome`` becomes JSON for
    each file chosen: ``{"kind", "name", "size", "t"}``, kind one of ``empty``, ``too_large``
    (neither is sent), ``sending``, then ``sent``, ``held`` or ``failed`` (with ``status``)."""

    token = param.String(default="", constant=True, doc="The session's upload token.")
    limit = param.Integer(default=0, constant=True)
    accept = param.String(default=".geojson,.json")
    label = param.String(default="")
    sending = param.String(default="Sending {name}", doc="Shown while the file is sent ({name}).")
    disabled = param.Boolean(default=False)
    outcome = param.String(default="")

    _stylesheets: ClassVar[list[str]] = [
        """
        label { display: flex; flex-direction: column; gap: 4px; font: inherit; }
        input[type=file] { font: inherit; max-width: 100%; }
        input[type=file]:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
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
