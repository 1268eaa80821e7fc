"""The language machinery: choosing a language, the catalogues and their completeness, the marker
for text that falls back to English, and the dashboard built in Russian (no browser)."""

from __future__ import annotations

import io
import os
import re
import tokenize
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import reflexmap
from reflexmap.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    UNTRANSLATED,
    catalogue_path,
    compiled,
    is_untranslated,
    pick_language,
    translator,
    untranslated,
)

PACKAGE = Path(reflexmap.__file__).parent
ROOT = PACKAGE.parent
FIELD = re.compile(r"\{([^{}:!]*)[^{}]*\}")  # a str.format field, by name


def test_untranslated_marks_english_shown_to_another_language():
    marked = untranslated("Liver", "ru")
    assert marked != "Liver" and marked.endswith("Liver") and is_untranslated(marked)
    assert untranslated(marked, "ru") == marked  # never twice


def test_untranslated_leaves_english_and_empty_text_alone():
    assert untranslated("Liver", "en") == "Liver"
    assert untranslated("", "ru") == ""
    assert not is_untranslated("Liver") and UNTRANSLATED.strip()


@pytest.mark.parametrize(
    ("asked", "accepted", "expected"),
    [
        ("ru", None, "ru"),
        (" RU ", "en", "ru"),
        ("en", "ru-RU,ru;q=0.9", "en"),  # an explicit choice beats the browser's
        ("de", "ru-RU,ru;q=0.9,en;q=0.8", "ru"),  # a language we lack: the browser's decides
        (None, "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
        (None, "de-DE,de;q=0.9,ru;q=0.5,en;q=0.8", "en"),  # by weight, not by position
        (None, "en;q=0.1,ru;q=0.2", "ru"),
        (None, "ru;q=0", "en"),  # q=0 means "not this one"
        (None, "ru;q=abc, fr", "en"),
        (None, "", "en"),
        (None, None, "en"),
    ],
)
def test_pick_language(asked, accepted, expected):
    assert pick_language(asked, accepted) == expected


def _extracted() -> dict:
    """Every message the code marks for translation (``_``, ``gettext``, ``ngettext``, ``N_``,
    ``pgettext``...), keyed by (message, context), with its first place, as Babel's extraction
    (babel.cfg) finds them."""
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")]
    ):
        found.setdefault((message, context), f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted() -> dict:
    return _extracted()


def _catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_interface_string_is_translated(extracted, lang):
    """The catalogue of each language translates every string the code marks: a new string
    without its translation fails here, naming where it is."""
    catalogue = _catalogue(catalogue_path(lang))
    missing = []
    for (message, context), where in extracted.items():
        entry = catalogue.get(message, context)
        strings = entry.string if entry is not None else None
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{where}: {message!r}")
    assert not missing, f"{len(missing)} untranslated in {lang}:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_translations_keep_the_placeholders(lang):
    """A translation names the same {fields} as its English, or .format() would fail on the page."""
    wrong = []
    for entry in _catalogue(catalogue_path(lang)):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(FIELD.findall(ids[-1]))
        wrong += [f"{ids[0]!r} -> {s!r}" for s in strings if set(FIELD.findall(s)) != wanted]
    assert not wrong, "\n".join(wrong)


def test_the_template_holds_every_interface_string(extracted):
    """reflexmap.pot, where a new language starts, is up to date with the code."""
    template = _catalogue(LOCALE_DIR / "reflexmap.pot")
    stale = [f"{where}: {m!r}" for (m, ctx), where in extracted.items() if template.get(m, ctx) is None]
    assert not stale, "run the extraction in README's Languages section:\n" + "\n".join(stale)


def test_no_translated_literal_hides_in_an_f_string():
    """Babel's extractor does not read inside f-strings: _("...") there is never extracted (so
    never translated). Such text goes into a variable first."""
    hidden = []
    call = re.compile(r"""(?<![\w.])(?:\w+\.)*(?:_|gettext|ngettext|N_)\(\s*[rbuRBU]?["']""")
    for path in PACKAGE.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            prefix = re.match(r"[A-Za-z]*", token.string).group().lower()
            if token.type == tokenize.STRING and "f" in prefix and call.search(token.string):
                hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not hidden, "\n".join(hidden)


QUIZ_PO = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Quiz"\nmsgstr "Тест"\n'


def test_a_catalogue_is_compiled_when_missing_or_older(tmp_path):
    po = tmp_path / "reflexmap.po"
    po.write_text(QUIZ_PO, encoding="utf-8")
    first = compiled(po)
    mo = tmp_path / "reflexmap.mo"
    assert mo.read_bytes() == first and "Тест".encode() in first
    po.write_text(po.read_text(encoding="utf-8").replace("Тест", "Викторина"), encoding="utf-8")
    newer = mo.stat().st_mtime + 5
    os.utime(po, (newer, newer))
    assert "Викторина".encode() in compiled(po)  # the .po changed: built again
    assert not list(tmp_path.glob("*.tmp"))  # written whole, then moved into place


def test_an_installed_catalogue_is_compiled_in_memory(tmp_path):
    # a .mo written into site-packages outlives `pip uninstall`, and its folder then hides an
    # editable install of reflexmap (README's test command run after its first command)
    po = tmp_path / "venv" / "lib" / "site-packages" / "reflexmap" / "locale" / "reflexmap.po"
    po.parent.mkdir(parents=True)
    po.write_text(QUIZ_PO, encoding="utf-8")
    assert "Тест".encode() in compiled(po)
    assert [path.name for path in po.parent.iterdir()] == ["reflexmap.po"]


def test_russian_interface_text_comes_from_the_catalogue():
    ru = translator("ru")
    assert ru.gettext("Quiz") == "Тест"
    assert ru.ngettext("{count} handbook entry below.", "{count} handbook entries below.", 1).startswith(
        "Ниже {count} статья"
    )
    assert ru.ngettext("{count} handbook entry below.", "{count} handbook entries below.", 5).endswith(
        "статей справочника."
    )
    assert translator("en").gettext("Quiz") == "Quiz"


# --- the dashboard in Russian, without a browser ---------------------------------------------------

ENGLISH_HEADINGS = ("Associated with", "How to work it", "Take care", "Technique", "Pressure")


@pytest.fixture(scope="module")
def russian(default_map):
    from reflexmap.dashboard.layout import Dashboard
    from reflexmap.dashboard.state import AppState

    return Dashboard(default_map, AppState(default_map, lang="ru"))


def test_the_russian_dashboard_names_its_tabs_and_details_in_russian(russian):
    from reflexmap.dashboard.details import zone_html

    assert russian.tabs._names[:3] == ["Комплексы", "Справочник", "Тест"]
    russian.state.select("liver", "right")
    html = zone_html(russian.state)
    assert "Как прорабатывать" in html and "Правая стопа" in html
    assert not [h for h in ENGLISH_HEADINGS if h in html]
    russian.state.clear()
    assert "Выберите зону" in zone_html(russian.state)


def test_russian_messages_say_what_a_filter_hides(russian):
    state = russian.state
    state.param.update(systems=["urinary"], foot_filter="left")
    try:
        state.explain_hidden("liver", "right")
        assert state.message.startswith("Зона «") and "фильтром" in state.message
        assert state.offer_label.startswith("Показать")
    finally:
        state.param.update(systems=list(state.param["systems"].default), foot_filter="both", message="")
    state.suggest("livr")
    assert state.message.startswith("Зоны «livr»")


def test_russian_search_counts_agree_in_number(russian):
    from reflexmap.dashboard.search import count_html

    assert "найдена 1 зона" in count_html("печень", 1, lang="ru")
    assert "найдены 3 зоны" in count_html("x", 3, lang="ru")
    assert "найдено 5 зон" in count_html("x", 5, lang="ru")
    assert "Ниже 2 статьи справочника." in count_html("x", 0, 2, lang="ru")
    assert "&lt;b&gt;" in count_html("<b>", 0, lang="ru")  # the query is escaped in any language


def test_the_address_carries_a_language_other_than_english(russian, default_map):
    from reflexmap.dashboard.layout import Dashboard

    assert "lang=ru" in russian._query()
    assert "lang" not in Dashboard(default_map)._query()


# --- the command line --------------------------------------------------------------------------------


def test_cli_lang_option_and_environment(capsys, monkeypatch, tmp_path):
    from reflexmap.cli import main

    monkeypatch.delenv("REFLEXMAP_LANG", raising=False)
    assert main(["zones", "--search", "qqqzzz", "--lang", "ru"]) == 0
    assert capsys.readouterr().out.strip() == "нет подходящих зон"
    assert main(["zones", "--search", "qqqzzz"]) == 0
    assert capsys.readouterr().out.strip() == "no zones match"

    monkeypatch.setenv("REFLEXMAP_LANG", "ru_RU.UTF-8")
    assert main(["handbook"]) == 0
    listing = capsys.readouterr().out
    assert "Виды массажа:" in listing and "Прочитать статью" in listing
    assert main(["handbook", "--lang", "en"]) == 0  # the option beats the environment
    assert "Massage types:" in capsys.readouterr().out

    out = tmp_path / "chart.svg"
    assert main(["export", "-f", "svg", "-o", str(out), "--width", "300", "--dpi", "50"]) == 0
    assert capsys.readouterr().out.startswith(f"записан файл {out} (")


def test_lesson_links_carry_a_language_other_than_english(russian):
    russian.state.select("liver", "right")
    russian.present.add.clicks += 1
    try:
        assert russian.present.link.query.endswith("&lang=ru")
        assert "lesson=liver.right" in russian.present.link.query
    finally:
        russian.state.param.update(lesson="", lesson_index=-1)


def test_a_chart_without_russian_is_said_once_and_shown_unmarked(russian, default_map):
    from reflexmap.dashboard.layout import Dashboard
    from reflexmap.dashboard.state import AppState
    from reflexmap.web.details_html import zone_details_html

    assert russian.state.untranslated_chart_note == ""  # the default chart has Russian
    regional = reflexmap.load_chart(ROOT / "examples" / "regional_chart.geojson")
    assert "ru" not in regional.languages
    page = Dashboard(regional, AppState(regional, lang="ru"))
    note = page.state.untranslated_chart_note
    assert note and note == translator("ru").gettext(
        "This chart has no text in your language: its zone names and descriptions are shown in "
        "English, as the chart gives them. The rest of the page is in your language."
    )
    assert not re.search("[A-Za-z]{4}", note)  # Russian words (the catalogue is complete)
    zone_id, foot = regional.zones[["zone_id", "foot"]].iloc[0]
    details = zone_details_html(page.state.chart, zone_id, foot, "ru")
    assert UNTRANSLATED not in details and regional.zone(zone_id, foot).name in details
    page.upload.loaded(regional)
    assert note in page.upload.status.object
    # an English page has nothing to say
    assert Dashboard(regional, AppState(regional, lang="en")).state.untranslated_chart_note == ""
