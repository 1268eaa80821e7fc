"""Chart.find: zones by name, body area, keyword and everyday words."""

from __future__ import annotations

import pytest


def _ids(frame) -> set[str]:
    return set(frame["zone_id"])


def test_liver_finds_the_liver_on_the_right_foot_only(default_map):
    found = default_map.find("liver")
    assert not found.empty
    best = found.iloc[0]
    assert (best["zone_id"], best["foot"]) == ("liver", "right")
    liver = found[found["zone_id"] == "liver"]
    assert liver["foot"].tolist() == ["right"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headache", {"brain"}),
        ("lower back", {"lumbar-spine"}),
        ("tummy", {"stomach"}),
        ("sinus", {"sinuses"}),
        ("heart", {"heart"}),
        ("kidneys", {"kidney"}),
        ("stress", {"solar-plexus", "adrenal"}),
        ("urine", {"bladder", "kidney", "ureter"}),
        ("breathing", {"lungs"}),
        ("hip", {"pelvic-area"}),
        ("gallbladder", {"gallbladder"}),
        ("thyroid", {"thyroid"}),
        ("sciatic", {"sciatic-nerve"}),
    ],
)
def test_everyday_words_find_sensible_zones(default_map, query, expected):
    found = default_map.find(query)
    assert expected <= _ids(found), (query, sorted(_ids(found)))


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("headache", {"brain", "sinuses"}),
        ("lower back", {"lumbar-spine"}),
        ("tummy", {"stomach", "small-intestine"}),
        ("sinus", {"sinuses"}),
        ("liver", {"liver"}),
    ],
)
def test_best_match_comes_first(default_map, query, best):
    found = default_map.find(query)
    top = found[found["score"] == found["score"].max()]
    assert _ids(top) == best


@pytest.mark.parametrize(
    ("query", "unrelated"),
    [
        ("headache", {"bladder", "liver", "heart", "rectum"}),
        ("lower back", {"brain", "eyes", "liver", "heart", "cervical-spine", "trapezius"}),
        ("tummy", {"brain", "eyes", "lumbar-spine"}),
        ("sinus", {"kidney", "liver", "bladder"}),
        ("liver", {"spleen", "heart"}),
    ],
)
def test_unrelated_zones_are_not_found(default_map, query, unrelated):
    assert not (unrelated & _ids(default_map.find(query)))


def test_paired_zone_is_found_on_both_feet(default_map):
    found = default_map.find("kidney")
    assert sorted(found[found["zone_id"] == "kidney"]["foot"]) == ["left", "right"]


@pytest.mark.parametrize("query", ["LIVER", "Liver", "lIvEr", "  liver  "])
def test_case_and_spacing_do_not_matter(default_map, query):
    assert default_map.find(query)["zone_id"].tolist() == default_map.find("liver")["zone_id"].tolist()


def test_multi_word_queries_ignore_case_and_separators(default_map):
    reference = default_map.find("lower back")
    for query in ("Lower Back", "LOWER   BACK", "lower-back", "lower_back"):
        found = default_map.find(query)
        assert found["zone_id"].tolist() == reference["zone_id"].tolist()
        assert found["score"].tolist() == reference["score"].tolist()


@pytest.mark.parametrize("query", ["headache", "lower back", "tummy", "back", "digestion", "spine"])
def test_results_are_sorted_by_score(default_map, query):
    found = default_map.find(query)
    assert len(found) > 1
    scores = found["score"].tolist()
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_result_has_the_zone_columns_and_a_score(default_map):
    found = default_map.find("lungs")
    assert list(found.columns) == [*default_map.zones.columns, "score"]
    # rows are rows of the zones frame
    for index, row in found.iterrows():
        assert default_map.zones.loc[index, "zone_id"] == row["zone_id"]


@pytest.mark.parametrize("query", ["", " ", "l", "L", "-", "   x   "])
def test_empty_or_one_character_query_gives_an_empty_frame(default_map, query):
    found = default_map.find(query)
    assert found.empty
    assert "score" in found.columns and "zone_id" in found.columns


@pytest.mark.parametrize("query", ["xyzzy", "qqq", "blorptangle", "12345", "<script>", ".*", "(", "\\"])
def test_nonsense_gives_an_empty_frame(default_map, query):
    found = default_map.find(query)
    assert found.empty
    assert "score" in found.columns


def test_find_does_not_change_the_zones_frame(default_map):
    before = default_map.zones.copy()
    default_map.find("tummy")
    assert default_map.zones.columns.tolist() == before.columns.tolist()
    assert default_map.zones["zone_id"].tolist() == before["zone_id"].tolist()


# --- typos --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("livr", "liver"),
        ("hart", "heart"),
        ("kindey", "kidney"),
        ("stomch", "stomach"),
        ("pancraes", "pancreas"),
        ("Bladdr", "bladder"),
        ("thyriod", "thyroid"),
    ],
)
def test_a_misspelt_zone_name_finds_the_zone_first(default_map, query, best):
    found = default_map.find(query)
    top = found[found["score"] == found["score"].max()]
    assert set(top["zone_id"]) == {best}, (query, found[["zone_id", "score"]].head(4).values.tolist())


def test_a_misspelt_everyday_word_goes_through_the_synonyms(default_map):
    assert {"brain", "sinuses"} <= _ids(default_map.find("hedache"))
    assert default_map.find("lowr back")["zone_id"].iloc[0] == "lumbar-spine"


def test_a_word_as_typed_outranks_the_same_word_corrected(default_map):
    exact, typo = default_map.find("liver"), default_map.find("livr")
    assert exact["zone_id"].tolist() == typo["zone_id"].tolist()
    assert exact["score"].iloc[0] > typo["score"].iloc[0]


@pytest.mark.parametrize("query", ["liv", "hea", "kid", "stom", "panc"])
def test_a_prefix_is_not_corrected_and_still_finds_its_zone_first(default_map, query):
    found = default_map.find(query)
    assert default_map.vocabulary.correct(query) == query
    assert found["zone_id"].iloc[0].startswith(query), found["zone_id"].head(3).tolist()


@pytest.mark.parametrize("query", ["xq", "zzz", "qwe", "hrt", "xyzq", "qqqq", "blorptangle"])
def test_short_or_far_off_queries_are_not_corrected_into_noise(default_map, query):
    assert default_map.vocabulary.correct(query) == query
    assert default_map.find(query).empty


def test_the_vocabulary_is_the_charts_words_and_the_synonyms(default_map):
    words = set(default_map.vocabulary.words)
    assert {"liver", "heart", "kidney", "tummy", "headache", "digestive"} <= words
    assert list(default_map.vocabulary.words) == sorted(words)
    assert not any(c in w for w in words for c in " |()")


def test_spelling_says_how_a_misspelt_query_is_read(default_map):
    assert default_map.spelling("Livr") == "liver"
    assert default_map.spelling("lowr-back") == "lower back"
    assert default_map.spelling("liver") == default_map.spelling("liv") == default_map.spelling("xyzq") == ""
