"""Exports in another language: the PDF handout, the quiz sheet and the pictures speak Russian,
in a font that has its letters (no missing-glyph boxes), and English stays as it was."""

from __future__ import annotations

import io
import subprocess
import warnings
import xml.etree.ElementTree as ET

import matplotlib.image as mpimg
import pytest

from reflexmap import content, load_chart
from reflexmap.export.images import render_image
from reflexmap.export.language import SYSTEM_NAMES, _, language, speaking
from reflexmap.export.pdf import render_handout, render_quiz_sheet
from reflexmap.i18n import translator

from .test_export_files import need, page_images, pdf_text, squash, svg_texts


@pytest.fixture(scope="module")
def chart():
    return load_chart()


@pytest.fixture(scope="module")
def handout_ru(chart, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "handout-ru.pdf"
    path.write_bytes(render_handout(chart, lang="ru"))
    return path


def test_the_russian_handout_reads_in_russian(handout_ru):
    text = squash(pdf_text(handout_ru))
    ru = translator("ru").gettext
    safety = content.safety("ru")
    for phrase in (
        safety.notice,
        safety.contraindications[0],
        ru("Safety"),
        ru("How to work it"),
        ru("Page {page} of {pages}").format(page=1, pages=""),
        ru(SYSTEM_NAMES["digestive"]),
        ru("Left foot"),
    ):
        assert squash(phrase) in text, phrase
    for english in ("Safety", "Page 1 of", "Howtoworkit", "Leftfoot", "Donotmassagethefeetwith"):
        assert english not in text


def test_the_russian_handout_embeds_its_font(handout_ru):
    """Cyrillic is set in embedded DejaVu Sans: the base-14 fonts have no Cyrillic letters."""
    fonts = subprocess.run([need("pdffonts"), str(handout_ru)], check=True, capture_output=True, text=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:]]
    dejavu = [row for row in rows if "DejaVuSans" in row[0]]
    assert dejavu and all(row[-5] == "yes" for row in dejavu)  # the "emb" column


def test_the_russian_handout_pages_are_pictured(handout_ru):
    pages = page_images(handout_ru, "handout-ru")
    assert len(pages) >= 3
    assert mpimg.imread(pages[0]).shape[0] > 400


def test_the_russian_quiz_sheet(chart, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_quiz_sheet(chart, lang="ru"))
    text = squash(pdf_text(path))
    assert squash(translator("ru").gettext("Answer key")) in text and "Answerkey" not in text


def test_russian_pictures_have_every_glyph(chart):
    """matplotlib warns "Glyph ... missing from font" where it would draw a box."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_image(chart, lang="ru", width_px=600)
        svg = render_image(chart, fmt="svg", lang="ru", width_px=600)
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert mpimg.imread(io.BytesIO(png)).shape[1] == 600
    words = " ".join(svg_texts(ET.fromstring(svg)))
    ru = translator("ru").gettext
    assert ru("Left foot") in words and ru("Reflexology does not diagnose or treat disease.") in words
    assert ru(SYSTEM_NAMES["nervous"]) in words and "Left foot" not in words


def test_english_is_unchanged_by_default(chart):
    words = " ".join(svg_texts(ET.fromstring(render_image(chart, fmt="svg", width_px=600))))
    assert "Left foot" in words and "Nervous" in words


def test_the_language_of_an_export_is_set_for_its_block_only():
    assert language() == "en"
    with speaking("ru"):
        assert language() == "ru" and _("Answer key") == translator("ru").gettext("Answer key")
    assert language() == "en" and _("Answer key") == "Answer key"
