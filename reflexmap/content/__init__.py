"""General content that does not belong to one zone: safety, routines and search synonyms.

The text lives in JSON files next to this module; this module only reads it into typed objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


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


@dataclass(frozen=True)
class Step:
    text: str
    zones: tuple[str, ...]
    regions: tuple[str, ...]
    duration_s: int | None = None


@dataclass(frozen=True)
class Routine:
    routine_id: str
    title: str
    audience: str
    source: str
    steps: tuple[Step, ...]
    notes: str


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


def _read(name: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


@cache
def safety() -> Safety:
    """The general safety content shipped with reflexmap."""
    raw = _read("safety.json")
    return Safety(
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
    )


@cache
def routines() -> Routines:
    """The routines from the source text, as ordered steps."""
    raw = _read("routines.json")
    return Routines(
        regions={name: tuple(ids) for name, ids in raw["regions"].items()},
        routines=tuple(
            Routine(
                routine_id=r["routine_id"],
                title=r["title"],
                audience=r["for"],
                source=r["source"],
                notes=r.get("notes", ""),
                steps=tuple(
                    Step(
                        text=s["text"],
                        zones=tuple(s.get("zones", ())),
                        regions=tuple(s.get("regions", ())),
                        duration_s=s.get("duration_s"),
                    )
                    for s in r["steps"]
                ),
            )
            for r in raw["routines"]
        ),
    )


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    """Everyday words mapped to the body-area terms charts use ("tummy" -> "stomach", ...)."""
    return {word: tuple(terms) for word, terms in _read("synonyms.json").items()}
