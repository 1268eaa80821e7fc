"""The quiz in another language: every question, feedback, score line and summary is worded in
it; a zone's name is the chart's own (``chart.translated(lang)``), set apart so no sentence has to
decline it. The decisions are the same as in English."""

from __future__ import annotations

import random
import re

import pytest

from reflexmap.i18n import LANGUAGES
from reflexmap.quiz import FindIt, NameIt, Progress, Round, WhichFoot, pool, progress_text

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
QUOTED = re.compile(r"«[^»]*»")
LATIN = re.compile(r"[A-Za-z]{3,}")


def english_left(text: str, chart_text: tuple[str, ...] = ()) -> list[str]:
    """English words outside the quoted zone names and other chart text (the chart's own words,
    English here: technique values offered as choices)."""
    for value in sorted(chart_text, key=len, reverse=True):
        text = text.replace(value, "")
    return LATIN.findall(QUOTED.sub("", text))


def answer(rnd: Round, chart, right: bool):
    q = rnd.question
    if isinstance(q, FindIt):
        foot = q.foot if right else ("left" if q.foot == "right" else "right")
        zone = q.zone_id if right else next(z for z in chart.zones["zone_id"] if z != q.zone_id)
        return rnd.answer(clicked=[zone], foot=foot)
    wrong = next(c for c in q.choices if c != q.answer)
    return rnd.answer(choice=q.answer if right else wrong)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_a_mixed_round_speaks_the_language_and_decides_as_in_english(default_map, lang):
    results = {}
    for language in ("en", lang):
        rnd = Round(
            default_map,
            pool(default_map),
            Progress(),
            length=16,
            mode="mixed",
            rng=random.Random(5),
            lang=language,
        )
        said, outcomes = [], []
        for i in range(16):
            question = rnd.question
            chart_text = () if isinstance(question, (FindIt, WhichFoot)) else question.choices
            said.append((question.prompt, chart_text))
            if isinstance(question, WhichFoot):
                said.append((" ".join(question.choices), ()))
            feedback = answer(rnd, default_map, right=i % 3 != 0)
            outcomes.append((question.card, feedback.correct))
            said += [(feedback.message, chart_text), (rnd.status(), ())]
            rnd.next()
        said.append((rnd.summary(), tuple(default_map.zones["name"])))
        results[language] = (outcomes, rnd.score)
    assert {card.split(":")[0] for card, _ in outcomes if ":" in card} == {"name", "foot", "technique"}
    assert [text for text, chart_text in said if english_left(text, chart_text)] == []
    assert results["en"] == results[lang]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_which_foot_is_answered_with_the_languages_choices(default_map, lang):
    rnd = Round(default_map, ["heart|left"], Progress(), mode="foot", rng=random.Random(0), lang=lang)
    question = rnd.question
    assert isinstance(question, WhichFoot) and question.answer in question.choices
    assert not english_left(" ".join(question.choices))
    assert rnd.answer(choice=question.answer).correct


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_progress_and_a_near_miss_are_worded_in_the_language(default_map, lang):
    keys = pool(default_map)
    assert not english_left(progress_text(keys, Progress(), lang=lang))
    rnd = Round(default_map, ["pituitary|left"], Progress(), mode="find", rng=random.Random(0), lang=lang)
    zone = default_map.zone("pituitary", "left").geometry
    x, y = zone.centroid.x, zone.bounds[3] + 1.0  # just above the tiny zone
    feedback = rnd.answer(clicked=default_map.locate_chart("left", [x], [y])[0], foot="left", point=(x, y))
    assert feedback.distance_mm is not None and not english_left(feedback.message), feedback.message
    names = tuple(default_map.zones["name"])
    assert not english_left(rnd.summary(), names) and not english_left(rnd.status())
    name_it = Round(default_map, ["liver|right"], Progress(), mode="name", rng=random.Random(0), lang=lang)
    assert isinstance(name_it.question, NameIt) and not english_left(name_it.question.prompt)
