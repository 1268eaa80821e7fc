"""A chart's text in other languages: checking a translation against the chart, and applying it.

A chart declares its languages (``"translations": {"ru": "chart.ru.json"}`` in ``chart.json``, or the
translation itself inline in a single-file chart's ``"chart"`` member); :mod:`reflexmap.charts` reads
the files and hands each one here with the zones it loaded. A translation never stops a chart from
loading: what is missing or unusable is a :class:`~reflexmap.problems.Problem` (file, zone, field)
that ``reflexmap validate`` reports, and the text is shown in English behind
:func:`reflexmap.i18n.untranslated`'s marker.

The file::

    {"language": "ru",
     "chart": {"title": "...", "school": "...", "description": "...", "sources": ["..."]},
     "overlays": {"diaphragm line": "линия диафрагмы", ...},
     "zones": {"plantar": {"liver": {"name": "...", "body_areas": [...], "technique": {...},
                                     "caveats": [...], "notes": "...", "keywords": [...],
                                     "right": {"technique": {"how": "..."}}}}}}

Zones are keyed by view, then zone id; a ``left`` or ``right`` member overrides fields for one foot
where the English differs between the feet. ``body_areas`` and ``caveats`` have one item per
English item; ``keywords`` are the language's own search words, as many as it needs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .i18n import untranslated
from .problems import Problem

if TYPE_CHECKING:
    import pandas as pd

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
INFO_FIELDS = ("title", "school", "description")
TECHNIQUE_FIELDS = ("method", "how", "direction", "pressure", "duration")
# text fields and list fields a zone translates; a list marked True has one item per English item
TEXT_FIELDS = ("name", "notes")
LIST_FIELDS = {"body_areas": True, "caveats": True, "keywords": False}
ZONE_MEMBERS = {*TEXT_FIELDS, *LIST_FIELDS, "technique", "left", "right"}

# (value, what, zone) -> whether the text may be shown: the chart loader's own text rules
TextCheck = Callable[[str, str, "str | None"], bool]


@dataclass(frozen=True)
class Translation:
    """One language's usable text for a chart: only what passed the checks is kept."""

    language: str
    file: str
    info: dict[str, Any] = field(default_factory=dict)
    """Title, school and description (text); ``sources`` (a tuple, one per English source)."""
    zones: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    """(zone_id, foot, view) -> field -> text (``technique`` a dict, lists as tuples)."""
    overlays: dict[str, str] = field(default_factory=dict)
    """An overlay's English ``name`` -> its label in this language."""


def check_translation(
    language: str,
    file: str,
    doc: Any,
    zones: pd.DataFrame,
    overlay_names: set[str],
    info: dict[str, str],
    text_ok: TextCheck,
) -> tuple[Translation, list[Problem]]:
    """The usable part of translation ``doc`` for a chart with these zones, overlays and metadata,
    and a problem for every text that is missing or unusable (naming the file, zone and field)."""
    problems: list[Problem] = []

    def add(message: str, zone: str | None = None) -> None:
        problems.append(Problem(file, message, zone))

    if not isinstance(doc, dict):
        add("a translation must be a JSON object with 'language', 'chart', 'overlays' and 'zones'")
        doc = {}
    elif doc.get("language", language) != language:
        add(f"declared as {language!r} but says 'language': {str(doc.get('language'))[:20]!r}")
    result = Translation(language, file)

    chart = _member(doc, "chart", add)
    for key in INFO_FIELDS:
        if info.get(key):
            value = _text(chart.get(key), f"chart '{key}'", None, add, text_ok)
            if value is not None:
                result.info[key] = value
    sources = _sources(chart.get("sources"), info.get("sources") or (), add, text_ok)
    if sources is not None:
        result.info["sources"] = sources

    labels = _member(doc, "overlays", add)
    for name in sorted(overlay_names):
        value = _text(labels.get(name), f"overlay {name!r}", None, add, text_ok)
        if value is not None:
            result.overlays[name] = value
    for name in sorted(set(labels) - overlay_names):
        add(f"'overlays' names {str(name)[:40]!r}, which is no guide line or zone band of this chart")

    entries = _member(doc, "zones", add)
    english = {
        (row.zone_id, row.foot, row.view): row
        for row in zones[
            ["zone_id", "foot", "view", "name", "body_areas", "technique", "caveats", "notes", "keywords"]
        ].itertuples()
    }
    known = {(zone_id, view) for zone_id, _, view in english}
    for view, by_id in entries.items():
        if not isinstance(by_id, dict):
            add(f"'zones' member {str(view)[:20]!r} must map zone ids to their text")
            continue
        for zone_id, entry in by_id.items():
            if (zone_id, view) not in known:
                add(f"names no zone of this chart on the {str(view)[:20]} view", str(zone_id)[:40])
            elif not isinstance(entry, dict) or not set(entry) <= ZONE_MEMBERS:
                extra = (
                    ", ".join(sorted(map(str, set(entry) - ZONE_MEMBERS))) if isinstance(entry, dict) else ""
                )
                add(
                    f"a zone's text must be an object of {', '.join(sorted(ZONE_MEMBERS))}"
                    + (f" (not {extra[:60]})" if extra else ""),
                    zone_id,
                )
    for (zone_id, foot, view), row in english.items():
        entry = entries.get(view, {}).get(zone_id) if isinstance(entries.get(view), dict) else None
        texts = _zone_texts(entry, foot, row, lambda message, z=zone_id: add(message, z), text_ok)
        result.zones[(zone_id, foot, view)] = texts
    return result, problems


def _sources(value: Any, english: tuple[str, ...], add: Callable[..., None], text_ok: TextCheck):
    """The chart's sources in the translation's words, one per English source, or None. Optional:
    a source's title stays as published, so a translation may leave the sources in English; one
    that gives them translates what the chart says of each (what it took from it)."""
    if value is None or not english:
        return None
    what = "chart 'sources'"
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        add(f"{what} must be a list of text")
    elif len(value) != len(english):
        add(f"{what} has {len(value)} items; the English has {len(english)}, one for each")
    elif all(text_ok(v, what, None) for v in value):
        return tuple(value)
    return None


def _member(doc: dict, key: str, add: Callable[..., None]) -> dict:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        add(f"'{key}' must be an object")
        return {}
    return value


def _text(
    value: Any, what: str, zone: str | None, add: Callable[..., None], text_ok: TextCheck
) -> str | None:
    if value is None:
        add(f"no translation of {what}", zone)
        return None
    if not isinstance(value, str) or not value.strip():
        add(f"{what} must be non-empty text", zone)
        return None
    return value if text_ok(value, what, zone) else None


def _zone_texts(
    entry: Any, foot: str, row: Any, bad: Callable[[str], None], text_ok: TextCheck
) -> dict[str, Any]:
    """The usable fields of one zone on one foot; ``bad`` hears of each missing or unusable one."""
    if entry is None:
        bad(f"no translation of this zone on the {row.view} view")
        return {}
    if not isinstance(entry, dict):
        return {}  # reported with the chart's zones
    own = entry.get(foot, {})
    own = own if isinstance(own, dict) else {}
    found: dict[str, Any] = {}
    zone = row.zone_id

    def text(key: str, english: str, source: dict, what: str) -> str | None:
        if not english:  # nothing to translate
            return None
        return _text(source.get(key), f"'{what}'", zone, lambda message, _zone: bad(message), text_ok)

    for key in TEXT_FIELDS:
        value = text(key, getattr(row, key), {**entry, **own}, key)
        if value is not None:
            found[key] = value
    technique = {**_dict(entry.get("technique")), **_dict(own.get("technique"))}
    found["technique"] = {}
    for key in TECHNIQUE_FIELDS:
        value = text(key, row.technique.get(key, ""), technique, f"technique.{key}")
        if value is not None:
            found["technique"][key] = value
    for key, one_per_item in LIST_FIELDS.items():
        english = getattr(row, key)
        value = own.get(key, entry.get(key))
        if not english:
            continue
        if value is None:
            bad(f"no translation of '{key}'")
        elif (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v.strip() for v in value)
            or not value
        ):
            bad(f"'{key}' must be a non-empty list of text")
        elif one_per_item and len(value) != len(english):
            bad(f"'{key}' has {len(value)} items; the English has {len(english)}, one for each")
        elif all(text_ok(v, f"'{key}'", zone) for v in value):
            found[key] = tuple(value)
    return found


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def apply_translation(
    zones: pd.DataFrame, overlays: pd.DataFrame, info: Any, translation: Translation | None, language: str
) -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    """The chart's zones, overlays and metadata in ``language``, row for row: each text from
    ``translation`` where it has it, else the English behind :func:`untranslated`'s marker.

    A chart with no translation into ``language`` at all (``translation`` None) keeps its English
    unmarked: a marker on every text says nothing a reader has not seen at the first one, so the
    app says it once instead (``AppState.untranslated_chart_note``). Keywords fall back unmarked:
    they are search words nobody reads. Overlays keep their English ``name`` (code finds guide
    lines by it) and get the translated ``label``.
    """
    t = translation or Translation(language, "")

    def mark(text: str) -> str:
        return text if translation is None else untranslated(text, language)

    rows = []
    for row in zones.itertuples(index=False):
        texts = t.zones.get((row.zone_id, row.foot, row.view), {})
        technique = texts.get("technique", {})
        rows.append(
            {
                "name": texts.get("name") or mark(row.name),
                "body_areas": texts.get("body_areas") or tuple(map(mark, row.body_areas)),
                "technique": {k: technique.get(k) or mark(v) for k, v in row.technique.items()},
                "caveats": texts.get("caveats") or tuple(map(mark, row.caveats)),
                "notes": texts.get("notes") or mark(row.notes),
                "keywords": texts.get("keywords") or row.keywords,
            }
        )
    translated = zones.copy()
    for column in ("name", "body_areas", "technique", "caveats", "notes", "keywords"):
        translated[column] = [r[column] for r in rows]
    overlays = overlays.assign(label=[t.overlays.get(n) or mark(n) for n in overlays["name"]])
    info = dataclasses.replace(
        info,
        **{key: t.info.get(key) or mark(getattr(info, key)) for key in INFO_FIELDS},
        sources=t.info.get("sources") or info.sources,  # else as published
    )
    return translated, overlays, info
