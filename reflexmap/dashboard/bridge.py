"""Small browser-side components: the student's progress in localStorage, key presses, and the
address bar.

Each renders an invisible element; all logic stays in Python. Progress lives in the browser so it
survives reloads and server restarts without accounts, and no student ever sees another's.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent

from ..web.assets import js
from .internals import send_at_once


# Panel holds a change from the browser for 50 ms in case more follow: the progress on screen
# says "loading" until these arrive, and should not wait longer than it must
@send_at_once("value", "loaded")
class LocalStore(JSComponent):
    """A string kept in the browser's localStorage under ``storage_key``.

    ``loaded`` turns True once the stored value has arrived from the browser; writing ``value``
    from Python stores it.
    """

    storage_key = param.String(default="reflexmap-progress", constant=True)
    value = param.String(default="")
    loaded = param.Boolean(default=False)

    _esm = js("local_store.js")


# Panel holds a change from the browser for 50 ms in case more follow; a key press is one
# change, and a teacher stepping through a lesson should not wait for it.
@send_at_once("press")
class KeyListener(JSComponent):
    """Reports key presses on the page (not while typing in a field) as ``press = "key|time"``."""

    watched = param.List(default=[], item_type=str, constant=True, doc="Keys to report; others pass.")
    press = param.String(default="")

    _esm = js("key_listener.js")

    @staticmethod
    def key_of(press: str) -> str:
        """The key name in a ``press`` value."""
        return press.rsplit("|", 1)[0]


class AddressBar(JSComponent):
    """Writes ``query`` (a URL query without its "?") into the page's address bar.

    The URL then names what is on screen (``?zone=liver&foot=right``), to share or reload. Panel's
    Location did this by pushing a history entry per change (twenty clicks, twenty presses of Back
    to leave the page, none of which changed what it showed) and by sending the new address back
    to the server, a third of a tap's server time. This replaces the entry and sends nothing back.
    """

    query = param.String(default="")

    _esm = js("address_bar.js")
