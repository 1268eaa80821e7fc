"""The languages reflexmap speaks and the catalogues of its interface text (no Panel, no Bokeh).

Interface text is English in the source, wrapped where it is shown: ``state._("Show zone names")`` in
the dashboard, ``translator(lang).gettext(...)`` elsewhere. Text defined once at import time (tab
names, labels in tuples) is marked with :func:`N_` and translated where it is shown, because the
language belongs to a page, not to the process.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT_LANGUAGE = "en"
DOMAIN = "reflexmap"
LOCALE_DIR = Path(__file__).with_name("locale")


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (it is translated where shown)."""
    return message


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; English, or a language without a catalogue, passes text through."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def untranslated(text: str, lang: str) -> str:
    """``text`` shown in English where ``lang`` has no translation of it, visibly marked.

    Temporary copy in the i18n-content branch (i18n-ui owns the real one); same signature.
    """
    if lang == DEFAULT_LANGUAGE:
        return text
    return f"[EN] {text}"
