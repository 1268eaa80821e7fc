"""The always-visible notice and the Safety section, from the package's safety content."""

from __future__ import annotations

from html import escape

import panel as pn

from ..content import Safety
from .markup import html_list
from .style import CSS


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
        + html_list(safety.contraindications)
        + f"<p>{escape(safety.contraindications_note)}</p>"
        + precautions_html(safety)
        + f"<h3>Pregnancy</h3><p>{escape(preg.summary)} Not during:</p>"
        + html_list(preg.restrictions)
        + "<p>Never used in pregnancy:</p>"
        + html_list(preg.never)
        + f"<h3>Babies and children</h3><p>{escape(kids.summary)}</p>"
        + html_list(kids.points)
        + f"<h3>Older people</h3><p>{escape(safety.older_people.summary)}</p>"
        + html_list(safety.older_people.points)
        + "<h3>Side effects</h3>"
        + html_list(safety.side_effects)
        + "<h3>Always</h3>"
        + html_list(safety.general)
        + "</div>"
    )


def precautions_html(safety: Safety) -> str:
    """What needs care or a doctor's word first, each with how to adapt the massage."""
    if not safety.precautions:
        return ""
    items = "".join(
        f"<li><strong>{escape(p.item.capitalize())}:</strong> {escape(p.advice)}</li>"
        for p in safety.precautions
    )
    return f'<h3>Take care, and often ask a doctor first, with</h3><ul data-testid="precautions">{items}</ul>'


def safety_panel(safety: Safety) -> pn.pane.HTML:
    return pn.pane.HTML(safety_html(safety), stylesheets=[CSS], sizing_mode="stretch_width")
