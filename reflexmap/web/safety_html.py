"""The always-visible notice and the Safety section as HTML, from the package's safety content.

The HTML is in ``templates/notice.html`` and ``templates/safety.html``, which escape every value;
the headings are translated here, before they reach a template.
"""

from __future__ import annotations

from collections.abc import Callable

from ..content import Safety
from ..i18n import N_
from .templates import render

PLEASE_NOTE = N_("Please note:")
NOT_DURING = N_("Not during:")
NEVER_IN_PREGNANCY = N_("Never used in pregnancy:")

# the section's words, by the name safety.html gives them
WORDS = {
    "limit": N_("What reflexology cannot do"),
    "contraindications": N_("Do not massage the feet with"),
    "precautions": N_("Take care, and often ask a doctor first, with"),
    "pregnancy": N_("Pregnancy"),
    "not_during": NOT_DURING,
    "never_in_pregnancy": NEVER_IN_PREGNANCY,
    "children": N_("Babies and children"),
    "older_people": N_("Older people"),
    "side_effects": N_("Side effects"),
    "always": N_("Always"),
}


def notice_html(safety: Safety, _: Callable[[str], str] = str) -> str:
    """The banner saying reflexology does not diagnose or treat disease; never hidden."""
    return render("notice.html", please_note=_(PLEASE_NOTE), notice=safety.notice)


def safety_html(safety: Safety, _: Callable[[str], str] = str) -> str:
    """The Safety section (``_`` translates its headings; the rules are the content's own text)."""
    return render("safety.html", safety=safety, words={k: _(v) for k, v in WORDS.items()})
