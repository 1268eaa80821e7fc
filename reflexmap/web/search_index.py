"""The data the offline page's search (``js/search.js``) scores, so that it answers as
:meth:`Chart.find` does without a server."""

from __future__ import annotations

from .. import content
from ..model import TYPO_WEIGHT, Chart, fold_for_search
from ..typos import CUTOFF, MIN_LENGTH


def search_index(chart: Chart, lang: str | None = None) -> dict:
    """Everything ``rmFind`` needs about every zone row of ``chart`` (every view, in
    ``chart.zones`` order), as plain JSON-able data.

    ``lang`` chooses the conditions a query may name (:meth:`Chart.condition` uses the chart's
    language, the default).
    """
    lang = lang or chart.language
    conditions = content.conditions(lang)
    return {
        "search": {column: values.tolist() for column, values in chart.search_table.items()},
        # the tie-breaks of find's order
        "name": chart.zones["name"].tolist(),
        "foot": chart.zones["foot"].tolist(),
        "typos": {
            "vocabulary": {"words": list(chart.vocabulary.words), "joined": chart.vocabulary.joined},
            "min_length": MIN_LENGTH,
            "cutoff": CUTOFF,
            "weight": TYPO_WEIGHT,
        },
        "conditions": [{"name": c.name, "notice": c.notice} for c in conditions],
        # as content.condition_in tries them: longest term first, each naming its condition
        "condition_terms": [[term, conditions.index(c)] for term, c in content.condition_terms(lang)],
        # longest first, as Chart.find tries them
        "synonyms": [
            [word, [fold_for_search(t) for t in terms]]
            for word, terms in sorted(chart.synonyms.items(), key=lambda item: -len(item[0]))
        ],
    }
