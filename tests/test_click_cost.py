"""What a click sends: only the map rows it changes, and no new models for the handbook links."""

from __future__ import annotations

from bokeh.document import Document
from bokeh.document.events import ColumnsPatchedEvent
from bokeh.models import ColumnDataSource

from reflexmap.dashboard.handbook import ZoneHandbookLinks
from reflexmap.dashboard.state import AppState
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


def test_the_handbook_links_reuse_their_buttons(default_map):
    state = AppState(default_map)
    chart, book = state.chart, state.chart.handbook
    links = ZoneHandbookLinks(state=state)
    with_entries = [z for z in dict.fromkeys(chart.zones["zone_id"]) if book.about_zone(z)]
    most = max(with_entries, key=lambda z: len(book.about_zone(z)))
    state.select(most, chart.feet_of(most)[0])
    made = list(links.__panel__().objects)
    for zone_id in [*with_entries, *chart.zones["zone_id"]][:30]:
        state.select(zone_id, chart.feet_of(zone_id)[0])
        assert [b.label for b in links.buttons] == [f"Handbook: {e.title}" for e in book.about_zone(zone_id)]
        assert all(a is b for a, b in zip(links.__panel__().objects, made, strict=True))
    state.clear()
    assert links.buttons == []
    state.select(most, chart.feet_of(most)[0])
    links.buttons[-1].clicks += 1
    assert state.entry == book.about_zone(most)[-1].entry_id
