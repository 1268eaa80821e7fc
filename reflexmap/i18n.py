"""The languages reflexmap speaks and the catalogues of its interface text (no Panel, no Bokeh).

Interface text is English in the source, wrapped where it is shown: ``state._("Show zone names")`` in
the dashboard, ``translator(lang).gettext(...)`` elsewhere. Text defined once at import time (tab
names, labels in tuples) is marked with :func:`N_` and translated where it is shown, because the
language belongs to a page, not to the process.

Text with no translation in the reader's language is shown in English with :data:`UNTRANSLATED`
before it (:func:`untranslated`), so a reader, a translator and a test all see the gap.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT_LANGUAGE = "en"
DOMAIN = "reflexmap"
LOCALE_DIR = Path(__file__).with_name("locale")
# visible, short and the same in every language: it names the language the text is really in
UNTRANSLATED = "[en] "


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (it is translated where shown)."""
    return message


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; English, or a language without a catalogue, passes text through."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


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
