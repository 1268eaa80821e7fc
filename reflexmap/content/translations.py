"""Content in other languages: a sidecar file per language laid over the English one.

``content/<lang>/<name>.json`` (``content/ru/handbook.json``...) has the shape of the English
``content/<name>.json`` but holds only text:

- records in a list are matched by their id (``entry_id``, ``routine_id``, ``id``), so an entry
  can be translated without repeating anything else about it;
- lists of sentences (``body``, ``points``, ``steps``' texts...) are matched by position and must
  have as many items as the English list;
- word lists that a search reads (:data:`OWN_WORDS`: keywords, condition terms and areas) and the
  whole of ``synonyms.json`` are the language's own words, any number of them; the English words
  are kept after them so a query in either language, or both, finds the same thing;
- ids, zone ids, categories, published citations and other keys in :data:`NOT_TEXT` always come
  from the English file.

A text that is missing comes back in English, marked with :func:`reflexmap.i18n.untranslated`
(never an error), and :func:`problems` names it: file, record and field.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, untranslated

ID_KEYS = ("entry_id", "routine_id", "id")
NOT_TEXT = frozenset(
    {
        *ID_KEYS,
        "_about",
        "citation",
        "category",
        "kind",
        "zones",
        "regions",
        "routine",
        "safety",
        "duration_s",
        "on",
    }
)
OWN_WORDS = frozenset({"keywords", "terms", "areas"})
FILES = ("safety.json", "routines.json", "conditions.json", "handbook.json", "synonyms.json")
FREE_FILES = frozenset({"synonyms.json"})


def english(name: str) -> dict:
    """The English ``content/<name>`` file, parsed."""
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def sidecar(name: str, lang: str) -> dict | None:
    """The raw ``content/<lang>/<name>`` file, or ``None`` when the language has none."""
    path = resources.files(__package__).joinpath(lang, name)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def overlay(name: str, english: dict, lang: str) -> tuple[dict, list[str]]:
    """``english`` (the parsed ``content/<name>``) in ``lang``, and what its translation lacks.

    English, or a file the language does not translate, comes back as it is with no problems.
    """
    if lang == DEFAULT_LANGUAGE:
        return english, []
    translated = sidecar(name, lang)
    missing: list[str] = []
    where = f"content/{lang}/{name}"
    if translated is None:
        missing.append(f"{where}: no such file")
        translated = {}
    if name in FREE_FILES:
        return {**translated, **{k: v for k, v in english.items() if k not in translated}}, missing
    return _merge(english, translated, lang, where, missing), missing


def _merge(english: Any, translated: Any, lang: str, where: str, missing: list[str]) -> Any:
    if isinstance(english, str):
        if isinstance(translated, str) and translated.strip():
            return translated
        missing.append(f"{where}: missing")
        return untranslated(english, lang)
    if isinstance(english, dict):
        theirs = translated if isinstance(translated, dict) else {}
        return {
            key: _field(key, value, theirs.get(key), lang, f"{where}: {key}", missing)
            for key, value in english.items()
        }
    if isinstance(english, list) and english and isinstance(english[0], dict):
        return _records(english, translated if isinstance(translated, list) else [], lang, where, missing)
    if isinstance(english, list):
        theirs = translated if isinstance(translated, list) else []
        if theirs and len(theirs) != len(english):
            missing.append(f"{where}: {len(theirs)} items where English has {len(english)}")
            theirs = []
        return [
            _merge(text, theirs[i] if i < len(theirs) else None, lang, f"{where}[{i}]", missing)
            for i, text in enumerate(english)
        ]
    return english  # numbers and booleans are not text


def _field(key: str, english: Any, translated: Any, lang: str, where: str, missing: list[str]) -> Any:
    if key in NOT_TEXT:
        return english
    if key in OWN_WORDS:
        if not english:
            return english
        if not translated:
            missing.append(f"{where}: missing")
        return list(dict.fromkeys([*(translated or ()), *english]))
    return _merge(english, translated, lang, where, missing)


def _records(english: list[dict], translated: list, lang: str, where: str, missing: list[str]) -> list:
    """Records matched by id, or by position when they have none (a routine's steps)."""
    id_key = next((k for k in ID_KEYS if k in english[0]), None)
    if id_key is None:
        if translated and len(translated) != len(english):
            missing.append(f"{where}: {len(translated)} items where English has {len(english)}")
            translated = []
        pairs = [(record, translated[i] if i < len(translated) else None) for i, record in enumerate(english)]
        return [_merge(r, t, lang, f"{where}[{i}]", missing) for i, (r, t) in enumerate(pairs)]
    theirs = {t.get(id_key): t for t in translated if isinstance(t, dict)}
    return [
        _merge(record, theirs.get(record[id_key]), lang, f"{where} '{record[id_key]}'", missing)
        for record in english
    ]


def problems(lang: str) -> list[str]:
    """Every text ``lang`` lacks in the content files (empty when it is complete)."""
    found: list[str] = []
    for name in FILES:
        found += overlay(name, english(name), lang)[1]
    return found
