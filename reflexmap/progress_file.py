"""A student's quiz progress as a file: saved in one browser, imported in another.

The file is JSON a person can read::

    {"format": "reflexmap-progress", "version": 1, "chart": "Reflex zones of the soles ...",
     "progress": {"version": 2, "items": {"liver|right": {"box": 3, "seen": 4, "right": 3},
                                         "name:liver|right": {"box": 1, "seen": 1, "right": 0}}}}

Unlike the browser's own copy (read leniently by :meth:`Progress.from_json`, which never fails),
a file a student picks is checked strictly before it replaces anything: a file that is too big,
not JSON, of another format or a newer version, or names a zone this chart does not have, is
refused with a :class:`ProgressFileError` that says why, and nothing changes.
"""

from __future__ import annotations

import json

from .model import Chart
from .quiz import (
    MAX_BOX,
    MAX_COUNT,
    MAX_ITEMS,
    MIN_BOX,
    PROGRESS_VERSION,
    Progress,
    card_zone,
    is_card_key,
    is_item_key,
)

FORMAT = "reflexmap-progress"
FILE_VERSION = 1
MAX_FILE_BYTES = 512_000
"""A progress file of the largest chart is under 200 kB; anything bigger is not one."""
_SHOWN = 3  # unknown zones named in a refusal


class ProgressFileError(ValueError):
    """A progress file that cannot be imported; the message is the reason, for the student."""


def progress_file(progress: Progress, chart: Chart) -> str:
    """The progress as the text of a file to download (UTF-8 JSON, indented to be readable)."""
    data = {
        "format": FORMAT,
        "version": FILE_VERSION,
        "chart": chart.info.title,
        "progress": json.loads(progress.to_json()),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _whole(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def read_progress_file(data: bytes | str, chart: Chart) -> Progress:
    """The progress in a file made by :func:`progress_file`, checked against ``chart``.

    Raises :class:`ProgressFileError` with the reason for a file that is too big, not UTF-8 JSON,
    not a reflexmap progress file, of a version this reflexmap does not read, malformed, or about
    zones this chart does not have.
    """
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_FILE_BYTES:
        raise ProgressFileError(
            f"The file is {size // 1000} kB; a progress file is at most {MAX_FILE_BYTES // 1000} kB."
        )
    try:
        text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
        raw = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProgressFileError("This is not a reflexmap progress file: it is not JSON text.") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ProgressFileError(
            "This is not a reflexmap progress file (use 'My quiz progress' under Downloads to make one)."
        )
    version = raw.get("version")
    if type(version) is not int or version < 1:
        raise ProgressFileError("The file has no valid version number.")
    if version > FILE_VERSION:
        raise ProgressFileError(
            f"The file was saved by a newer reflexmap (file version {version}); "
            f"this one reads version {FILE_VERSION}. Please update reflexmap."
        )
    inner = raw.get("progress")
    inner_version = inner.get("version") if isinstance(inner, dict) else None
    # version 1 (before the Which-foot and How-to-work-it questions) is read and migrated
    if inner_version not in (1, PROGRESS_VERSION) or type(inner_version) is not int:
        raise ProgressFileError("The file's progress is missing or of an unknown version.")
    items = inner.get("items")
    if not isinstance(items, dict):
        raise ProgressFileError("The file's progress has no list of zones.")
    # version 1 kept one item for two cards (Find it and Name it)
    cards = len(items) * (2 if inner_version == 1 else 1)
    if cards > MAX_ITEMS:
        raise ProgressFileError(
            f"The file holds {cards} answers to remember; reflexmap keeps at most {MAX_ITEMS}."
        )
    clean: dict[str, dict[str, int]] = {}
    unknown: list[str] = []
    for key, entry in items.items():
        if not (is_item_key(key) if inner_version == 1 else is_card_key(key)):
            raise ProgressFileError(f"The file names a zone in an unknown form: {key[:60]!r}.")
        zone_id = card_zone(key)
        foot = key.rpartition("|")[2] if "|" in key else None  # "foot:" and "technique:" cards: any foot
        # a card may be of a zone on any view (the quiz asks about the view on screen)
        on = any(
            chart.has_zone(zone_id, foot, view) if foot else chart.feet_of(zone_id, view)
            for view in chart.views
        )
        where = f"{zone_id} ({foot} foot)" if foot else zone_id
        if not on:
            unknown.append(where)
            continue
        if not isinstance(entry, dict) or not (
            _whole(entry.get("box"), MIN_BOX, MAX_BOX)
            and _whole(entry.get("seen"), 0, MAX_COUNT)
            and _whole(entry.get("right"), 0, entry.get("seen") if type(entry.get("seen")) is int else -1)
        ):
            raise ProgressFileError(
                f"The entry for {where} is damaged: it needs a box from {MIN_BOX} to "
                f"{MAX_BOX} and whole counts (right no more than seen)."
            )
        clean[key] = {name: entry[name] for name in ("box", "seen", "right")}
    if unknown:
        more = f" and {len(unknown) - _SHOWN} more" if len(unknown) > _SHOWN else ""
        saved_on = raw.get("chart")
        where = f" It was saved on '{str(saved_on)[:80]}'." if isinstance(saved_on, str) and saved_on else ""
        raise ProgressFileError(
            f"The file is about zones this chart does not have: {', '.join(unknown[:_SHOWN])}{more}.{where} "
            "Load the chart it was saved on first."
        )
    # every entry is checked and fits: read as the browser's own copy is (version 1 migrated)
    return Progress.from_items(inner_version, clean)


__all__ = ["FORMAT", "MAX_FILE_BYTES", "ProgressFileError", "progress_file", "read_progress_file"]
