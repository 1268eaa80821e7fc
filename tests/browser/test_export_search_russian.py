"""The offline export of the Russian chart searches as ZoneMap.find does on it: Cyrillic words,
inflected and misspelt ones, ё written without its dots, everyday words, and English or mixed queries."""

from __future__ import annotations

import pytest

from reflexmap import content
from reflexmap.export.html import PLACEHOLDER, write_html
from reflexmap.i18n import translator

from .test_export_html import offline  # noqa: F401  (fixture)
from .test_export_search_parity import PAGE_FIND_JS

pytestmark = pytest.mark.browser

TYPED = [
    "печени",
    "пояснице",
    "боль в пояснице",
    "болит голова",
    "головной боли",
    "боль в животе",
    "Селезенка",
    "СЕЛЁЗЕНКА",
    "лёгкие",
    "легкие",
    "желудок",
    "почка",
    "печень liver",
    "liver",
    "lower back",
    "kidney and liver",
    "уши и печень",
    "щитовидка",
    "кишечник",
    "запор",
    "зубы",
]


@pytest.fixture(scope="module")
def russian(tmp_path_factory, chart):
    path = tmp_path_factory.mktemp("export-ru") / "chart.ru.html"
    ru = chart.translated("ru")
    write_html(ru, path, lang="ru")
    return ru, path


def test_the_russian_pages_search_finds_what_the_model_finds(offline, russian):  # noqa: F811
    ru, path = russian
    page = offline(path)
    page.page.get_by_placeholder(translator("ru").gettext(PLACEHOLDER)).wait_for(timeout=10_000)
    asked = sorted(
        {*ru.zones["name"], *content.synonyms("ru"), *(name[:4] for name in ru.zones["name"]), *TYPED}
    )
    found = page.page.evaluate(PAGE_FIND_JS, asked)
    differ, answered = [], 0
    for query, (rows, _text, _outlined) in zip(asked, found, strict=True):
        want = ru.find(query, view=None).index.tolist()  # rows of ru.zones: the page searches every view
        answered += bool(want)
        if rows != want:
            differ.append((query, rows[:4], want[:4]))
    assert not differ, f"{len(differ)} of {len(asked)} queries differ, e.g. {differ[:5]}"
    assert answered > len(asked) * 0.9, "most of these queries name zones: the search found too few"
