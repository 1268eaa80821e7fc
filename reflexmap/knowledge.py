"""What a student knows, zone by zone: levels from the quiz progress, for a map painted by them.

Panel-free, so the dashboard and the picture exports paint the same levels in the same colours.
Colours come from Paul Tol's colour-blind-safe "muted" scheme and also differ in lightness; the
two middle levels carry a hatch as well, so a level never rests on colour alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import N_
from .quiz import KNOWN_BOX, MIN_BOX, Progress, card_key


@dataclass(frozen=True)
class Level:
    """One level of knowing a zone, and how it is drawn."""

    name: str
    label: str
    colour: str
    hatch: str
    """Bokeh's hatch pattern (" " for none); :attr:`mpl_hatch` is matplotlib's."""
    mpl_hatch: str


LEVELS: dict[str, Level] = {
    "known": Level("known", N_("Well known"), "#117733", " ", ""),
    "learning": Level("learning", N_("Getting there"), "#DDCC77", ".", ".."),
    "shaky": Level("shaky", N_("Shaky: wrong last time"), "#CC6677", "x", "xx"),
    "new": Level("new", N_("Not asked yet"), "#EEEEEE", " ", ""),
}
"""From best known to not asked, the order the legend lists them in (labels in English: translate
where shown)."""


def level_of(progress: Progress, key: str) -> Level:
    """The level of one zone on one foot (``key``) on the map: never asked; wrong last time
    (box 1); boxes 2-3; boxes 4-5. Finding it and naming it both say where it is: the weaker
    of the two that were asked counts."""
    box = _weaker_box(progress, key)
    if box is None:
        return LEVELS["new"]
    if box >= KNOWN_BOX:
        return LEVELS["known"]
    return LEVELS["shaky"] if box == MIN_BOX else LEVELS["learning"]


def _weaker_box(progress: Progress, key: str) -> int | None:
    """The lower box of the Find-it and Name-it cards of ``key`` that were asked; None if neither."""
    asked = [s for s in (progress.stats(key), progress.stats(card_key("name", key))) if s.seen]
    return min(s.box for s in asked) if asked else None


def practise_next(pool: Sequence[str], progress: Progress, count: int = 8) -> list[str]:
    """Up to ``count`` items of ``pool`` the map shows as not known yet (shaky, then learning),
    weakest first by the same weaker-of-find-and-name box as :func:`level_of`, then pool order."""
    boxes = {key: _weaker_box(progress, key) for key in dict.fromkeys(pool)}
    weak = [key for key, box in boxes.items() if box is not None and box < KNOWN_BOX]
    return sorted(weak, key=lambda key: boxes[key])[: max(0, count)]


def levels(pool: Iterable[str], progress: Progress) -> dict[str, str]:
    """Level names by item key (``"liver|right" -> "shaky"``) for every item of the pool."""
    return {key: level_of(progress, key).name for key in dict.fromkeys(pool)}


def level_counts(by_key: dict[str, str]) -> dict[str, int]:
    """How many items are at each level, every level listed (in :data:`LEVELS` order)."""
    counted = Counter(by_key.values())
    return {name: counted.get(name, 0) for name in LEVELS}


def weakest(pool: Sequence[str], progress: Progress, count: int = 10, kind: str = "find") -> list[str]:
    """The ``count`` items a student knows least when asked as ``kind``, weakest first.

    Items answered before come first, lowest box first, then the lowest share of right answers,
    then the most often asked (a zone missed many times is weaker than one missed once); items
    never asked fill the rest in pool order. Well-known items (box 4-5) come only when nothing
    else is left. Where ``kind`` asks once per zone ("foot", "technique") a zone comes once.
    """
    cards: dict[str, str] = {}
    for key in pool:
        cards.setdefault(card_key(kind, key), key)
    order = {card: i for i, card in enumerate(cards)}

    def rank(card: str) -> tuple:
        s = progress.stats(card)
        if not s.seen:
            return (1, 0, 0.0, 0, order[card])
        known = s.box >= KNOWN_BOX
        return (2 if known else 0, s.box, s.right / s.seen, -s.seen, order[card])

    return [cards[card] for card in sorted(cards, key=rank)[: max(0, count)]]


def legend_rows(by_key: dict[str, str]) -> list[tuple[Level, int]]:
    """The legend: each level with how many items are at it."""
    counts = level_counts(by_key)
    return [(LEVELS[name], counts[name]) for name in LEVELS]


__all__ = ["LEVELS", "Level", "legend_rows", "level_counts", "level_of", "levels", "practise_next", "weakest"]
