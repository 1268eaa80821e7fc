"""Quiz logic for students: "Find it" and "Name it" rounds with spaced repetition.

Pure Python and deterministic: no Panel or Bokeh, and every random choice goes through a
:class:`random.Random` the caller passes in (seed it for tests and reproducible rounds).

* A quiz **item** is one zone on one foot, keyed ``"zone_id|foot"`` (``"liver|right"``): the
  kidney on the left foot and the kidney on the right foot are learned, and asked, separately.
* :func:`pool` lists the items a round may ask, filtered by body system, foot or routine.
* :class:`Progress` keeps a Leitner box (1 = not known .. 5 = mastered) and the counts per item,
  and turns into a small JSON string and back; :meth:`Progress.from_json` never raises, so
  whatever a browser's localStorage holds gives a usable (possibly empty) progress.
* :func:`pick_next` picks the next item, weighting low boxes: what the student gets wrong comes
  back more often, and never twice in a row.
* :class:`Round` runs a round of questions (:class:`FindIt`, :class:`NameIt` or both), scores the
  answers, records them in the progress and lists the zones missed at the end.

Messages and prompts are plain text; the app escapes them.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, NamedTuple

import numpy as np
import shapely
import shapely.ops

from .charts import FEET, SYSTEMS
from .i18n import DEFAULT_LANGUAGE, N_, translator
from .labels import FOOT_NAME, ON_FEET, ON_FOOT
from .model import Chart

MIN_BOX = 1
"""The box of an item never seen, and of one just answered wrong."""
MAX_BOX = 5
"""The box of a mastered item."""
PROGRESS_VERSION = 2
"""The ``version`` written by :meth:`Progress.to_json`. Version 1 (one item per zone and foot for
both Find it and Name it) is read and migrated (see :meth:`Progress.from_json`); others are not."""
MAX_JSON_CHARS = 200_000
"""Longer stored text is ignored as a whole; :meth:`Progress.to_json` always stays within it."""
MAX_ITEMS = 2_000
"""At most this many items are kept (a chart has at most 2,000 zone polygons)."""
MAX_COUNT = 1_000_000
"""Seen and right counts stop growing here."""
CHOICES = 4
"""Choices offered by a "Name it" question when the chart has enough distinct names."""

NEAR_MM = 5.0
"""A Find-it click this close to the asked zone (on its foot) is told how close it came."""
SMALL_MM2 = 100.0
"""Zones smaller than this (the pituitary, the adrenals: a fingertip or less) are tiny: a click
within :data:`CLOSE_MM` of one is "close", which keeps its box rather than sending it back."""
CLOSE_MM = 3.0
"""How near a tiny zone a click must be to count as close."""

Mode = Literal["find", "name", "foot", "technique", "mixed"]
MODES: tuple[str, ...] = ("find", "name", "foot", "technique", "mixed")
KINDS: tuple[str, ...] = ("find", "name", "foot", "technique")
"""The directions a zone is asked in, each with its own place in the spaced repetition."""

_ZONE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_KEY = re.compile(rf"({_ZONE})\|(left|right)")
# a card is what the progress tracks: a zone on a foot found on the map (the plain item key),
# named ("name:liver|right"), or a zone placed on its feet ("foot:liver") or worked ("technique:liver")
_CARD = re.compile(rf"(?:name:)?{_ZONE}\|(?:left|right)|(?:foot|technique):{_ZONE}")


# --- item keys -----------------------------------------------------------------------------------


def item_key(zone_id: str, foot: str) -> str:
    """The key of one zone on one foot: ``item_key("liver", "right") == "liver|right"``."""
    key = f"{zone_id}|{foot}"
    if not is_item_key(key):
        raise ValueError(f"not a quiz item: zone {zone_id!r} on foot {foot!r}")
    return key


def is_item_key(key: object) -> bool:
    """Whether ``key`` is a well-formed ``"zone_id|foot"`` key (the chart may still lack it)."""
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def split_key(key: str) -> tuple[str, str]:
    """``"liver|right"`` -> ``("liver", "right")``; ``ValueError`` for a malformed key."""
    match = _KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise ValueError(f"not a quiz item key: {key!r} (expected 'zone_id|left' or 'zone_id|right')")
    return match.group(1), match.group(2)


def card_key(kind: str, key: str) -> str:
    """The card of item ``key`` asked as ``kind``: ``card_key("name", "liver|right") ==
    "name:liver|right"``; a Find-it card is the item key itself; "foot" and "technique" cards
    are per zone (``"foot:liver"``), as the answer is the same from either foot."""
    zone_id, _foot = split_key(key)
    if kind == "find":
        return key
    if kind == "name":
        return f"name:{key}"
    if kind in ("foot", "technique"):
        return f"{kind}:{zone_id}"
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def is_card_key(key: object) -> bool:
    """Whether ``key`` is a well-formed card key (see :func:`card_key`)."""
    return isinstance(key, str) and _CARD.fullmatch(key) is not None


def card_kind(card: str) -> str:
    """The direction a card asks in: ``"find"``, ``"name"``, ``"foot"`` or ``"technique"``."""
    head, colon, _rest = card.partition(":")
    return head if colon else "find"


def card_zone(card: str) -> str:
    """The zone id a card asks about."""
    rest = card.partition(":")[2] or card
    return rest.split("|")[0]


# --- progress ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """One item's Leitner box and how often it was asked and answered right, over all rounds."""

    box: int = MIN_BOX
    seen: int = 0
    right: int = 0


def _clamp_int(value: object, low: int, high: int, default: int) -> int:
    """An int from untrusted JSON: numbers are truncated and clamped; anything else gives default."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    if isinstance(value, float):
        if not math.isfinite(value):
            return default
        value = int(value)
    return max(low, min(high, value))


def _clean_stats(box: object, seen: object, right: object) -> ItemStats:
    clean_seen = _clamp_int(seen, 0, MAX_COUNT, 0)
    return ItemStats(
        box=_clamp_int(box, MIN_BOX, MAX_BOX, MIN_BOX),
        seen=clean_seen,
        right=_clamp_int(right, 0, clean_seen, 0),
    )


class Progress:
    """A student's progress over all rounds: per item a Leitner box and seen/right counts.

    An item never answered is in box 1. A right answer moves an item up one box (at most 5), a
    wrong one back to box 1. Insertion order is recency: an item recorded moves to the end.

    Holds at most :data:`MAX_ITEMS` items; recording a new item when full forgets the most
    mastered item recorded longest ago (forgetting errs towards asking it again).
    """

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, items: Mapping[str, ItemStats] | None = None) -> None:
        self._items: dict[str, ItemStats] = {}
        for key, stats in (items or {}).items():
            if len(self._items) >= MAX_ITEMS:
                break
            if not is_card_key(key):
                raise ValueError(f"not a quiz item key: {key!r}")
            self._items[key] = _clean_stats(stats.box, stats.seen, stats.right)

    # --- reading

    @property
    def items(self) -> dict[str, ItemStats]:
        """A copy of the recorded items, least recently recorded first."""
        return dict(self._items)

    def stats(self, key: str) -> ItemStats:
        """An item's stats; an item never recorded is ``ItemStats()`` (box 1, never seen)."""
        return self._items.get(key, ItemStats())

    def box(self, key: str) -> int:
        """An item's Leitner box, 1 (not known) to 5 (mastered)."""
        return self.stats(key).box

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Progress):
            return NotImplemented
        return self._items == other._items

    def __repr__(self) -> str:
        return f"Progress({self._items!r})"

    # --- changing

    def record(self, key: str, correct: bool, close: bool = False) -> ItemStats:
        """Record one answer: right moves the item up a box (at most 5), wrong back to box 1.

        A ``close`` miss (a click just beside a tiny zone) keeps the item in its box: not known
        yet, but not forgotten either.
        """
        if not is_card_key(key):
            raise ValueError(f"not a quiz item key: {key!r}")
        old = self._items.pop(key, None)
        if old is None:
            old = ItemStats()
            while len(self._items) >= MAX_ITEMS:
                del self._items[self._eviction_order()[0]]
        seen = min(old.seen + 1, MAX_COUNT)
        new = ItemStats(
            box=min(old.box + 1, MAX_BOX) if correct else old.box if close else MIN_BOX,
            seen=seen,
            right=min(old.right + (1 if correct else 0), seen),
        )
        self._items[key] = new
        return new

    def reset(self) -> None:
        """Forget everything: every item is back in box 1, never seen."""
        self._items.clear()

    def _eviction_order(self) -> list[str]:
        """Keys to forget first: highest box first, least recently recorded first within a box."""
        order = {key: i for i, key in enumerate(self._items)}
        return sorted(self._items, key=lambda k: (-self._items[k].box, order[k]))

    # --- JSON

    def to_json(self) -> str:
        """Compact JSON: ``{"version": 2, "items": {"liver|right": {"box": 2, "seen": 3, "right": 1}}}``.

        Always at most :data:`MAX_JSON_CHARS` characters (ASCII): should very long zone ids not
        fit, the most mastered items are left out first.
        """
        entries = {
            key: json.dumps(
                {"box": s.box, "seen": s.seen, "right": s.right}, separators=(",", ":"), allow_nan=False
            )
            for key, s in self._items.items()
        }
        sizes = {key: len(json.dumps(key)) + 1 + len(text) + 1 for key, text in entries.items()}
        overhead = len(json.dumps({"version": PROGRESS_VERSION, "items": {}}, separators=(",", ":")))
        total = overhead + sum(sizes.values())
        dropped: set[str] = set()
        for key in self._eviction_order():
            if total <= MAX_JSON_CHARS:
                break
            dropped.add(key)
            total -= sizes[key]
        body = ",".join(f"{json.dumps(key)}:{text}" for key, text in entries.items() if key not in dropped)
        return f'{{"version":{PROGRESS_VERSION},"items":{{{body}}}}}'

    @classmethod
    def from_json(cls, text: object) -> Progress:
        """Progress from stored text. Never raises.

        Text that is not a string (bytes are decoded as UTF-8), is longer than
        :data:`MAX_JSON_CHARS`, is not JSON, or lacks ``"version": 2`` (or 1) and an ``items``
        object gives an empty progress. Version 1 kept one item per zone and foot for Find it and
        Name it alike: each becomes a Find-it and a Name-it card with the same counts.
        Within it, malformed keys and non-object entries are skipped,
        numbers are truncated and clamped (box 1..5, 0 <= right <= seen <= :data:`MAX_COUNT`),
        non-numbers take their defaults, and only the first :data:`MAX_ITEMS` items are kept.
        """
        try:
            if isinstance(text, (bytes, bytearray)):
                if len(text) > MAX_JSON_CHARS:
                    return cls()
                text = bytes(text).decode("utf-8")
            if not isinstance(text, str) or len(text) > MAX_JSON_CHARS:
                return cls()
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError, MemoryError):
            # ValueError covers bad JSON, bad UTF-8 and integers too long to convert.
            return cls()
        if not isinstance(data, dict):
            return cls()
        version = data.get("version")
        if type(version) is not int or version not in (1, PROGRESS_VERSION):
            return cls()
        raw_items = data.get("items")
        if not isinstance(raw_items, dict):
            return cls()
        return cls.from_items(version, raw_items)

    @classmethod
    def from_items(cls, version: int, raw_items: Mapping[str, object]) -> Progress:
        """Progress from the ``items`` of stored progress of ``version`` 1 or 2, read as
        :meth:`from_json` reads them (version 1 migrated, bad entries skipped, values clamped)."""
        progress = cls()
        for key, raw in raw_items.items():
            if len(progress._items) >= MAX_ITEMS:
                break
            if version == 1:
                # one item counted both Find it and Name it answers: each card starts from it
                if is_item_key(key) and isinstance(raw, dict):
                    stats = _clean_stats(raw.get("box"), raw.get("seen"), raw.get("right"))
                    progress._items[key] = stats
                    if len(progress._items) < MAX_ITEMS:
                        progress._items[card_key("name", key)] = stats
            elif is_card_key(key) and isinstance(raw, dict):
                progress._items[key] = _clean_stats(raw.get("box"), raw.get("seen"), raw.get("right"))
        return progress


# --- choosing items ------------------------------------------------------------------------------


def pool(
    chart: Chart, system: str | None = None, foot: str | None = None, routine_id: str | None = None
) -> list[str]:
    """Item keys a round may ask, in chart order; each given filter narrows the list.

    ``system`` keeps one body system, ``foot`` one foot, ``routine_id`` the zones of all steps of
    that routine (their own zones and those of their regions). The result may be empty (the
    heart on the right foot). Unknown system or foot: ``ValueError``; unknown routine: ``KeyError``.
    """
    if system is not None and system not in SYSTEMS:
        raise ValueError(f"system must be one of {', '.join(SYSTEMS)}, not {system!r}")
    if foot is not None and foot not in FEET:
        raise ValueError(f"foot must be one of {FEET}, not {foot!r}")
    wanted: set[str] | None = None
    if routine_id is not None:
        routines = chart.routines
        routine = routines.get(routine_id)
        wanted = {zone_id for step in routine.steps for zone_id in routines.step_zones(step)}
    zones = chart.zones
    rows = zones[zones["view"] == chart.home_view]
    keys = []
    for zone_id, zone_foot, zone_system in zip(rows["zone_id"], rows["foot"], rows["system"], strict=True):
        if system is not None and zone_system != system:
            continue
        if foot is not None and zone_foot != foot:
            continue
        if wanted is not None and zone_id not in wanted:
            continue
        keys.append(item_key(zone_id, zone_foot))
    return list(dict.fromkeys(keys))


def weight(box: int) -> int:
    """How strongly an item is preferred: 16 in box 1, halving each box up to 1 in box 5."""
    return 2 ** (MAX_BOX - max(MIN_BOX, min(MAX_BOX, box)))


def pick_next(pool: Sequence[str], progress: Progress, rng: random.Random, avoid: Iterable[str] = ()) -> str:
    """The next item to ask: a weighted random choice preferring low boxes (see :func:`weight`).

    Items in ``avoid`` (pass the last item asked) are not picked unless nothing else is left, so a
    pool of two or more never asks the same item twice in a row. ``ValueError`` for an empty pool.
    """
    keys = list(dict.fromkeys(pool))
    if not keys:
        raise ValueError("the quiz pool is empty: no zone passes the filters")
    avoided = set(avoid)
    candidates = [key for key in keys if key not in avoided] or keys
    return rng.choices(candidates, weights=[weight(progress.box(key)) for key in candidates])[0]


class Groups(NamedTuple):
    """A pool's items in three groups that always add up to the pool: never asked, being learned
    (asked, box 1 to 3) and well known (box :data:`KNOWN_BOX` and up)."""

    new: int
    learning: int
    known: int


KNOWN_BOX = 4
"""From this box up an item counts as well known."""


def groups(pool: Iterable[str], progress: Progress) -> Groups:
    """How many items of the pool are new, being learned and well known (each item once)."""
    new = learning = known = 0
    for key in dict.fromkeys(pool):
        stats = progress.stats(key)
        if stats.box >= KNOWN_BOX:
            known += 1
        elif stats.seen:
            learning += 1
        else:
            new += 1
    return Groups(new, learning, known)


def progress_text(
    pool: Sequence[str], progress: Progress, kind: str = "find", lang: str = DEFAULT_LANGUAGE
) -> str:
    """One sentence on the student's progress over a pool asked as ``kind``, its counts adding
    up to the questions there are.

    Found or named, an item is a zone on one foot, so a zone drawn on both feet is two: the
    sentence says so whenever the pool holds such a zone, or "60 zones" would not match the 35
    a chart lists. Which foot and how to work it are asked once per zone.
    """
    words = translator(lang)
    keys = list(dict.fromkeys(card_key(kind, key) for key in pool))
    zones = len({card_zone(key) for key in keys})
    g = groups(keys, progress)
    if zones == len(keys):
        what = words.ngettext("these {zones} zone", "these {zones} zones", zones).format(zones=zones)
    else:
        what = words.ngettext(
            "these {zones} zone ({questions} questions: a zone on both feet is asked once per foot)",
            "these {zones} zones ({questions} questions: a zone on both feet is asked once per foot)",
            zones,
        ).format(zones=zones, questions=len(keys))
    return words.gettext(
        "Your progress on {what}: {known} well known, {learning} being learned, {new} not asked yet."
    ).format(what=what, known=g.known, learning=g.learning, new=g.new)


def box_counts(pool: Iterable[str], progress: Progress) -> dict[int, int]:
    """How many items of the pool are in each box 1..5: a progress bar for the pool."""
    counts = dict.fromkeys(range(MIN_BOX, MAX_BOX + 1), 0)
    for key in dict.fromkeys(pool):
        counts[progress.box(key)] += 1
    return counts


# --- questions -----------------------------------------------------------------------------------


def zone_phrase(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A zone's name inside a sentence: ``"Liver"`` -> ``"the liver"``, ``"Eyes"`` -> ``"the eyes"``.

    The first letter is lowered unless the name starts with an acronym ("TMJ"); a name that
    already starts with "the" gets no second one. Another language sets the name as its
    catalogue says (Russian quotes it, «Печень», so no sentence has to decline it).
    """
    name = " ".join(name.split())
    if not name:
        return translator(lang).gettext("this zone")
    if lang != DEFAULT_LANGUAGE:
        return translator(lang).gettext("the {name}").format(name=name)
    if not (len(name) > 1 and name[1].isupper()):
        name = name[0].lower() + name[1:]
    return name if name.casefold().startswith("the ") else f"the {name}"


class _AboutAZone:
    """What every question knows from its ``key`` (a zone on a foot) and its ``KIND``."""

    KIND: ClassVar[str]
    key: str

    @property
    def card(self) -> str:
        """What the progress tracks this question under."""
        return card_key(self.KIND, self.key)

    @property
    def zone_id(self) -> str:
        return split_key(self.key)[0]

    @property
    def foot(self) -> str:
        return split_key(self.key)[1]


@dataclass(frozen=True)
class FindIt(_AboutAZone):
    """ "Find it": the student clicks the zone named in ``prompt`` on the foot named there."""

    KIND: ClassVar[str] = "find"

    key: str
    prompt: str
    small: bool = False
    """A tiny zone (under :data:`SMALL_MM2`): the app zooms the map in, and a near miss is close."""


@dataclass(frozen=True)
class NameIt(_AboutAZone):
    """ "Name it": the app highlights the zone ``key`` with labels hidden; the student picks a name."""

    KIND: ClassVar[str] = "name"

    key: str
    choices: tuple[str, ...]
    answer: str
    prompt: str = "Which reflex zone is highlighted?"


FEET_CHOICES = {N_("Left foot"): ("left",), N_("Right foot"): ("right",), N_("Both feet"): ("left", "right")}
"""The choices of "Which foot?" (English; translated where asked) and the feet each stands for."""
ASPECTS = {
    "method": N_("Which technique works it?"),
    "direction": N_("In which direction is it worked?"),
    "pressure": N_("With how much pressure?"),
}
# a click on one foot when the question asked for the other (keyed by the foot clicked)
WRONG_FOOT = {
    "left": N_("Not quite: that is the left foot; the question asked for the right."),
    "right": N_("Not quite: that is the right foot; the question asked for the left."),
}
DIRECTIONS = {
    "toes": N_("toward the toes"),
    "heel": N_("toward the heel"),
    "outer": N_("toward the outer edge"),
    "inner": N_("toward the big-toe edge"),
}


@dataclass(frozen=True)
class WhichFoot(_AboutAZone):
    """ "Which foot (or both?)": the student picks where a zone is; ``key`` is it on its first foot."""

    KIND: ClassVar[str] = "foot"

    key: str
    choices: tuple[str, ...]
    answer: str
    prompt: str


@dataclass(frozen=True)
class HowToWork(_AboutAZone):
    """ "How to work it": the technique, direction or pressure (``aspect``) of the zone ``key``."""

    KIND: ClassVar[str] = "technique"

    key: str
    aspect: str
    choices: tuple[str, ...]
    answer: str
    prompt: str


Question = FindIt | NameIt | WhichFoot | HowToWork
Choice = NameIt | WhichFoot | HowToWork
"""Questions answered by picking one of their ``choices``."""


def _zone_name(chart: Chart, zone_id: str, foot: str) -> str:
    if not chart.has_zone(zone_id, foot):
        raise KeyError(f"no zone {zone_id!r} on the {foot} foot in this chart")
    return str(chart.zone(zone_id, foot).name)


def find_it(chart: Chart, key: str, lang: str = DEFAULT_LANGUAGE) -> FindIt:
    """A "Find it" question: "Where is the reflex zone for the liver on the right foot?"

    The prompt names the zone by its chart name (body areas can be shared: three colon zones
    all list "large intestine") and always names the foot, since the answer is a click on it.
    """
    _ = translator(lang).gettext
    zone_id, foot = split_key(key)
    phrase = zone_phrase(_zone_name(chart, zone_id, foot), lang)
    prompt = _("Where is the reflex zone for {zone} {on_foot}?").format(zone=phrase, on_foot=_(ON_FOOT[foot]))
    small = bool(chart.zone(zone_id, foot).geometry.area < SMALL_MM2)
    if small:
        prompt += " " + _("It is a small zone: the map is zoomed in near it (Reset under the map shows all).")
    return FindIt(key=key, prompt=prompt, small=small)


def check_find(question: FindIt, clicked_zone_ids: Sequence[str], foot: str) -> bool:
    """Whether a click answers a "Find it" question.

    ``clicked_zone_ids`` is what ``Chart.locate`` returns for the click (smallest zone first;
    every zone under the click counts, so the brain is found by a click on the pituitary drawn
    over it) and ``foot`` the foot clicked: the right zone on the wrong foot is wrong.
    """
    return foot == question.foot and question.zone_id in clicked_zone_ids


def _interleave(*lists: Sequence[str]) -> list[str]:
    """Items of the lists taken in turn (first of each, then second of each, ...), once each."""
    out: dict[str, None] = {}
    for i in range(max((len(lst) for lst in lists), default=0)):
        for lst in lists:
            if i < len(lst):
                out.setdefault(lst[i], None)
    return list(out)


def _new_names(names: Iterable[str], exclude: Iterable[str]) -> list[str]:
    """``names`` in order without repeats (ignoring case) and without those in ``exclude``."""
    seen = {name.casefold() for name in exclude}
    out = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


class _Neighbour(NamedTuple):
    """Another zone, as a candidate distractor."""

    distance: float
    name: str
    system: str
    foot: str
    zone_id: str


def name_it(
    chart: Chart, key: str, rng: random.Random, choices: int = CHOICES, lang: str = DEFAULT_LANGUAGE
) -> NameIt:
    """A "Name it" question: the zone's name among ``choices - 1`` distractors, shuffled.

    Distractors are names of other zones on the same foot, from a shortlist of ``2 * (choices - 1)``
    that takes in turn the zones of the same body system (nearest first) and the zones nearest
    by centroid distance: plausible neighbours, so the question tests where a zone is rather than
    what it is called. The first of the shortlist is always offered, the rest drawn at random.
    Zones only on the other foot are used only when the foot has too few names. Names are never
    repeated and never the answer; a tiny chart gives fewer choices.
    """
    zone_id, foot = split_key(key)
    answer = _zone_name(chart, zone_id, foot)
    target = chart.zone(zone_id, foot)
    centre = target.geometry.centroid
    zones = chart.zones
    centroids = shapely.centroid(zones["geometry"].to_numpy())
    distances = np.hypot(shapely.get_x(centroids) - centre.x, shapely.get_y(centroids) - centre.y)
    others = sorted(
        (
            _Neighbour(float(distance), name, system, zone_foot, other_id)
            for other_id, zone_foot, view, name, system, distance in zip(
                zones["zone_id"],
                zones["foot"],
                zones["view"],
                zones["name"],
                zones["system"],
                distances,
                strict=True,
            )
            if view == chart.home_view and other_id != zone_id
        ),
        key=lambda n: (n.distance, n.name),
    )
    on_foot = [n for n in others if n.foot == foot]
    nearest = _new_names([n.name for n in on_foot], exclude=[answer])
    same_system = _new_names([n.name for n in on_foot if n.system == target.system], exclude=[answer])
    wanted = max(0, choices - 1)
    shortlist = _interleave(same_system, nearest)[: 2 * wanted]
    if len(shortlist) < wanted:
        # Too few names on this foot: add zones found only on the other foot, same system first.
        here = {n.zone_id for n in on_foot}
        elsewhere = sorted(
            (n for n in others if n.zone_id not in here),
            key=lambda n: (n.system != target.system, n.distance, n.name),
        )
        more = _new_names([n.name for n in elsewhere], exclude=[answer, *shortlist])
        shortlist += more[: wanted - len(shortlist)]
    # The first of the shortlist (the nearest zone of the same system, else the nearest zone) is
    # always offered, as the hardest distractor; the others vary from question to question.
    count = min(wanted, len(shortlist))
    distractors = shortlist[:1] + rng.sample(shortlist[1:], count - 1) if count else []
    options = [answer, *distractors]
    rng.shuffle(options)
    return NameIt(
        key=key,
        choices=tuple(options),
        answer=answer,
        prompt=translator(lang)
        .gettext("Which reflex zone is highlighted {on_foot}?")
        .format(on_foot=translator(lang).gettext(ON_FOOT[foot])),
    )


def _direction(chart: Chart, foot: str, target: shapely.Geometry, point: tuple[float, float]) -> str:
    """Which way ``target`` lies from ``point`` on the sole, in the words a student reads a foot by
    (English; a key of :data:`DIRECTIONS`' values)."""
    near = shapely.ops.nearest_points(target, shapely.Point(point))[0]
    u, v = chart.to_normalized(foot, [point[0], near.x], [point[1], near.y])
    du, dv = float(u[1] - u[0]), float(v[1] - v[0])
    if abs(near.y - point[1]) >= abs(near.x - point[0]):
        return DIRECTIONS["toes"] if dv > 0 else DIRECTIONS["heel"]
    return DIRECTIONS["outer"] if du > 0 else DIRECTIONS["inner"]


def which_foot(chart: Chart, key: str, lang: str = DEFAULT_LANGUAGE) -> WhichFoot:
    """ "On which foot is the reflex zone for the heart?": left, right or both (in ``lang``)."""
    _ = translator(lang).gettext
    zone_id, foot = split_key(key)
    feet = chart.feet_of(zone_id)
    answer = next(_(label) for label, these in FEET_CHOICES.items() if these == feet)
    phrase = zone_phrase(_zone_name(chart, zone_id, foot), lang)
    first = item_key(zone_id, feet[0])
    prompt = _("On which foot is the reflex zone for {zone}: the left, the right, or both?").format(
        zone=phrase
    )
    return WhichFoot(
        key=first, choices=tuple(_(label) for label in FEET_CHOICES), answer=answer, prompt=prompt
    )


def technique_text(value: str) -> str:
    """A technique field as a student reads it: "hook-in-and-back-up" -> "hook in and back up"."""
    return " ".join(value.replace("-", " ").split())


def how_to_work(
    chart: Chart, key: str, rng: random.Random, choices: int = CHOICES, lang: str = DEFAULT_LANGUAGE
) -> HowToWork:
    """ "How to work it": the zone's technique, direction or pressure among other zones' values.

    The aspect is drawn at random among those the zone has. Distractors are other zones' values
    of the same aspect, those of the zone's own body system first (plausible neighbours); a
    pressure sharing its first word with the answer ("moderate" for "moderate, steady") is never
    offered, as it would be half right.
    """
    zone_id, foot = split_key(key)
    zone = chart.zone(zone_id, foot)
    aspects = [a for a in ASPECTS if technique_text(getattr(zone.technique, a) or "")]
    if not aspects:
        raise ValueError(f"zone {zone_id!r} has no technique to ask about")
    aspect = rng.choice(aspects)
    answer = technique_text(getattr(zone.technique, aspect))
    rows = chart.zones[chart.zones["view"] == chart.home_view]
    same, other = [], []
    for system, technique in zip(rows["system"], rows["technique"], strict=True):
        value = technique_text(technique.get(aspect) or "")
        (same if system == zone.system else other).append(value)
    first_word = answer.split()[0].strip(",").casefold()

    def fair(value: str) -> bool:
        return bool(value) and not (
            aspect == "pressure" and value.split()[0].strip(",").casefold() == first_word
        )

    pooled = [v for v in _new_names(same + other, exclude=[answer]) if fair(v)]
    count = min(max(0, choices - 1), len(pooled))
    # one distractor from the zone's own body system, where there is one: the hardest
    near = [v for v in pooled if v in same][:1] if count else []
    picked = near + rng.sample([v for v in pooled if v not in near], count - len(near))
    options = [answer, *picked]
    rng.shuffle(options)
    _ = translator(lang).gettext
    asked = _(ASPECTS[aspect])
    return HowToWork(
        key=key,
        aspect=aspect,
        choices=tuple(options),
        answer=answer,
        prompt=_("How to work the reflex zone for {zone}: {question}").format(
            zone=zone_phrase(zone.name, lang), question=asked[0].lower() + asked[1:]
        ),
    )


# --- rounds --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feedback:
    """The result of one answer. ``correct_key`` is the item to show when the answer was wrong.

    ``distance_mm`` is how far a Find-it click on the asked foot landed from the asked zone (0
    inside it; ``None`` for other answers); ``close`` marks a near miss of a tiny zone, which
    keeps its box (see :data:`SMALL_MM2`).
    """

    correct: bool
    correct_key: str
    message: str
    distance_mm: float | None = None
    close: bool = False


@dataclass(frozen=True)
class ItemRecord:
    """How one item went in one round."""

    right: int = 0
    wrong: int = 0


@dataclass(frozen=True)
class Missed:
    """An item answered wrong at least once in a round, for the end-of-round summary."""

    key: str
    zone_id: str
    foot: str
    name: str
    wrong: int
    right: int
    kind: str = "find"
    lang: str = DEFAULT_LANGUAGE

    def __str__(self) -> str:
        _ = translator(self.lang).gettext
        if self.kind == "foot":
            return _("{zone} (which foot)").format(zone=self.name)
        if self.kind == "technique":
            return _("{zone} (how to work it)").format(zone=self.name)
        return _("{zone} ({foot})").format(zone=self.name, foot=_(FOOT_NAME[self.foot]))


class Round:
    """A round of ``length`` questions drawn from ``pool``, answers recorded into ``progress``.

    ``mode`` is ``"find"`` (click the zone), ``"name"`` (pick the highlighted zone's name) or
    ``"mixed"`` (each question either, at random). The first question is ready at once; after
    :meth:`answer`, :meth:`next` moves on until :attr:`done`. Items are picked by
    :func:`pick_next`, so each answer immediately changes what comes next. Questions, feedback
    and the score are worded in ``lang`` (the chart's names are its own: ``chart.translated(lang)``).
    """

    def __init__(
        self,
        chart: Chart,
        pool: Sequence[str],
        progress: Progress,
        length: int = 10,
        mode: Mode = "find",
        rng: random.Random | None = None,
        lang: str = DEFAULT_LANGUAGE,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            raise ValueError(f"a round needs a length of at least 1, not {length!r}")
        keys = list(dict.fromkeys(pool))
        if not keys:
            raise ValueError("the quiz pool is empty: no zone passes the filters")
        for key in keys:
            zone_id, foot = split_key(key)
            if not chart.has_zone(zone_id, foot):
                raise ValueError(f"the pool names {key!r}, which is not in this chart")
        self._chart = chart
        self._lang = lang
        self._words = translator(lang)
        self._pool = tuple(keys)
        self._progress = progress
        self._length = length
        self._mode: Mode = mode
        self._rng = rng if rng is not None else random.Random()
        self._record: dict[str, ItemRecord] = {}  # by card
        self._keys: dict[str, str] = {}  # card -> the item key it was asked about
        self._right = 0
        self._close = 0
        self._asked = 0
        self._feedback: Feedback | None = None
        self._question = self._new_question(last=None)

    # --- state

    @property
    def pool(self) -> tuple[str, ...]:
        return self._pool

    @property
    def progress(self) -> Progress:
        return self._progress

    @property
    def length(self) -> int:
        return self._length

    @property
    def mode(self) -> Mode:
        return self._mode

    @property
    def question(self) -> Question:
        """The current question (after the last answer, still the last question)."""
        return self._question

    @property
    def feedback(self) -> Feedback | None:
        """The feedback on the current question, ``None`` until it is answered."""
        return self._feedback

    @property
    def answered(self) -> bool:
        """Whether the current question has been answered."""
        return self._feedback is not None

    @property
    def done(self) -> bool:
        """Whether all ``length`` questions have been answered."""
        return self._asked >= self._length

    @property
    def score(self) -> tuple[int, int]:
        """``(right, asked)`` so far."""
        return self._right, self._asked

    @property
    def close(self) -> int:
        """How many answers were close misses of a tiny zone (counted in neither right nor kept)."""
        return self._close

    @property
    def record(self) -> dict[str, ItemRecord]:
        """Right and wrong counts per item in this round, in the order first asked."""
        return dict(self._record)

    def missed(self) -> list[Missed]:
        """Items answered wrong at least once this round: most often missed first, then as asked."""
        order = list(self._record)
        missed = []
        for card, rec in self._record.items():
            if rec.wrong:
                key = self._keys[card]
                zone_id, foot = split_key(key)
                name = _zone_name(self._chart, zone_id, foot)
                kind = card_kind(card)
                missed.append(
                    Missed(
                        card,
                        zone_id,
                        foot,
                        name,
                        wrong=rec.wrong,
                        right=rec.right,
                        kind=kind,
                        lang=self._lang,
                    )
                )
        return sorted(missed, key=lambda m: (-m.wrong, order.index(m.key)))

    def status(self) -> str:
        """The line above the question: its number and the score, up to date after each answer.

        Once the last question is answered the round is over and the line says so, with the
        same score as :meth:`summary`.
        """
        _ = self._words.gettext
        right, asked = self.score
        close = " " + _("({count} close)").format(count=self._close) if self._close else ""
        if self.done:
            return _("Round finished - score {right}/{asked}").format(right=right, asked=asked) + close
        number = asked if self.answered else asked + 1
        status = _("Question {number} of {length} - score {right}/{asked}")
        return status.format(number=number, length=self.length, right=right, asked=asked) + close

    def summary(self) -> str:
        """One plain-text paragraph for the end of the round: the score and the zones missed."""
        _ = self._words.gettext
        right, asked = self.score
        text = _("You got {right} of {asked} right.").format(right=right, asked=asked)
        if self._close:
            text += f" {self.close_note()}"
        missed = self.missed()
        if not missed:
            none_missed = _("No zone missed.")
            return f"{text} {none_missed}" if asked else text
        return f"{text} " + _("Zones to practise: {zones}.").format(zones=", ".join(str(m) for m in missed))

    def close_note(self) -> str:
        """How close misses were scored, for the end of a round that had any."""
        note = self._words.ngettext(
            "{count} answer was close: within {mm} mm of a tiny zone. Close is not right, but such a "
            "zone keeps its place in your progress.",
            "{count} answers were close: within {mm} mm of a tiny zone. Close is not right, but such a "
            "zone keeps its place in your progress.",
            self._close,
        )
        return note.format(count=self._close, mm=f"{CLOSE_MM:g}")

    # --- actions

    def answer(
        self,
        *,
        choice: str | None = None,
        clicked: Sequence[str] = (),
        foot: str | None = None,
        point: tuple[float, float] | None = None,
    ) -> Feedback:
        """Answer the current question and record the result in the progress.

        A :class:`FindIt` takes ``clicked`` (``Chart.locate`` at the click; empty outside every
        zone), the ``foot`` clicked and, to be told how near a miss came, the ``point`` clicked
        (chart millimetres); a :class:`NameIt` takes the ``choice`` picked. Answering
        an already answered question returns its feedback again and records nothing (a double
        click counts once). ``ValueError`` if the needed arguments are missing.
        """
        if self._feedback is not None:
            return self._feedback
        question = self._question
        if isinstance(question, FindIt):
            if foot is None:
                raise ValueError("a 'Find it' answer needs the foot that was clicked")
            clicked = list(clicked)
            correct = check_find(question, clicked, foot)
            distance = None
            if point is not None and foot == question.foot:
                distance = 0.0 if correct else self._distance(question, point)
            close = not correct and distance is not None and self._is_close(question, distance)
            message = self._find_message(question, correct, clicked, foot, distance, point)
        else:
            if choice is None:
                raise ValueError("this question's answer needs the choice picked")
            correct = choice.strip().casefold() == question.answer.casefold()
            message = self._choice_message(question, correct, choice)
            distance, close = None, False
        card = question.card
        self._progress.record(card, correct, close=close)
        self._keys[card] = question.key
        old = self._record.get(card, ItemRecord())
        self._record[card] = ItemRecord(old.right + correct, old.wrong + (not correct))
        self._right += correct
        self._close += close
        self._asked += 1
        self._feedback = Feedback(
            correct=correct, correct_key=question.key, message=message, distance_mm=distance, close=close
        )
        return self._feedback

    def next(self) -> Question | None:
        """Move to the next question and return it; ``None`` once the round is done.

        ``RuntimeError`` if the current question has not been answered yet.
        """
        if self._feedback is None:
            raise RuntimeError("answer the current question before moving on")
        if self.done:
            return None
        self._question = self._new_question(last=self._question.card)
        self._feedback = None
        return self._question

    # --- helpers

    def _new_question(self, last: str | None) -> Question:
        kind = self._mode if self._mode != "mixed" else self._rng.choice(KINDS)
        # each direction has its own cards: a zone's place on its feet is one card for both feet
        cards: dict[str, str] = {}
        for key in self._pool:
            cards.setdefault(card_key(kind, key), key)
        card = pick_next(list(cards), self._progress, self._rng, avoid=() if last is None else (last,))
        key = cards[card]
        if kind == "find":
            return find_it(self._chart, key, self._lang)
        if kind == "name":
            return name_it(self._chart, key, self._rng, lang=self._lang)
        if kind == "foot":
            return which_foot(self._chart, key, self._lang)
        return how_to_work(self._chart, key, self._rng, lang=self._lang)

    def _phrase(self, zone_id: str, foot: str) -> str:
        return zone_phrase(_zone_name(self._chart, zone_id, foot), self._lang)

    def _distance(self, question: FindIt, point: tuple[float, float]) -> float:
        target = self._chart.zone(question.zone_id, question.foot).geometry
        return float(shapely.distance(target, shapely.Point(point)))

    def _is_close(self, question: FindIt, distance: float) -> bool:
        area = self._chart.zone(question.zone_id, question.foot).geometry.area
        return area < SMALL_MM2 and distance <= CLOSE_MM

    def _find_message(
        self,
        question: FindIt,
        correct: bool,
        clicked: list[str],
        foot: str,
        distance: float | None = None,
        point: tuple[float, float] | None = None,
    ) -> str:
        _ = self._words.gettext
        phrase = self._phrase(question.zone_id, question.foot)
        if correct:
            return _("Right: that is the reflex zone for {zone} {on_foot}.").format(
                zone=phrase, on_foot=_(ON_FOOT[foot])
            )
        if distance is not None and point is not None and distance <= NEAR_MM:
            return self._near_message(question, clicked, distance, point)
        asked = _(ON_FOOT[question.foot])
        shown = _("The zone for {zone} is highlighted {on_foot}.").format(zone=phrase, on_foot=asked)
        if foot != question.foot:
            if foot not in self._chart.feet_of(question.zone_id):
                return _(
                    "Not quite: the zone for {zone} is only {on_foot}, where it is highlighted now."
                ).format(zone=phrase, on_foot=asked)
            return f"{_(WRONG_FOOT[foot])} {shown}"
        known = [z for z in clicked if self._chart.has_zone(z, foot)]
        if not known:
            outside = _("Not quite: that spot is outside every zone.")
            return f"{outside} {shown}"
        wrong = _("Not quite: that is the reflex zone for {zone}.").format(zone=self._phrase(known[0], foot))
        return f"{wrong} {shown}"

    def _near_message(
        self, question: FindIt, clicked: list[str], distance: float, point: tuple[float, float]
    ) -> str:
        """A miss by a few millimetres: how near, what was hit, and where the asked zone lies."""
        _ = self._words.gettext
        chart, foot = self._chart, question.foot
        target = chart.zone(question.zone_id, foot).geometry
        phrase = self._phrase(question.zone_id, foot)
        small = target.area < SMALL_MM2
        near = _("{mm} mm").format(mm=f"{max(distance, 0.5):.0f}") if distance >= 0.5 else _("under 1 mm")
        known = [z for z in clicked if chart.has_zone(z, foot)]
        if known:
            hit = _("that is {zone}").format(zone=self._phrase(known[0], foot))
        else:
            hit = _("that spot is outside every zone")
        around = [z for z in known if chart.zone(z, foot).geometry.contains(target)]
        if around and around[0] == known[0]:
            where = _("the small zone inside it") if small else _("the zone inside it")
        elif around:
            inside = _("the small zone inside {zone}") if small else _("the zone inside {zone}")
            where = inside.format(zone=self._phrase(around[0], foot))
        else:
            where = _("just beside it, {direction}").format(
                direction=_(_direction(chart, foot, target, point))
            )
        return _("Close, {near} off: {hit}; {zone} is {where}, highlighted now.").format(
            near=near, hit=hit, zone=phrase, where=where
        )

    def _choice_message(self, question: Choice, correct: bool, choice: str) -> str:
        if isinstance(question, NameIt):
            return self._name_message(question, correct, choice)
        _ = self._words.gettext
        phrase = self._phrase(question.zone_id, question.key.split("|")[1])
        if isinstance(question, WhichFoot):
            where = _(ON_FEET[self._chart.feet_of(question.zone_id)])
            said = _("Right: the reflex zone for {zone} is {where}.") if correct else None
            said = said or _("Not quite: the reflex zone for {zone} is {where}.")
            return said.format(zone=phrase, where=where)
        # in context: "Right" alone is also the right foot
        pgettext = self._words.pgettext
        verdict = pgettext("quiz verdict", "Right") if correct else pgettext("quiz verdict", "Not quite")
        said = {
            "method": _("{verdict}: the reflex zone for {zone} is worked with this technique: {value}."),
            "direction": _("{verdict}: the reflex zone for {zone} is worked {value}."),
            "pressure": _("{verdict}: the reflex zone for {zone} takes {value} pressure."),
        }[question.aspect]
        return said.format(verdict=verdict, zone=phrase, value=question.answer)

    def _name_message(self, question: NameIt, correct: bool, choice: str) -> str:
        _ = self._words.gettext
        phrase = zone_phrase(question.answer, self._lang)
        if correct:
            return _("Right: this is the reflex zone for {zone}.").format(zone=phrase)
        if not choice.strip():
            return _("Not quite: this is the reflex zone for {zone}.").format(zone=phrase)
        return _("Not quite: this is the reflex zone for {zone}, not {other}.").format(
            zone=phrase, other=zone_phrase(choice, self._lang)
        )


__all__ = [
    "CHOICES",
    "KNOWN_BOX",
    "MAX_BOX",
    "MAX_COUNT",
    "MAX_ITEMS",
    "MAX_JSON_CHARS",
    "MIN_BOX",
    "PROGRESS_VERSION",
    "Feedback",
    "FindIt",
    "Groups",
    "HowToWork",
    "ItemRecord",
    "ItemStats",
    "Missed",
    "Mode",
    "NameIt",
    "Progress",
    "Question",
    "Round",
    "WhichFoot",
    "box_counts",
    "card_key",
    "card_kind",
    "card_zone",
    "check_find",
    "find_it",
    "groups",
    "how_to_work",
    "is_card_key",
    "is_item_key",
    "item_key",
    "name_it",
    "pick_next",
    "pool",
    "progress_text",
    "split_key",
    "technique_text",
    "weight",
    "which_foot",
    "zone_phrase",
]
