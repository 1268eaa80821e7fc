"""The always-visible notice and the Safety section, from the package's safety content."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn

from ..content import Safety
from ..web.safety_html import notice_html, safety_html
from ..web.style import CSS


def notice(safety: Safety, _: Callable[[str], str] = str) -> pn.pane.HTML:
    """The banner saying reflexology does not diagnose or treat disease; never hidden."""
    return pn.pane.HTML(notice_html(safety, _), stylesheets=[CSS], sizing_mode="stretch_width")


def safety_panel(safety: Safety, _: Callable[[str], str] = str) -> pn.pane.HTML:
    """The Safety tab's pane."""
    return pn.pane.HTML(safety_html(safety, _), stylesheets=[CSS], sizing_mode="stretch_width")
