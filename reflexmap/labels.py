"""Names a reader sees for the fixed words of the data: body systems, feet, views, handbook
categories. One table for each, used by the app, the exports and the command line alike.

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
# The words a sentence needs for a foot: whole phrases, since a language inflects them.
ON_FOOT = {"left": N_("on the left foot"), "right": N_("on the right foot")}
ON_FEET = {
    ("left",): N_("on the left foot"),
    ("right",): N_("on the right foot"),
    ("left", "right"): N_("on both feet"),
}
FOOT_NAME = {"left": N_("left foot"), "right": N_("right foot")}

# A view's name on its button or tag.
VIEW_LABEL = {
    "plantar": N_("Sole"),
    "dorsal": N_("Top"),
    "medial": N_("Inner side"),
    "lateral": N_("Outer side"),
}
# A view named in running text ("Views compared: sole, top") and after a foot ("Liver - Right foot,
# inner side"): not the label lower-cased, since a language may word it otherwise.
VIEW_NAMES = {
    "plantar": N_("sole"),
    "dorsal": N_("top"),
    "medial": N_("inner side"),
    "lateral": N_("outer side"),
}
# The heading over a view's map: the app's title and a page of the PDF handout.
VIEW_TITLE = {
    "plantar": N_("The soles"),
    "dorsal": N_("The tops of the feet"),
    "medial": N_("The inner sides of the feet"),
    "lateral": N_("The outer sides of the feet"),
}
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
