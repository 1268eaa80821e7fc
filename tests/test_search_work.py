"""The search box's work per keystroke: the chart is searched once, whoever asks for the results."""

from __future__ import annotations

import pytest

from reflexmap.dashboard.layout import Dashboard
from reflexmap.model import Chart


@pytest.fixture
def typing(default_map, monkeypatch):
    searched = []
    find = Chart.find

    def counted(self, query, *args, **kwargs):
        searched.append(query)
        return find(self, query, *args, **kwargs)

    monkeypatch.setattr(Chart, "find", counted)
    dashboard = Dashboard(default_map)
    dashboard.layout.get_root()  # every part drawn, as on a page: each asks for the results
    return dashboard.search.box, dashboard.state, searched


def test_a_keystroke_searches_the_chart_once(typing):
    box, state, searched = typing
    for text in ("li", "liv", "liver"):
        searched.clear()
        box.value_input = text
        assert searched == [text]
    assert ("liver", "right") in state.highlighted()


def test_the_results_follow_a_filter_changed_after_the_query(typing):
    box, state, _searched = typing
    box.value_input = "kidney"
    assert set(state.search_results()["foot"]) == {"left", "right"}
    state.foot_filter = "left"
    assert set(state.search_results()["foot"]) == {"left"}
    state.systems = ["digestive"]
    assert state.search_results().empty
