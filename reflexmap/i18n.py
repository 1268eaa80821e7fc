"""The languages reflexmap speaks and the catalogues of its interface text (no Panel, no Bokeh).

Interface text is English in the source, wrapped where it is shown: ``state._("Show zone names")`` in
the dashboard, ``translator(lang).gettext(...)`` elsewhere. Text defined once at import time (tab
names, labels in tuples) is marked with :func:`N_` and translated where it is shown, because the
language belongs to a page, not to the process.

The catalogues are ``locale/<lang>/LC_MESSAGES/reflexmap.po`` (kept in git, edited by translators);
the compiled ``.mo`` beside each is built from it here, the first time a language is asked for after
the ``.po`` changed (or in memory, in an installed package or where the folder cannot be written).

Text with no translation in the reader's language is shown in English with :data:`UNTRANSLATED`
before it (:func:`untranslated`), so a reader, a translator and a test all see the gap.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs

LANGUAGES: tuple[str, ...] = ("en", "ru")
# each language named in itself: a reader looks for their own language's name, not its English one
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"
DOMAIN = "reflexmap"
LOCALE_DIR = Path(__file__).with_name("locale")
# visible, short and the same in every language: it names the language the text is really in
UNTRANSLATED = "[en] "


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (it is translated where shown)."""
    return message


def catalogue_path(lang: str) -> Path:
    """The ``.po`` file of ``lang``'s interface text (it may not exist)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes of the catalogue ``po`` (untranslated and fuzzy entries left out), written
    beside it when it is missing or older than ``po``."""
    mo = po.with_suffix(".mo")
    try:
        if mo.stat().st_mtime >= po.stat().st_mtime:
            return mo.read_bytes()
    except FileNotFoundError:
        pass
    # Babel only when a catalogue changed: an installed package whose .mo is current never needs it
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as file:
        catalogue = read_po(file)
    out = io.BytesIO()
    write_mo(out, catalogue)
    data = out.getvalue()
    if _installed(po):
        # a file pip did not install is one pip leaves behind when it uninstalls: the folder it
        # stays in then hides an editable install of the same package (README's test command
        # after its first one), and `reflexmap` no longer imports
        return data
    try:  # written next to the .po for the next process; a read-only folder compiles in memory
        temporary = mo.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(mo)  # atomic: another process never reads half a file
    except OSError:
        pass
    return data


def _installed(path: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in path.parts)


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; English, or a language without a catalogue, passes text through."""
    po = catalogue_path(lang)
    if lang == DEFAULT_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compiled(po)))


def pick_language(asked: str | None = None, accepted: str | None = None) -> str:
    """The language to speak: ``asked`` (``?lang=ru``, ``--lang``) if reflexmap speaks it, else the
    first language of ``accepted`` (an Accept-Language header, ``ru-RU,ru;q=0.9,en;q=0.8``) that it
    speaks, else English."""
    if asked and asked.strip().lower() in LANGUAGES:
        return asked.strip().lower()
    ranked = []
    for position, part in enumerate((accepted or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = re.search(r"q=([^;\s]*)", params)
        try:
            weight = float(quality.group(1)) if quality else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, position, tag.split("-")[0].strip().lower()))
    for weight, _, lang in sorted(ranked):
        if weight < 0 and lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


class Request(Protocol):
    """What :func:`request_language` reads of an HTTP request (a Tornado ``HTTPServerRequest``)."""

    query: str
    headers: Mapping[str, str]


def request_language(request: Request) -> str:
    """The language an HTTP request asks for: its ``?lang=``, else its Accept-Language (as a new
    session decides, ``dashboard.language.page_language``). Here, beside :func:`pick_language`,
    so that the server's Host check can answer in the reader's language without loading Panel."""
    asked = parse_qs(request.query).get("lang", [None])[0]
    return pick_language(asked, request.headers.get("Accept-Language"))


def untranslated(text: str, lang: str) -> str:
    """English ``text`` shown to a ``lang`` reader because it has no translation, marked as such.

    English readers (and empty text) get the text unchanged; text already marked is not marked twice.
    """
    if lang == DEFAULT_LANGUAGE or not text or text.startswith(UNTRANSLATED):
        return text
    return UNTRANSLATED + text


def is_untranslated(text: str) -> bool:
    """Whether ``text`` carries the marker of :func:`untranslated`."""
    return text.startswith(UNTRANSLATED)


def in_language(chart, lang: str):
    """``chart`` (a Chart) with its texts (zone names, techniques, cautions) in ``lang``: the chart
    loader's ``Chart.translated``; the chart itself in English or where the loader does not
    translate yet."""
    if lang == DEFAULT_LANGUAGE or not hasattr(chart, "translated"):
        return chart
    return chart.translated(lang)
