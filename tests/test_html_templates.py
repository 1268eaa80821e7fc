"""The safety section, the notice and the map's legend keep their HTML when they move between ways
of building it (f-strings, then Jinja2 templates): each is compared with the HTML recorded in
``tests/golden/`` before the move, for made-up content with markup in every field, in English
and Russian.

The comparison is of what a browser reads (tags, attributes and text, with entities resolved), so
``&#x27;`` and ``&#39;`` for an apostrophe count as the same; whitespace counts.
Set ``REFLEXMAP_WRITE_GOLDEN=1`` to record the files again after a deliberate change.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reflexmap.content import Children, Guidance, Precaution, Pregnancy, Safety
from reflexmap.i18n import translator
from reflexmap.model import load_chart
from reflexmap.web.legend import legend_html
from reflexmap.web.safety_html import notice_html, safety_html

GOLDEN = Path(__file__).parent / "golden"
MARKUP = "<b>bold</b> & \"quoted\" 'it's' <script>x()</script>"


def _texts(label: str, n: int) -> tuple[str, ...]:
    return tuple(f"{label} {i} {MARKUP}" for i in range(1, n + 1))


def made_up_safety(precautions: bool = True) -> Safety:
    """Safety content with text in every field, each holding markup that must come out escaped."""
    return Safety(
        notice=f"notice {MARKUP}",
        diagnostic_limit=_texts("limit", 2),
        contraindications=_texts("contra", 3),
        contraindications_note=f"contra note {MARKUP}",
        pregnancy=Pregnancy(f"pregnancy {MARKUP}", _texts("restriction", 2), _texts("never", 2)),
        children=Children(f"children {MARKUP}", _texts("child", 2)),
        side_effects=_texts("side effect", 2),
        general=_texts("general", 2),
        precautions=(
            (
                Precaution("p1", "Q?", f"high blood pressure {MARKUP}", f"advice {MARKUP}", False),
                Precaution("p2", "Q?", f"<i>diabetes</i> {MARKUP}", f"advice 2 {MARKUP}", True),
            )
            if precautions
            else ()
        ),
        older_people=Guidance(f"older {MARKUP}", _texts("older", 1)),
    )


@pytest.fixture(scope="module")
def two_systems_chart(tmp_path_factory, make_zone):
    features = [
        make_zone("gut", system="digestive"),
        make_zone("brain", foot="right", system="nervous"),
    ]
    path = tmp_path_factory.mktemp("legend") / "chart.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return load_chart(path)


def rendered(two_systems_chart) -> dict[str, str]:
    out = {}
    for lang in ("en", "ru"):
        _ = translator(lang).gettext
        out[f"safety_{lang}"] = safety_html(made_up_safety(), _)
        out[f"safety_no_precautions_{lang}"] = safety_html(made_up_safety(precautions=False), _)
        out[f"notice_{lang}"] = notice_html(made_up_safety(), _)
        out[f"legend_{lang}"] = legend_html(two_systems_chart, _)
    return out


class _Reading(HTMLParser):
    """What a browser reads from HTML: a list of tags with their attributes, and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":  # one run of text, however it was split
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def read(html: str) -> list[tuple]:
    parser = _Reading()
    parser.feed(html)
    parser.close()
    return parser.events


def test_the_html_is_what_it_was(two_systems_chart):
    now = rendered(two_systems_chart)
    if os.environ.get("REFLEXMAP_WRITE_GOLDEN"):
        for name, html in now.items():
            (GOLDEN / f"{name}.html").write_text(html, encoding="utf-8")
    for name, html in now.items():
        before = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
        assert read(html) == read(before), name
        assert "<script>" not in html and "<b>" not in html and "<i>" not in html, name


def test_the_comparison_sees_a_change():
    before = '<p class="a">It&#x27;s <b>x</b></p>'
    assert read(before) == read('<p class="a">It&#39;s <b>x</b></p>')
    for changed in (
        '<p class="b">It&#x27;s <b>x</b></p>',
        '<p class="a">It\'s <i>x</i></p>',
        '<p class="a">Its <b>x</b></p>',
    ):
        assert read(changed) != read(before)
