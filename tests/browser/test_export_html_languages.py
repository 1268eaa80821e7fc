"""The offline HTML export in Russian, in a real browser with the network blocked: the page says
it is Russian, and its own words, including those its scripts write, are Russian."""

from __future__ import annotations

import pytest

from reflexmap import content
from reflexmap.export import write_html
from reflexmap.export.html import PLACEHOLDER, TRY
from reflexmap.i18n import translator

from .test_export_html import offline  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

ru = translator("ru")


@pytest.fixture(scope="module")
def export_ru(tmp_path_factory, chart):
    path = tmp_path_factory.mktemp("export") / "chart-ru.html"
    write_html(chart.translated("ru"), path, lang="ru")
    return path


def test_the_russian_export_speaks_russian(offline, export_ru):  # noqa: F811
    page = offline(export_ru)
    p = page.page
    assert p.evaluate("document.documentElement.lang") == "ru"
    assert p.get_by_text(ru.gettext("Search zones"), exact=True).count() == 1
    assert p.get_by_text(ru.gettext(TRY)).count() == 1
    assert p.get_by_text(content.safety("ru").notice).count() >= 1

    box = p.get_by_placeholder(ru.gettext(PLACEHOLDER))
    box.click()
    box.press_sequentially("астма", delay=10)  # a condition: its Russian notice, then the areas
    notice = p.locator("[data-testid=condition-notice]")
    notice.wait_for(timeout=10_000)
    assert ru.gettext("Not a treatment.") in notice.inner_text()
    assert content.condition_in("астма", "ru").notice in notice.inner_text()
    count = p.locator("[data-testid=results] li").count()
    assert count > 0
    said = ru.ngettext('{n} match for "{query}"', '{n} matches for "{query}"', count)
    assert said.format(n=count, query="астма") in p.locator(".rm-results-count").last.inner_text()
    page.shot("export-ru-search-asthma.png")

    box.fill("")
    box.press_sequentially("qqqzzz", delay=10)
    p.get_by_test_id("no-match").wait_for(timeout=10_000)
    assert p.get_by_test_id("no-match").inner_text() == ru.gettext('No zone matches "{query}".').format(
        query="qqqzzz"
    )
