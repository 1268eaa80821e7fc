"""What a click costs: only the map rows it changes, no new models for the handbook links, no icon request."""

from __future__ import annotations

import re

from bokeh.document import Document
from bokeh.document.events import ColumnsPatchedEvent
from bokeh.models import ColumnDataSource
from panel.io.application import build_applications
from panel.io.session import generate_session

from reflexmap.dashboard import server
from reflexmap.dashboard.handbook import ZoneHandbookLinks
from reflexmap.dashboard.state import AppState
from reflexmap.testing import served_page_html
from reflexmap.web.figure import PRESENT_STYLES, ZONE_STYLES, restyle


def styled_source(kinds: list[str]) -> tuple[ColumnDataSource, list]:
    """A zone source drawn in ``kinds``, in a document that records the events it would send."""
    source = ColumnDataSource({"fill_alpha": [], "line_width": [], "line_color": [], "emphasis": []})
    restyle(source, kinds, ZONE_STYLES)
    doc = Document()
    doc.add_root(source)
    events: list = []
    doc.on_change(lambda event: events.append(event))
    return source, events


def test_a_click_sends_only_the_rows_it_restyles():
    kinds = ["dimmed"] * 40
    kinds[3], kinds[4] = "selected", "pair"
    source, events = styled_source(kinds)
    after = ["dimmed"] * 40
    after[10], after[11] = "selected", "pair"
    restyle(source, after, ZONE_STYLES)
    assert [type(e) for e in events] == [ColumnsPatchedEvent]
    patched = {col: sorted(i for i, _ in rows) for col, rows in events[0].patches.items()}
    assert patched == {col: [3, 4, 10, 11] for col in ("fill_alpha", "line_width", "line_color", "emphasis")}
    assert source.data["emphasis"] == after
    assert source.data["line_color"][10] == ZONE_STYLES["selected"][2]
    restyle(source, after, ZONE_STYLES)  # nothing changed: nothing sent
    assert len(events) == 1


def test_a_change_of_most_rows_or_of_the_style_table_sends_the_columns():
    source, events = styled_source(["plain"] * 40)
    restyle(source, ["dimmed"] * 39 + ["selected"], ZONE_STYLES)
    assert [type(e) for e in events] == [ColumnsPatchedEvent]
    # the projector's stronger styles change a row's look while its kind stays the same
    restyle(source, ["dimmed"] * 39 + ["selected"], PRESENT_STYLES)
    assert len(events) == 2 and source.data["line_width"][0] == PRESENT_STYLES["dimmed"][1]
    assert set(events[1].patches) == {"fill_alpha", "line_width", "line_color"}  # not the kinds
    assert all(rows == [(slice(0, 40), source.data[col])] for col, rows in events[1].patches.items())


def test_a_search_sends_whole_only_the_columns_most_rows_change_in():
    """A search's first letter dims every zone but its matches: every fill changes, and only the
    matches' outlines; its next letter changes the rows it finds or drops, and nothing else."""
    source, events = styled_source(["plain"] * 40)
    found = ["match" if i % 10 == 0 else "dimmed" for i in range(40)]
    restyle(source, found, ZONE_STYLES)
    assert [type(e) for e in events] == [ColumnsPatchedEvent]
    whole = [(slice(0, 40), source.data[col]) for col in ("fill_alpha", "emphasis")]
    assert [events[0].patches[col] for col in ("fill_alpha", "emphasis")] == [[w] for w in whole]
    for col in ("line_width", "line_color"):
        assert sorted(i for i, _ in events[0].patches[col]) == [0, 10, 20, 30]
    fewer = ["dimmed" if i == 30 else kind for i, kind in enumerate(found)]
    restyle(source, fewer, ZONE_STYLES)
    assert {col: [i for i, _ in rows] for col, rows in events[1].patches.items()} == {
        col: [30] for col in ("fill_alpha", "line_width", "line_color", "emphasis")
    }
    assert source.data["emphasis"] == fewer
    assert source.data["line_color"] == [ZONE_STYLES[k][2] for k in fewer]


def test_the_handbook_links_are_one_model_whose_list_follows_the_selection(default_map):
    state = AppState(default_map)
    chart, book = state.chart, state.chart.handbook
    links = ZoneHandbookLinks(state=state)
    drawn = links.__panel__()
    doc = Document()
    doc.add_root(drawn.get_root(doc))
    models = len(doc.models)
    with_entries = [z for z in dict.fromkeys(chart.zones["zone_id"]) if book.about_zone(z)]
    for zone_id in [*with_entries, *chart.zones["zone_id"]][:30]:
        state.select(zone_id, chart.feet_of(zone_id)[0])
        wanted = [(e.entry_id, f"Handbook: {e.title}") for e in book.about_zone(zone_id)]
        assert links.links == wanted
        assert [tuple(link) for link in drawn.get_root(doc).data.links] == wanted  # what the page draws
        assert links.__panel__() is drawn and len(doc.models) == models  # no model made
    state.clear()
    assert links.links == []


def test_a_handbook_link_opens_only_an_entry_on_show(default_map):
    state = AppState(default_map)
    book = state.chart.handbook
    links = ZoneHandbookLinks(state=state)
    most = max(dict.fromkeys(state.chart.zones["zone_id"]), key=lambda z: len(book.about_zone(z)))
    other = next(e.entry_id for e in book.entries if e not in book.about_zone(most))
    state.select(most, state.chart.feet_of(most)[0])
    for hostile in ([other, 1], ["<x>", 2], [None], [], [[other], 4]):  # untrusted, from the browser
        links.__panel__().chosen = hostile
        assert state.entry == ""
    links.__panel__().chosen = [links.links[-1][0], 3]
    assert state.entry == book.about_zone(most)[-1].entry_id


def test_the_handbook_links_do_not_name_a_zone_the_details_hide(default_map):
    """A presenting teacher with names off: the details say "guess", and so do the links."""
    state = AppState(default_map)
    links = ZoneHandbookLinks(state=state)
    state.select("lumbar-spine", "left")
    assert len(links.links) == 2
    state.param.update(present=True, show_labels=False)
    assert links.links == [] and state.selected == ("lumbar-spine", "left")
    state.revealed = ["lumbar-spine|left"]
    assert len(links.links) == 2


def test_the_page_has_its_own_icon_and_never_asks_the_server_for_one():
    """Chromium fetches a page's icon again on every change of its address (each click on the map
    changes it): Panel's ``./favicon.ico`` cost the server an HTTP request per click."""
    stand_in = generate_session(build_applications({"/": server._stand_in}, title=server.TITLE)["/"])
    page = served_page_html(stand_in)
    icons = re.findall(r'<link rel="icon"[^>]*>', page)
    assert len(icons) == 1 and 'href="data:image/svg+xml,' in icons[0], icons
    assert "favicon.ico" not in page
