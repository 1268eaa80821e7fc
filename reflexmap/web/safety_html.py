"""The always-visible notice and the Safety section as HTML, from the package's safety content."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..content import Safety
from ..i18n import N_
from .markup import html_list

PLEASE_NOTE = N_("Please note:")
NOT_DURING = N_("Not during:")
NEVER_IN_PREGNANCY = N_("Never used in pregnancy:")


def notice_html(safety: Safety, _: Callable[[str], str] = str) -> str:
    """The banner saying reflexology does not diagnose or treat disease; never hidden."""
    return (
        '<div class="rm-notice" role="note" data-testid="notice">'
        f"<strong>{escape(_(PLEASE_NOTE))}</strong> "
        f"{escape(safety.notice)}</div>"
    )


def safety_html(safety: Safety, _: Callable[[str], str] = str) -> str:
    """The Safety section (``_`` translates its headings; the rules are the content's own text)."""
    preg = safety.pregnancy
    kids = safety.children

    def heading(text: str) -> str:
        return f"<h3>{escape(_(text))}</h3>"

    return (
        '<div class="rm-panel" data-testid="safety">'
        + heading(N_("What reflexology cannot do"))
        + "".join(f"<p>{escape(p)}</p>" for p in safety.diagnostic_limit)
        + heading(N_("Do not massage the feet with"))
        + html_list(safety.contraindications)
        + f"<p>{escape(safety.contraindications_note)}</p>"
        + precautions_html(safety, _)
        + heading(N_("Pregnancy"))
        + f"<p>{escape(preg.summary)} {escape(_(NOT_DURING))}</p>"
        + html_list(preg.restrictions)
        + f"<p>{escape(_(NEVER_IN_PREGNANCY))}</p>"
        + html_list(preg.never)
        + heading(N_("Babies and children"))
        + f"<p>{escape(kids.summary)}</p>"
        + html_list(kids.points)
        + heading(N_("Older people"))
        + f"<p>{escape(safety.older_people.summary)}</p>"
        + html_list(safety.older_people.points)
        + heading(N_("Side effects"))
        + html_list(safety.side_effects)
        + heading(N_("Always"))
        + html_list(safety.general)
        + "</div>"
    )


def precautions_html(safety: Safety, _: Callable[[str], str] = str) -> str:
    """What needs care or a doctor's word first, each with how to adapt the massage."""
    if not safety.precautions:
        return ""
    items = "".join(
        f"<li><strong>{escape(p.item[:1].upper() + p.item[1:])}:</strong> {escape(p.advice)}</li>"
        for p in safety.precautions
    )
    title = escape(_("Take care, and often ask a doctor first, with"))
    return f'<h3>{title}</h3><ul data-testid="precautions">{items}</ul>'
