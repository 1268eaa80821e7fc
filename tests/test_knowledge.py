"""The map of what I know: levels from the quiz progress, the weakest items, the progress picture."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from reflexmap.export.progress import progress_painting, render_progress_pdf, render_progress_png
from reflexmap.knowledge import LEVELS, level_counts, level_of, levels, weakest
from reflexmap.quiz import ItemStats, Progress, pool

PROGRESS = Progress(
    {
        "heart|left": ItemStats(box=1, seen=4, right=1),
        "kidney|left": ItemStats(box=1, seen=1, right=0),
        "stomach|left": ItemStats(box=3, seen=3, right=2),
        "liver|right": ItemStats(box=5, seen=5, right=5),
    }
)


def test_each_item_has_one_level_and_the_levels_cover_the_pool(default_map):
    items = pool(default_map)
    by_key = levels(items, PROGRESS)
    assert set(by_key) == set(items)
    assert level_counts(by_key) == {"known": 1, "learning": 1, "shaky": 2, "new": 56}
    assert level_of(PROGRESS, "heart|left").name == "shaky"
    assert level_of(PROGRESS, "spleen|left") is LEVELS["new"]


def test_levels_differ_in_more_than_hue():
    # colour-blind safe: every level has its own lightness, and the two middle ones a hatch
    def lightness(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    values = sorted(lightness(level.colour) for level in LEVELS.values())
    assert all(b - a > 15 for a, b in pairwise(values))
    assert LEVELS["shaky"].hatch.strip() and LEVELS["learning"].hatch.strip()
    assert len({level.label for level in LEVELS.values()}) == len(LEVELS)


def test_weakest_puts_the_most_missed_first_and_known_items_last(default_map):
    items = pool(default_map)
    weak = weakest(items, PROGRESS, 5)
    # box 1 both; the heart was asked more often with a lower share right... the kidney has 0 of 1
    assert weak[:3] == ["kidney|left", "heart|left", "stomach|left"]
    assert "liver|right" not in weak and len(weak) == 5
    assert weakest(items, PROGRESS, len(items))[-1] == "liver|right"
    assert weakest(items, Progress(), 3) == items[:3]  # nothing answered yet: zones not met


def test_the_progress_picture_and_page(default_map):
    painting = progress_painting(default_map, PROGRESS, day=date(2026, 12, 5))
    assert painting.fills[("heart", "left")] == (LEVELS["shaky"].colour, LEVELS["shaky"].mpl_hatch)
    assert [label for label, _, _ in painting.legend] == [
        "Well known: 1",
        "Getting there: 1",
        "Shaky: wrong last time: 2",
        "Not asked yet: 56",
    ]
    assert "2026-12-05" in painting.caption
    png = render_progress_png(default_map, PROGRESS, width_px=400)
    assert png.startswith(b"\x89PNG")
    pdf = render_progress_pdf(default_map, PROGRESS)
    assert pdf.startswith(b"%PDF") and b"My progress" in pdf


def test_weakest_follows_the_kind_of_question(default_map):
    progress = Progress(
        {"foot:heart": ItemStats(box=1, seen=2, right=0), "technique:kidney": ItemStats(box=1, seen=1)}
    )
    assert weakest(pool(default_map), progress, 3, kind="foot")[0] == "heart|left"
    technique = weakest(pool(default_map), progress, 40, kind="technique")
    assert (
        technique[0].startswith("kidney|")
        and len(technique) == len({k.split("|")[0] for k in technique}) == 35
    )


def test_zones_to_practise_next_are_the_zones_the_map_shows_not_known(default_map, monkeypatch):
    """Found every time but named wrong: the map paints the liver shaky, so the PDF lists it."""
    from reflexmap.export import progress as module
    from reflexmap.knowledge import practise_next

    progress = Progress(
        {
            "liver|right": ItemStats(box=5, seen=5, right=5),
            "name:liver|right": ItemStats(box=1, seen=2, right=0),
            "stomach|left": ItemStats(box=3, seen=3, right=2),
            "heart|left": ItemStats(box=5, seen=5, right=5),
        }
    )
    items = pool(default_map)
    listed = practise_next(items, progress)
    assert listed == ["liver|right", "stomach|left"]
    assert all(level_of(progress, k).name in ("shaky", "learning") for k in listed)
    texts = []
    real = module.Paragraph
    monkeypatch.setattr(module, "Paragraph", lambda text, style: texts.append(text) or real(text, style))
    render_progress_pdf(default_map, progress)
    shown = next(t for t in texts if t.startswith("Zones to practise next"))
    liver, stomach = (default_map.zone(*k.split("|")).name for k in listed)
    assert liver in shown and stomach in shown and shown.index(liver) < shown.index(stomach)
