"""Saying so when the server is gone: a banner on a page whose connection was lost, a button to
reload, and a reload on its own once the server answers again (the address keeps the state)."""

from __future__ import annotations

from typing import ClassVar

import param
from panel.custom import JSComponent

from ..i18n import N_
from ..web.assets import js

MESSAGE = N_(
    "The connection to the server was lost. The map still names zones, but nothing else works "
    "until the page is reloaded; it reloads by itself when the server is back."
)


class ConnectionBanner(JSComponent):
    """Hidden while the page's websocket is open; shown, with a Reload button, once it is lost."""

    message = param.String(default=MESSAGE, constant=True, doc="What the banner says, translated.")
    reload = param.String(default="Reload", constant=True, doc="The button's text, translated.")

    _stylesheets: ClassVar[list[str]] = [
        """
        .rm-connection { position: fixed; top: 0; left: 0; right: 0; z-index: 1000; display: flex;
          gap: 12px; align-items: center; justify-content: center; flex-wrap: wrap; padding: 10px 16px;
          background: #fde2e1; border-bottom: 2px solid #b42318; color: #1d1d1f;
          font: 16px system-ui, sans-serif; }
        .rm-connection[hidden] { display: none; }
        .rm-connection button { font: inherit; min-height: 44px; padding: 4px 16px; cursor: pointer; }
        """
    ]

    _esm = js("connection_banner.js")
