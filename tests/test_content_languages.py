"""Content in every language: complete, and falling back to marked English where it is not."""

from __future__ import annotations

import pytest

from reflexmap import content
from reflexmap.content import translations
from reflexmap.i18n import LANGUAGES, translator, untranslated

OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_content_text_is_translated(lang):
    assert translations.problems(lang) == []


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translated_content_keeps_the_english_structure(lang):
    """Ids, zones, routines and safety links come from the English files, whatever the sidecar says."""
    en, other = content.handbook(), content.handbook(lang)
    assert [e.entry_id for e in other.entries] == [e.entry_id for e in en.entries]
    assert [(e.zones, e.routine, e.safety, e.category) for e in other.entries] == [
        (e.zones, e.routine, e.safety, e.category) for e in en.entries
    ]
    assert [e.title for e in other.entries] != [e.title for e in en.entries]
    assert [len(r.steps) for r in content.routines(lang).routines] == [
        len(r.steps) for r in content.routines().routines
    ]
    stops = [p.stops for p in content.safety().precautions]
    assert [p.stops for p in content.safety(lang).precautions] == stops


def test_a_language_without_content_falls_back_to_marked_english():
    book = content.handbook("xx")
    first = content.handbook().entries[0]
    assert book.entries[0].title == untranslated(first.title, "xx") != first.title
    assert content.safety("xx").notice == untranslated(content.safety().notice, "xx")
    assert "content/xx/handbook.json: no such file" in translations.problems("xx")


def test_a_missing_or_misshapen_text_is_named_and_falls_back(monkeypatch):
    english = translations.english("handbook.json")
    entry = english["entries"][0]
    sidecar = {"entries": [{"entry_id": entry["entry_id"], "title": "Заголовок", "body": ["one"]}]}
    monkeypatch.setattr(translations, "sidecar", lambda name, lang: sidecar)
    merged, missing = translations.overlay("handbook.json", english, "ru")
    first = merged["entries"][0]
    assert first["title"] == "Заголовок"
    assert first["summary"] == untranslated(entry["summary"], "ru")
    assert first["body"] == [untranslated(text, "ru") for text in entry["body"]]
    where = f"content/ru/handbook.json: entries '{entry['entry_id']}'"
    assert f"{where}: summary: missing" in missing
    assert f"{where}: body: 1 items where English has {len(entry['body'])}" in missing
    assert first["zones"] == entry["zones"] and first["category"] == entry["category"]


def test_every_place_off_the_foot_has_its_own_sentence():
    """A step off the foot reads as a whole sentence for its place, not a generic one."""
    places = {step.on for routine in content.routines().routines for step in routine.steps} - {"foot"}
    assert places <= set(content.OFF_THE_FOOT)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_words_content_adds_itself_are_translated(lang):
    """Headings, categories and sentences the content module words itself, in the reader's language."""
    gettext = translator(lang).gettext
    own = [*content.SAFETY_TITLES.values(), *content.CATEGORY_TITLES.values(), *content.OFF_THE_FOOT.values()]
    assert [text for text in own if gettext(text) == text] == []
    condition = content.conditions(lang)[0]
    assert "Reflexology" not in condition.notice and condition.name in condition.notice
    heading, lines = content.safety_section(content.safety(lang), "pregnancy")
    assert heading == gettext("Pregnancy") and not any(line.startswith("Not during") for line in lines)
    assert "section" not in str(content.handbook(lang).entries[0].sources[0])


def test_the_russian_handbook_is_searched_in_russian_with_yo_read_as_ye():
    book = content.handbook("ru")
    found = [e.entry_id for e in book.search("отеки")]  # the text writes "отёки"
    assert "lymphatic-drainage-massage" in found
    assert [e.entry_id for e in book.search("ОТЁКИ")] == found
    assert book.search("плоскостопие")[0].entry_id == "flat-feet-course"
    assert "flat-feet-course" in [e.entry_id for e in book.search("flat feet")]  # English still works
