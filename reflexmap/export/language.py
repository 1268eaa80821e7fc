"""The language an export is being written in, and its words.

An export's own words (headings, "Page 1 of 3", "Left foot") are in one language for the whole
file. The language is set once where a file is made (:func:`speaking`) and read where a word is
written (:func:`_`), rather than passed down through every drawing helper: the helpers are shared
by the handout, the quiz sheet and the images, and a context variable stays right per thread and
per task, so two downloads in two languages at once do not mix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..i18n import DEFAULT_LANGUAGE, translator
from ..labels import SYSTEM_NAMES

_language: ContextVar[str] = ContextVar("export_language", default=DEFAULT_LANGUAGE)


@contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Write the export made inside this block in ``lang``."""
    token = _language.set(lang)
    try:
        yield lang
    finally:
        _language.reset(token)


def language() -> str:
    """The language of the export being written."""
    return _language.get()


def _(message: str) -> str:
    """``message`` in the language of the export being written."""
    return translator(_language.get()).gettext(message)


def system_name(system: str) -> str:
    """A body system's name for a legend or table, in the export's language."""
    return _(SYSTEM_NAMES[system]) if system in SYSTEM_NAMES else system
