"""General content that does not belong to one zone: safety, routines, search synonyms, conditions.

The text lives in JSON files next to this module, English in ``<name>.json`` and each other
language in ``<lang>/<name>.json`` (see :mod:`.translations`); this module only reads it into typed
objects. Every loader takes a language; the text this module words itself (section titles, a
condition's notice) goes through that language's catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..i18n import DEFAULT_LANGUAGE, N_, translator
from . import translations


@dataclass(frozen=True)
class Pregnancy:
    summary: str
    restrictions: tuple[str, ...]
    never: tuple[str, ...]


@dataclass(frozen=True)
class Children:
    summary: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    """A group of people with a summary and points on how to adapt the massage for them."""

    summary: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Precaution:
    """A condition that calls for care, or for a doctor's word first, though it is no outright bar.

    ``stops``: a "yes" in the screening holds a self-practice routine back until a doctor agrees;
    otherwise the routine may start and ``advice`` says how to adapt it.
    """

    precaution_id: str
    question: str
    item: str
    advice: str
    stops: bool


@dataclass(frozen=True)
class Safety:
    """The general caveats: the always-visible notice and what rules massage out."""

    notice: str
    diagnostic_limit: tuple[str, ...]
    contraindications: tuple[str, ...]
    contraindications_note: str
    pregnancy: Pregnancy
    children: Children
    side_effects: tuple[str, ...]
    general: tuple[str, ...]
    precautions: tuple[Precaution, ...] = ()
    older_people: Guidance = Guidance("", ())
    lang: str = DEFAULT_LANGUAGE


SAFETY_TITLES = {
    "notice": N_("Please note"),
    "diagnostic_limit": N_("What reflexology cannot do"),
    "contraindications": N_("Do not massage the feet with"),
    "precautions": N_("Take care, and often ask a doctor first, with"),
    "pregnancy": N_("Pregnancy"),
    "children": N_("Babies and children"),
    "older_people": N_("Older people"),
    "side_effects": N_("Side effects"),
    "general": N_("Always"),
}


def safety_section(safety: Safety, name: str) -> tuple[str, tuple[str, ...]]:
    """(heading, lines) of one safety section in the language of ``safety``, for views that show
    it beside other text."""
    _ = translator(safety.lang).gettext
    if name == "pregnancy":
        p = safety.pregnancy
        lines = (
            p.summary,
            *(_("Not during: {restriction}").format(restriction=r) for r in p.restrictions),
            *(_("Never: {item}").format(item=n) for n in p.never),
        )
    elif name == "children":
        lines = (safety.children.summary, *safety.children.points)
    elif name == "older_people":
        lines = (safety.older_people.summary, *safety.older_people.points)
    elif name == "precautions":
        lines = tuple(f"{p.item}: {p.advice}" for p in safety.precautions)
    elif name == "notice":
        lines = (safety.notice,)
    else:
        lines = tuple(getattr(safety, name))
    return _(SAFETY_TITLES[name]), lines


@dataclass(frozen=True)
class Step:
    """One step of a routine; ``on`` is where the hands work ("foot", or "back", "leg"... itself).

    A step on the back is massage of the back: it names no foot zones, because pressing a foot
    reflex is not a stand-in for it.
    """

    text: str
    zones: tuple[str, ...]
    regions: tuple[str, ...]
    duration_s: int | None = None
    on: str = "foot"
    lang: str = DEFAULT_LANGUAGE

    @property
    def off_the_foot(self) -> str:
        """A line for the reader when the step is not on the foot, else ``""``."""
        if self.on == "foot":
            return ""
        return translator(self.lang).gettext(OFF_THE_FOOT.get(self.on, OFF_THE_FOOT_ELSEWHERE))


# One whole sentence per place a step works off the foot ("on" in routines.json): a language
# inflects the place's name, so it cannot be slotted into a single sentence.
OFF_THE_FOOT = {
    "back": N_("This step is a massage of the back itself; no foot reflex zone stands in for it."),
    "buttocks": N_(
        "This step is a massage of the buttocks themselves; no foot reflex zone stands in for it."
    ),
    "leg": N_("This step is a massage of the leg itself; no foot reflex zone stands in for it."),
    "thigh": N_("This step is a massage of the thigh itself; no foot reflex zone stands in for it."),
}
OFF_THE_FOOT_ELSEWHERE = N_(
    "This step is a massage away from the foot; no foot reflex zone stands in for it."
)


@dataclass(frozen=True)
class Routine:
    routine_id: str
    title: str
    audience: str
    source: str
    steps: tuple[Step, ...]
    notes: str
    for_children: bool = False
    """A routine for children: its screening asks for a paediatrician's go-ahead instead."""


@dataclass(frozen=True)
class Routines:
    """Routines plus the named foot regions their steps refer to."""

    regions: dict[str, tuple[str, ...]]
    routines: tuple[Routine, ...]

    def get(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.routine_id == routine_id:
                return routine
        raise KeyError(routine_id)

    def step_zones(self, step: Step) -> tuple[str, ...]:
        """Zone ids a step works on: its own zones plus those of its regions, in order, once each."""
        ids = list(step.zones)
        for region in step.regions:
            ids.extend(self.regions[region])
        return tuple(dict.fromkeys(ids))


def _read(name: str, lang: str = DEFAULT_LANGUAGE) -> dict:
    """``content/<name>`` in ``lang``: English with the language's sidecar laid over it."""
    return translations.overlay(name, translations.english(name), lang)[0]


@cache
def safety(lang: str = DEFAULT_LANGUAGE) -> Safety:
    """The general safety content shipped with reflexmap, in ``lang``."""
    raw = _read("safety.json", lang)
    return Safety(
        lang=lang,
        notice=raw["notice"],
        diagnostic_limit=tuple(raw["diagnostic_limit"]),
        contraindications=tuple(raw["contraindications"]),
        contraindications_note=raw["contraindications_note"],
        pregnancy=Pregnancy(
            raw["pregnancy"]["summary"],
            tuple(raw["pregnancy"]["restrictions"]),
            tuple(raw["pregnancy"]["never"]),
        ),
        children=Children(raw["children"]["summary"], tuple(raw["children"]["points"])),
        side_effects=tuple(raw["side_effects"]),
        general=tuple(raw["general"]),
        precautions=tuple(
            Precaution(p["id"], p["question"], p["item"], p["advice"], bool(p["stops"]))
            for p in raw.get("precautions", ())
        ),
        older_people=Guidance(raw["older_people"]["summary"], tuple(raw["older_people"]["points"])),
    )


@cache
def routines(lang: str = DEFAULT_LANGUAGE) -> Routines:
    """The routines from the source text, as ordered steps, in ``lang``."""
    raw = _read("routines.json", lang)
    return Routines(
        regions={name: tuple(ids) for name, ids in raw["regions"].items()},
        routines=tuple(
            Routine(
                routine_id=r["routine_id"],
                title=r["title"],
                audience=r["for"],
                source=r["source"],
                notes=r.get("notes", ""),
                for_children=bool(r.get("children", False)),
                steps=tuple(
                    Step(
                        text=s["text"],
                        zones=tuple(s.get("zones", ())),
                        regions=tuple(s.get("regions", ())),
                        duration_s=s.get("duration_s"),
                        on=s.get("on", "foot"),
                        lang=lang,
                    )
                    for s in r["steps"]
                ),
            )
            for r in raw["routines"]
        ),
    )


@cache
def synonyms(lang: str = DEFAULT_LANGUAGE) -> dict[str, tuple[str, ...]]:
    """Everyday words mapped to the body-area terms charts use ("tummy" -> "stomach", ...).

    The words people use for a condition ("asthma", "piles") map to the areas charts associate
    with it (:func:`conditions`), so a search finds those areas; synonyms.json wins a tie. In
    another language its own words come first and the English ones still work.
    """
    words = {term: c.areas for c in conditions(lang) for term in c.terms if c.areas}
    words.update((word, tuple(terms)) for word, terms in _read("synonyms.json", lang).items())
    return words


# --- conditions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """A disease, symptom or health claim people search for, and the areas charts associate with it.

    ``kind`` is "condition" (a disease or symptom) or "claim" (a promise such as "detox");
    ``terms`` are the normalized words that name it; ``areas`` are body-area terms to search for.
    """

    condition_id: str
    kind: str
    name: str
    terms: tuple[str, ...]
    areas: tuple[str, ...]
    note: str
    lang: str = DEFAULT_LANGUAGE

    @property
    def notice(self) -> str:
        """Plain text to show before any zone: no treatment, see a doctor, then what charts say."""
        _ = translator(self.lang).gettext
        if self.kind == "claim":
            first = _(
                "Reflexology has not been shown to {claim}. "
                "If you are worried about your health, see a doctor."
            )
        else:
            first = _(
                "Reflexology does not treat or diagnose {condition}. "
                "If you have it, or think you might, see a doctor."
            )
        first = first.format(claim=self.name, condition=self.name)
        after = _("The areas listed are where charts place it, for study: pressing them is not a treatment.")
        return f"{first} {self.note}" + (f" {after}" if self.areas else "")


@cache
def conditions(lang: str = DEFAULT_LANGUAGE) -> tuple[Condition, ...]:
    """The conditions and claims a search recognises, in the file's order, in ``lang``."""
    return tuple(
        Condition(
            condition_id=c["id"],
            kind=c["kind"],
            name=c["name"],
            terms=tuple(c["terms"]),
            areas=tuple(c["areas"]),
            note=c["note"],
            lang=lang,
        )
        for c in _read("conditions.json", lang)["conditions"]
    )


def condition_terms(lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, Condition]]:
    """(term, condition) pairs in the order :func:`condition_in` tries them: longest term first."""
    pairs = [(term, c) for c in conditions(lang) for term in c.terms]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def condition_in(normalized_query: str, lang: str = DEFAULT_LANGUAGE) -> Condition | None:
    """The condition a normalized query names as a whole word or phrase, else ``None``.

    The longest term wins ("high blood pressure" before "blood pressure"); the export's search
    does the same in JavaScript.
    """
    for term, condition in condition_terms(lang):
        if re.search(rf"\b{re.escape(term)}\b", normalized_query):
            return condition
    return None


# --- the handbook ---------------------------------------------------------------------------------

HANDBOOK_CATEGORIES = ("massage types", "routines and courses", "safety", "care and oils", "evidence")
# A category is an id in handbook.json; this is how a reader sees it (translate where shown).
CATEGORY_TITLES = {
    "massage types": N_("Massage types"),
    "routines and courses": N_("Routines and courses"),
    "safety": N_("Safety"),
    "care and oils": N_("Care and oils"),
    "evidence": N_("Evidence"),
}
SAFETY_SECTIONS = tuple(SAFETY_TITLES)


def fold(text: str) -> str:
    """``text`` as the handbook search compares it: case folded, and Russian yo read as ye (most
    Russian print writes "отеки" for "отёки")."""
    return text.casefold().replace("\u0451", "\u0435")


@dataclass(frozen=True)
class Source:
    """Where an entry's facts come from: a section of our source text, or a published reference."""

    kind: str
    text: str
    lang: str = DEFAULT_LANGUAGE

    def __str__(self) -> str:
        if self.kind != "source text":
            return self.text
        return translator(self.lang).gettext("Source text, section '{section}'").format(section=self.text)


@dataclass(frozen=True)
class Entry:
    """One handbook entry: readable on its own, linked to zones, a routine and safety sections."""

    entry_id: str
    title: str
    category: str
    summary: str
    body: tuple[str, ...]
    points: tuple[str, ...]
    keywords: tuple[str, ...]
    zones: tuple[str, ...]
    routine: str | None
    safety: tuple[str, ...]
    sources: tuple[Source, ...]
    reworded: str

    def search_text(self) -> str:
        return fold(
            " | ".join([self.title, self.summary, self.category, *self.keywords, *self.body, *self.points])
        )


@dataclass(frozen=True)
class Handbook:
    """Everything else the source text teaches, beside the map."""

    entries: tuple[Entry, ...]

    def get(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.entry_id == entry_id:
                return entry
        raise KeyError(f"no handbook entry {entry_id!r}")

    def about_zone(self, zone_id: str) -> tuple[Entry, ...]:
        """Entries that concern a zone."""
        return tuple(e for e in self.entries if zone_id in e.zones)

    def search(self, query: str) -> tuple[Entry, ...]:
        """Entries matching a query, best first: title, then keywords, then any text.

        Every word of the query must appear somewhere in the entry ("flat feet", "oil pregnancy").
        """
        words = fold(query).split()
        if not words or len("".join(words)) < 2:
            return ()
        scored = []
        for index, entry in enumerate(self.entries):
            text = entry.search_text()
            if not all(word in text for word in words):
                continue
            phrase = " ".join(words)
            score = (
                3 * (phrase in fold(entry.title))
                + 2 * any(phrase in fold(k) for k in entry.keywords)
                + (phrase in fold(entry.summary))
            )
            scored.append((-score, index, entry))
        return tuple(entry for _, _, entry in sorted(scored))

    def problems(self, zone_ids: set[str], routine_ids: set[str]) -> list[str]:
        """What is wrong with the handbook against a chart's zones and the routines (empty if fine)."""
        found: list[str] = []
        seen: set[str] = set()
        for entry in self.entries:
            where = f"handbook entry '{entry.entry_id}'"
            if entry.entry_id in seen:
                found.append(f"{where}: duplicate entry_id")
            seen.add(entry.entry_id)
            if entry.category not in HANDBOOK_CATEGORIES:
                found.append(f"{where}: unknown category {entry.category!r}")
            for name, value in (("title", entry.title), ("summary", entry.summary)):
                if not value.strip():
                    found.append(f"{where}: empty {name}")
            if not entry.body:
                found.append(f"{where}: no body text")
            if not entry.sources:
                found.append(f"{where}: no source")
            found += [f"{where}: unknown zone {z!r}" for z in entry.zones if z not in zone_ids]
            if entry.routine is not None and entry.routine not in routine_ids:
                found.append(f"{where}: unknown routine {entry.routine!r}")
            unknown = [name for name in entry.safety if name not in SAFETY_SECTIONS]
            found += [f"{where}: unknown safety section {name!r}" for name in unknown]
        return found


@cache
def handbook(lang: str = DEFAULT_LANGUAGE) -> Handbook:
    """The handbook shipped with reflexmap, in ``lang``."""
    raw = _read("handbook.json", lang)
    return Handbook(
        entries=tuple(
            Entry(
                entry_id=e["entry_id"],
                title=e["title"],
                category=e["category"],
                summary=e["summary"],
                body=tuple(e["body"]),
                points=tuple(e.get("points", ())),
                keywords=tuple(e.get("keywords", ())),
                zones=tuple(e.get("zones", ())),
                routine=e.get("routine"),
                safety=tuple(e.get("safety", ())),
                sources=tuple(
                    Source(s["kind"], s.get("section") or s.get("citation", ""), lang)
                    for s in e.get("sources", ())
                ),
                reworded=e.get("reworded", ""),
            )
            for e in raw["entries"]
        )
    )
