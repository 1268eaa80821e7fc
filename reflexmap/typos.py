"""Typo correction for search: a misspelt word becomes the nearest word the chart knows.

"livr" -> "liver", "hart" -> "heart", "kindey" -> "kidney". Only a word that appears nowhere in
the chart's words (not even as part of one, so typing "liv" is never "corrected") and that is
at least :data:`MIN_LENGTH` long is replaced; shorter words have too many near neighbours.

The offline export runs the same rule in the page (``rmCorrect`` in ``reflexmap/web/js/search.js``),
on the vocabulary computed here: the similarity is rapidfuzz's optimal string alignment
(Levenshtein plus adjacent transpositions, so "kindey" is one edit from "kidney"), normalized by
the longer word, which is a few lines of JavaScript. ``tests/test_js_parity.py`` holds the two
equal over every zone and generated typos.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LENGTH = 4
# One edit in four or five letters, two in eight or more. Exact in binary (3/4), so Python and
# JavaScript compare the same number with it.
CUTOFF = 0.75


class Vocabulary:
    """The words a chart's search knows, sorted, and all of them joined for a substring test."""

    def __init__(self, texts: Iterable[str]):
        words = {word for text in texts for word in re.split(r"\W+", text) if word}
        self.words: tuple[str, ...] = tuple(sorted(words))
        self.joined = "\n".join(self.words)

    def nearest(self, word: str) -> str | None:
        """The known word most like ``word`` (alphabetically first on a tie), if close enough."""
        found = process.extract(
            word, self.words, scorer=OSA.normalized_similarity, score_cutoff=CUTOFF, limit=None
        )
        if not found:
            return None
        return min(found, key=lambda hit: (-hit[1], hit[0]))[0]

    def correct(self, query: str) -> str:
        """``query`` (already normalized: words separated by single spaces) with its unknown
        words replaced by their nearest known word; unchanged when nothing needs correcting."""
        words = query.split(" ")
        for i, word in enumerate(words):
            if len(word) >= MIN_LENGTH and word not in self.joined:
                words[i] = self.nearest(word) or word
        return " ".join(words)
