"""Zone names as the map draws them: a long name on a few even lines, no word broken."""

from __future__ import annotations

import math

import pytest

from reflexmap.web.map_data import MAP_NAME_WIDTH, map_columns, map_label, short_name


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_long_names_are_wrapped_evenly_and_keep_every_word(default_map, lang):
    chart = default_map.translated(lang)
    wrapped = 0
    for name in set(chart.zones["name"]):
        label, text = map_label(name), short_name(name)
        rows = label.split("\n")
        assert " ".join(rows) == text  # the same words in the same order, none broken
        if len(text) <= MAP_NAME_WIDTH:
            assert rows == [text]
        else:
            wrapped += 1
            assert 2 <= len(rows) <= math.ceil(len(text) / MAP_NAME_WIDTH), label
            # even lines: none much longer than the line it could have been, unless one word is
            longest = max(len(row) for row in rows)
            assert longest <= MAP_NAME_WIDTH + 4 or " " not in max(rows, key=len), label
    assert wrapped >= (20 if lang == "ru" else 5)


def test_the_map_draws_the_wrapped_names(default_map):
    chart = default_map.translated("ru").for_view("plantar")
    columns = map_columns(chart, "ru")
    labels = dict(zip(columns["zones"]["zone_id"], columns["zones"]["label"], strict=False))
    assert labels["cervical-spine"] == "Шейный отдел\nпозвоночника"  # noqa: RUF001
    assert labels["liver"] == "Печень"
