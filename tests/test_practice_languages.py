"""The safety screening in another language: the same questions (same ids) and verdicts, worded
in the reader's language from its safety content and catalogue."""

from __future__ import annotations

import re

import pytest

from reflexmap import content
from reflexmap.i18n import LANGUAGES
from reflexmap.practice import CHILD, GO_AHEAD, PREGNANT, evaluate, routine_screening, screening_questions

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]
LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_screening_asks_the_same_questions_in_the_language(lang):
    english = screening_questions(content.safety())
    questions = screening_questions(content.safety(lang))
    assert [q.question_id for q in questions] == [q.question_id for q in english]
    assert [(q.group, q.depends_on, q.stops) for q in questions] == [
        (q.group, q.depends_on, q.stops) for q in english
    ]
    assert [q.text for q in questions if LATIN.search(q.text)] == []
    fitted = routine_screening(questions, for_children=True)
    assert fitted[-1].question_id == GO_AHEAD and not LATIN.search(fitted[-1].text)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_verdict_is_worded_in_the_language_and_decides_as_in_english(lang):
    def cases(questions):
        no = {q.question_id: False for q in questions}
        pregnancy = next(q.question_id for q in questions if q.depends_on == PREGNANT)
        fitted = routine_screening(questions, True)
        return [
            (questions, {}),
            (questions, no),
            (questions, {**no, questions[0].question_id: True}),
            (questions, {**no, PREGNANT: True}),
            (questions, {**no, PREGNANT: True, pregnancy: True}),
            (questions, {**no, CHILD: True}),
            (fitted, {q.question_id: False for q in fitted}),
        ]

    verdicts = [evaluate(*case) for case in cases(screening_questions(content.safety(lang)))]
    english = [evaluate(*case) for case in cases(screening_questions(content.safety()))]
    stops = [True, False, True, False, True, True, True]
    assert [v.stop for v in verdicts] == [v.stop for v in english] == stops
    for verdict in verdicts:
        assert not LATIN.search(verdict.title), verdict.title
        assert not LATIN.search(verdict.message), verdict.message
        assert all(not LATIN.search(reason) for reason in verdict.reasons)
