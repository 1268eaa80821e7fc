"""The always-visible notice and the Safety section, from the package's safety content."""

from __future__ import annotations

from html import escape

import panel as pn

from ..content import Safety
from .style import CSS


def _items(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def notice(safety: Safety) -> pn.pane.HTML:
    """The banner saying reflexology does not diagnose or treat disease; never hidden."""
    return pn.pane.HTML(
        f'<div class="rm-notice" role="note" data-testid="notice"><strong>Please note:</strong> '
        f"{escape(safety.notice)}</div>",
        stylesheets=[CSS],
        sizing_mode="stretch_width",
    )


def safety_html(safety: Safety) -> str:
    preg = safety.pregnancy
    kids = safety.children
    return (
        '<div class="rm-panel" data-testid="safety">'
        "<h3>What reflexology cannot do</h3>"
        + "".join(f"<p>{escape(p)}</p>" for p in safety.diagnostic_limit)
        + "<h3>Do not massage the feet with</h3>"
        + _items(safety.contraindications)
        + f"<p>{escape(safety.contraindications_note)}</p>"
        + f"<h3>Pregnancy</h3><p>{escape(preg.summary)} Not during:</p>"
        + _items(preg.restrictions)
        + "<p>Never used in pregnancy:</p>"
        + _items(preg.never)
        + f"<h3>Babies and children</h3><p>{escape(kids.summary)}</p>"
        + _items(kids.points)
        + "<h3>Side effects</h3>"
        + _items(safety.side_effects)
        + "<h3>Always</h3>"
        + _items(safety.general)
        + "</div>"
    )


def safety_panel(safety: Safety) -> pn.pane.HTML:
    return pn.pane.HTML(safety_html(safety), stylesheets=[CSS], sizing_mode="stretch_width")
