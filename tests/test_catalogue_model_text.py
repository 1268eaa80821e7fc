"""Every interface string of the model and export modules has a Russian translation.

Extracted the way Babel extracts the catalogue (``_``, ``N_``, ``gettext``, ``ngettext``), so a
new string that is marked but not translated fails here, not on a Russian reader's screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from reflexmap.i18n import LANGUAGES, translator

ROOT = Path(__file__).resolve().parents[1] / "reflexmap"
MODULES = [
    "content/__init__.py",
    "quiz.py",
    "practice.py",
    "knowledge.py",
    "export/language.py",
    "export/pdf.py",
    "export/images.py",
    "export/html.py",
    "export/progress.py",
]
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def messages() -> list[tuple[str | None, str | tuple[str, str]]]:
    """(context, message) of every marked string; a message with a plural is a tuple."""
    found = []
    for module in MODULES:
        for _line, message, _comments, context in extract_from_file(
            "python", ROOT / module, keywords=KEYWORDS
        ):
            if message and (context, message) not in found:
                found.append((context, message))
    return found


def test_the_modules_have_marked_text():
    assert len(messages()) > 150


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_marked_string_is_translated(lang):
    # the catalogue's own table: a translation may rightly read as the English ("{zone} ({foot})")
    table = translator(lang)._catalog
    missing = []
    for context, message in messages():
        key = message[0] if isinstance(message, tuple) else message
        key = f"{context}\x04{key}" if context else key  # how gettext files a message in a context
        if not table.get((key, 0) if isinstance(message, tuple) else key):
            missing.append(message)
    assert missing == []
