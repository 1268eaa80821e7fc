"""The page's language in a browser test: what a test reads or types, in that language.

A test that reads or types user text takes the ``ui`` fixture (conftest), which runs it once in
English and once in Russian. It opens ``ui.url(server)`` and looks for ``ui._("English text")``:
the interface text from the same catalogue the page uses, and the zone texts from the chart in
that language (``ui.chart``). So the Russian run asserts Russian text, never a copy of the
expected answer.
"""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reflexmap import load_map
from reflexmap.i18n import DEFAULT_LANGUAGE, translator
from reflexmap.labels import FOOT_LABEL
from reflexmap.model import ZoneMap
from reflexmap.web.details_html import zone_details_html

# an everyday word for the lower back in each language, as a person types it into the search
LOWER_BACK = {"en": "lower back", "ru": "поясница"}


class UiLang:
    """One language of the page: its code, its interface text and its chart."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._words = translator(code)

    def __repr__(self) -> str:
        return f"UiLang({self.code!r})"

    def _(self, message: str, **fields: object) -> str:
        """``message`` (the English msgid) as the page shows it, its ``{fields}`` filled in."""
        text = self._words.gettext(message)
        return text.format(**fields) if fields else text

    def n_(self, singular: str, plural: str, n: int, **fields: object) -> str:
        """The plural form for ``n``, its ``{fields}`` filled in."""
        return self._words.ngettext(singular, plural, n).format(**fields)

    def p_(self, context: str, message: str) -> str:
        """``message`` in its catalogue ``context`` (``pgettext``)."""
        return self._words.pgettext(context, message)

    def url(self, base: str) -> str:
        """``base`` asking for this language (``?lang=ru``). English leaves the address as it is:
        the test browser's own language is English, and the English runs stay as they always were."""
        if self.code == DEFAULT_LANGUAGE:
            return base
        scheme, netloc, path, query, fragment = urlsplit(base)
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
        return urlunsplit(
            (scheme, netloc, path, urlencode([*pairs, ("lang", self.code)], safe=","), fragment)
        )

    @functools.cached_property
    def whole(self) -> ZoneMap:
        """The default chart (every view) with its texts in this language."""
        return load_map().translated(self.code)

    @functools.cached_property
    def chart(self) -> ZoneMap:
        """The soles in this language: the view the app opens on (same ids and geometry in every
        language, so it also gives the points to click)."""
        return self.whole.for_view("plantar")

    def name(self, zone_id: str, foot: str | None = None) -> str:
        """The zone's name on the soles, as the page shows it."""
        return self.chart.zone(zone_id, foot=foot).name

    def foot(self, foot: str) -> str:
        """The foot's tag in the details ("Left foot", "Right foot")."""
        return self._(FOOT_LABEL[foot])

    def details_html(self, zone_id: str, foot: str) -> str:
        """The details the page shows for a zone of the soles, in this language."""
        return zone_details_html(self.chart, zone_id, foot, self.code)
