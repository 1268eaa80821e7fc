"""Names a reader sees for the fixed words of the data: body systems, feet, handbook categories.

English, marked for the catalogue; translated where shown (``state._(SYSTEM_NAMES[s])`` in the
dashboard, ``translator(lang).gettext(...)`` in the command line).
"""

from __future__ import annotations

from .i18n import N_

SYSTEM_NAMES = {
    "nervous": N_("Nervous"),
    "endocrine": N_("Endocrine"),
    "sensory": N_("Sensory"),
    "respiratory": N_("Respiratory"),
    "cardiovascular": N_("Cardiovascular"),
    "digestive": N_("Digestive"),
    "urinary": N_("Urinary"),
    "reproductive": N_("Reproductive"),
    "lymphatic": N_("Lymphatic"),
    "musculoskeletal": N_("Musculoskeletal"),
}
FOOT_LABEL = {"left": N_("Left foot"), "right": N_("Right foot")}
# the handbook's categories (content/handbook.json)
CATEGORIES = {
    "care and oils": N_("Care and oils"),
    "evidence": N_("Evidence"),
    "massage types": N_("Massage types"),
    "routines and courses": N_("Routines and courses"),
    "safety": N_("Safety"),
}


def category_name(category: str) -> str:
    """The English name of a handbook category, for ``_`` (an unknown one capitalised)."""
    return CATEGORIES.get(category, category[:1].upper() + category[1:])
