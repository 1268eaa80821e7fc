"""A link to share, shown as its full address with a Copy button.

The address is made in the browser from the page's own location, so it is the one students can
type (the server cannot know it behind a proxy or a renamed host).
"""

from __future__ import annotations

from collections.abc import Callable

import param
from panel.custom import JSComponent

from ..i18n import N_
from ..web.assets import js
from ..web.style import CSS
from .touch import TOUCH_CSS

# what the button says: before, after copying, and where the clipboard is refused
WORDS = {"copy": N_("Copy link"), "copied": N_("Copied"), "selected": N_("Selected: press Ctrl+C")}


def copy_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The button's words in a page's language: ``CopyLink(words=copy_words(state._), ...)``."""
    return {k: gettext(v) for k, v in WORDS.items()}


class CopyLink(JSComponent):
    """A read-only field holding ``location.origin + location.pathname + "?" + query`` and a Copy
    button. Copy uses the clipboard; where the browser refuses it (a page served over plain http
    to another computer is not a "secure context"), the address is selected for Ctrl+C instead.
    Empty ``query``: the field is empty and Copy disabled. Used for a lesson's and a class's link."""

    query = param.String(default="", doc="The link's query, without '?'.")
    label = param.String(default="Link", constant=True)
    field = param.String(default="link", constant=True, doc="The field's data-testid.")
    words = param.Dict(default=WORDS, constant=True, doc="The button's words (see copy_words).")

    _stylesheets = [  # noqa: RUF012  # panel.custom reads a class attribute
        CSS,
        TOUCH_CSS,
        """
        .rm-copy { display: flex; gap: 6px; align-items: stretch; }
        .rm-copy input { flex: 1 1 auto; min-width: 0; min-height: 31px; padding: 0 8px;
          font: 14px system-ui, sans-serif; border: 1px solid #bbb; border-radius: 4px;
          color: #1d1d1f; background: #f6f6f6; }
        .rm-copy button { min-height: 31px; padding: 0 14px; font: 600 14px system-ui, sans-serif;
          color: #fff; background: #5a1a8c; border: 0; border-radius: 4px; cursor: pointer; }
        .rm-copy button:disabled { background: #aaa; cursor: default; }
        @media (pointer: coarse), (max-width: 700px) { .rm-copy input, .rm-copy button { min-height: 44px; } }
        """,
    ]

    _esm = js("copy_link.js")
