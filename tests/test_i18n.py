"""The language machinery: the marker for text that falls back to English."""

from reflexmap.i18n import UNTRANSLATED, is_untranslated, untranslated


def test_untranslated_marks_english_shown_to_another_language():
    marked = untranslated("Liver", "ru")
    assert marked != "Liver" and marked.endswith("Liver") and is_untranslated(marked)
    assert untranslated(marked, "ru") == marked  # never twice


def test_untranslated_leaves_english_and_empty_text_alone():
    assert untranslated("Liver", "en") == "Liver"
    assert untranslated("", "ru") == ""
    assert not is_untranslated("Liver") and UNTRANSLATED.strip()
