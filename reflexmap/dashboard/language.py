"""The page's language: chosen when a session starts, shown in ``<html lang>``, switched by a link.

A session speaks one language from its first component to its last, so the switch does not
re-render a live page in another language: it opens the same address (zone, tab, lesson and all)
with ``lang`` set, and the new session is built in that language.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import panel as pn
import param
from panel.custom import JSComponent

from ..i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, N_, pick_language
from ..web.assets import js
from ..web.style import CSS

TITLE = N_("reflexmap - reflexology foot map")


def page_language() -> str:
    """The language a new session speaks: its address's ``?lang=``, else the browser's
    Accept-Language, else English (outside a server, English)."""
    location = pn.state.location
    asked = None
    if location is not None:
        asked = dict(parse_qsl(location.search.lstrip("?"))).get("lang")
    try:
        accepted = (pn.state.headers or {}).get("Accept-Language")
    except AttributeError:  # no request behind this document (a notebook)
        accepted = None
    return pick_language(asked, accepted)


class PageLanguage(JSComponent):
    """Sets ``<html lang>`` and the window's title to the session's (an invisible element)."""

    lang = param.String(default=DEFAULT_LANGUAGE, constant=True)
    title = param.String(default="", constant=True)

    _esm = js("page_language.js")


class LanguageSwitch(JSComponent):
    """Links to this page in each language (each named in itself); following one keeps the rest
    of the address as it is at that moment (the address bar follows what is on screen)."""

    lang = param.String(default=DEFAULT_LANGUAGE, constant=True)
    names = param.Dict(default=LANGUAGE_NAMES, constant=True)
    label = param.String(default="Language", constant=True, doc="The switch's name for screen readers.")

    _stylesheets = [  # noqa: RUF012  # panel.custom reads a class attribute
        CSS,
        """
        .rm-lang { display: flex; gap: 4px; justify-content: flex-end; font-size: 14px; }
        .rm-lang a { padding: 4px 10px; border: 1px solid #bbb; border-radius: 14px; color: var(--rm-accent);
          text-decoration: none; min-height: 20px; }
        .rm-lang a[aria-current] { background: var(--rm-accent); color: #fff;
          border-color: var(--rm-accent); }
        .rm-lang a:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
        @media (pointer: coarse) { .rm-lang a { padding: 10px 14px; } }
        """,
    ]

    _esm = js("language_switch.js")
