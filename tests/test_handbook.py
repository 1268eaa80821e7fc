"""The handbook: its data validates, search finds it, the CLI and the dashboard show it."""

from __future__ import annotations

import dataclasses

import pytest

from reflexmap import load_chart
from reflexmap.charts import MARKUP
from reflexmap.cli import main
from reflexmap.content import HANDBOOK_CATEGORIES, Handbook, handbook, routines
from reflexmap.dashboard.handbook import HandbookPanel, ZoneHandbookLinks, entry_html
from reflexmap.dashboard.search import SearchPanel
from reflexmap.dashboard.state import AppState


@pytest.fixture(scope="module")
def chart():
    return load_chart()


@pytest.fixture(scope="module")
def book():
    return handbook()


def test_handbook_validates_against_the_default_chart(chart, book):
    zone_ids = set(chart.zones["zone_id"])
    routine_ids = {r.routine_id for r in routines().routines}
    assert book.problems(zone_ids, routine_ids) == []
    assert len(book.entries) >= 15


def test_every_entry_is_complete_plain_text_with_a_source(book):
    for entry in book.entries:
        assert entry.title.strip() and entry.summary.strip() and entry.body, entry.entry_id
        assert entry.category in HANDBOOK_CATEGORIES
        assert entry.sources, entry.entry_id
        for text in (entry.title, entry.summary, *entry.body, *entry.points, *map(str, entry.sources)):
            assert not MARKUP.search(text), (entry.entry_id, text)
            assert "cure" not in text.casefold().split(), (entry.entry_id, text)


def test_every_routine_has_a_handbook_entry(book):
    explained = {e.routine for e in book.entries if e.routine}
    assert explained == {r.routine_id for r in routines().routines}


def test_evidence_entry_cites_the_systematic_reviews(book):
    evidence = [e for e in book.entries if e.category == "evidence"]
    assert evidence
    cited = " ".join(str(s) for e in evidence for s in e.sources)
    assert "Ernst" in cited and "McCullough" in cited
    text = " ".join(" ".join(e.body) for e in evidence).casefold()
    assert "diagnos" in text


def test_problems_are_found(book):
    entry = book.entries[0]
    broken = Handbook(
        entries=(
            dataclasses.replace(entry, zones=("no-such-zone",), routine="no-such-routine", sources=()),
            dataclasses.replace(entry, category="gossip", safety=("nonsense",)),
        )
    )
    found = "\n".join(broken.problems({"liver"}, {"session"}))
    for needle in (
        "unknown zone 'no-such-zone'",
        "unknown routine 'no-such-routine'",
        "no source",
        "duplicate entry_id",
        "unknown category 'gossip'",
        "unknown safety section 'nonsense'",
    ):
        assert needle in found


@pytest.mark.parametrize("query", ["cellulite", "flat feet", "pregnancy", "oil", "valgus", "heel spur"])
def test_search_finds_entries(book, query):
    found = book.search(query)
    assert found, query
    first = found[0]
    assert all(word in first.search_text() for word in query.split())


def test_search_ranks_title_matches_first_and_ignores_nonsense(book):
    assert book.search("zzqx") == ()
    assert book.search("") == ()
    oil = book.search("oil")
    assert "oil" in oil[0].title.casefold()


def test_about_zone_lists_the_entries_naming_it(book):
    for entry in book.entries:
        for zone_id in entry.zones:
            assert entry in book.about_zone(zone_id)
    assert book.about_zone("no-such-zone") == ()


def test_cli_lists_and_prints_entries(capsys, book):
    assert main(["handbook"]) == 0
    listing = capsys.readouterr().out
    for entry in book.entries:
        assert entry.entry_id in listing
    assert main(["handbook", "oil"]) == 0
    text = capsys.readouterr().out
    assert book.search("oil")[0].title in text
    assert "Sources:" in text and "does not diagnose" in text
    routine_entry = next(e for e in book.entries if e.routine)
    assert main(["handbook", routine_entry.entry_id]) == 0
    text = capsys.readouterr().out
    assert routines().get(routine_entry.routine).steps[0].text[:30] in text.replace("\n     ", " ")
    assert main(["handbook", "zzqx", "nothing"]) == 1
    assert "No handbook entry matches" in capsys.readouterr().err


def test_panel_opens_an_entry_and_its_links_act_on_the_map(chart, book):
    state = AppState(chart)
    panel = HandbookPanel(state=state)
    entry = next(e for e in book.entries if e.zones and e.routine)
    state.entry = entry.entry_id
    assert state.tab == "Handbook"
    assert f'data-entry="{entry.entry_id}"' in panel.page.object
    assert not panel.listing.visible and panel.back.visible
    labels = [b.label for b in panel.links.objects]
    zone_button = next(b for b in panel.links.objects if "Show on the map" in b.label)
    zone_button.clicks += 1
    assert state.zone == entry.zones[0]
    routine_button = next(b for b in panel.links.objects if "Open the routine" in b.label)
    routine_button.clicks += 1
    assert state.routine == entry.routine and state.tab == "Routines"
    panel.back.clicks += 1
    assert state.entry == "" and panel.listing.visible and panel.page.object == ""
    assert labels


def test_zone_links_and_search_reach_the_handbook(chart, book):
    state = AppState(chart)
    links = ZoneHandbookLinks(state=state)
    zone_id = next(z for e in book.entries for z in e.zones)
    state.select(zone_id, chart.feet_of(zone_id)[0])
    assert {label for _id, label in links.links} == {f"Handbook: {e.title}" for e in book.about_zone(zone_id)}
    links.__panel__().chosen = [links.links[0][0], 1]  # as the page says a link was pressed
    assert state.entry == book.about_zone(zone_id)[0].entry_id

    search = SearchPanel(state=state)
    search.box.value_input = "cellulite"
    assert search.entries.visible
    assert set(search.entries.options.values()) == {e.entry_id for e in book.search("cellulite")}
    search.entries.value = [book.search("cellulite")[0].entry_id]
    assert state.entry == book.search("cellulite")[0].entry_id


def test_entry_html_escapes_text(chart, book):
    hostile = dataclasses.replace(
        book.entries[0], title="<img src=x onerror=alert(1)>", body=("<script>x</script>",)
    )
    html = entry_html(hostile, chart)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
