"""What a screen reader gets from the page: every control named, in the page's language, with its state.

axe (test_accessibility) checks rules on what is drawn; this reads the accessibility tree Chromium
hands a screen reader (CDP ``Accessibility.getFullAXTree``) on the first screen and in every tab,
on a desktop in English and on a phone in Russian (where the two layer boxes are also checked to
line up). Bokeh's and Panel's tab headers, folding
sections, button groups and the map's toolbar say what they show by looks alone; the page patches
their views (``rmPatchViews`` in web/js/bokeh_internals.js), and this is what fails if an upgrade
of either library leaves a patch without its method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from reflexmap.dashboard.layout import TEACHING
from reflexmap.dashboard.state import TABS

from .conftest import Page, page_opener, phone, wait_until
from .ui_lang import UiLang

pytestmark = pytest.mark.browser

# roles a person acts on: each needs a name
INTERACTIVE = {
    "application",
    "button",
    "checkbox",
    "combobox",
    "DisclosureTriangle",
    "link",
    "listbox",
    "menuitem",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "tab",
    "textbox",
}
# names the Russian page shows in Latin letters on purpose: a language by its own name, paper sizes
# as printed on the packet
LATIN_ON_PURPOSE = {"English", "A4", "US Letter"}
CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True)
class Node:
    role: str
    name: str
    states: tuple[tuple[str, object], ...]

    def state(self, key: str) -> object:
        return dict(self.states).get(key)


def what_a_reader_gets(page) -> list[Node]:
    """The page's controls as a screen reader gets them: the nodes of an interactive role, and any
    other node the Tab key stops at."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = []
        for n in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            if n.get("ignored"):
                continue
            role = n.get("role", {}).get("value", "")
            states = {p["name"]: p["value"].get("value") for p in n.get("properties", [])}
            if role not in INTERACTIVE:
                if role == "RootWebArea" or not states.get("focusable") or "backendDOMNodeId" not in n:
                    continue
                element = cdp.send("DOM.resolveNode", {"backendNodeId": n["backendDOMNodeId"]})["object"]
                stop = cdp.send(
                    "Runtime.callFunctionOn",
                    {
                        "objectId": element["objectId"],
                        "functionDeclaration": "function () { return this.tabIndex >= 0; }",
                        "returnByValue": True,
                    },
                )
                if not stop["result"]["value"]:
                    continue
            name = n.get("name", {}).get("value", "").strip()
            found.append(Node(role, name, tuple(sorted(states.items()))))
        return found
    finally:
        cdp.detach()


def check_named(nodes: list[Node], ui: UiLang, where: str) -> None:
    unnamed = [node for node in nodes if not node.name]
    assert not unnamed, f"{where}: controls a screen reader cannot name: {unnamed}"
    if ui.code == "ru":
        english = [
            node for node in nodes if not CYRILLIC.search(node.name) and node.name not in LATIN_ON_PURPOSE
        ]
        assert not english, f"{where}: names not in Russian on the Russian page: {english}"


def check_tabs(nodes: list[Node], ui: UiLang, opened: str) -> None:
    tabs = [node for node in nodes if node.role == "tab"]
    assert [tab.name for tab in tabs] == [ui._(name) for name in TABS]
    assert [tab.name for tab in tabs if tab.state("selected")] == [ui._(opened)]


def walk_every_tab(page: Page, ui: UiLang) -> None:
    """The first screen, the folding teaching section closed and opened, then every tab."""
    where = f"{ui.code} first screen"
    nodes = what_a_reader_gets(page.page)
    check_named(nodes, ui, where)
    check_tabs(nodes, ui, TABS[0])
    pressed = [node for node in nodes if node.role == "button" and node.state("pressed") is not None]
    assert {node.name for node in pressed} >= {ui._("Both feet"), ui._("Left"), ui._("Right")}
    assert [node.state("pressed") for node in pressed if node.name == ui._("Both feet")] == ["true"]

    teaching = page.page.get_by_role("button", name=ui._(TEACHING))
    assert teaching.get_attribute("aria-expanded") == "false"
    teaching.click()
    assert teaching.get_attribute("aria-expanded") == "true"
    # the section's parts, built by the server when it is first opened
    page.page.get_by_role("button", name=ui._("Presentation mode")).wait_for()
    page.drawn()
    check_named(what_a_reader_gets(page.page), ui, f"{ui.code} teaching section")

    for name in TABS[1:]:
        page.page.get_by_role("tab", name=ui._(name), exact=True).click()
        # the tab's parts, built by the server when it is first opened, go out before the address
        # that names the tab
        address = f"tab={name}"
        wait_until(lambda a=address: a in page.page.evaluate("location.search"), f"no {name} tab")
        page.drawn()
        nodes = what_a_reader_gets(page.page)
        check_named(nodes, ui, f"{ui.code} {name}")
        check_tabs(nodes, ui, name)
        groups = [node for node in nodes if node.state("pressed") is not None]
        if name == "Downloads":  # a button group that arrives after the page's last click
            assert {node.name for node in groups} >= {"A4", "US Letter"}


@pytest.fixture
def opener(browser):
    yield from page_opener(browser)


@pytest.mark.parametrize("device, lang", [("desktop", "en"), ("Pixel 7", "ru")])
def test_every_control_has_a_name_in_the_pages_language(opener, playwright, server, device, lang):
    ui = UiLang(lang)
    size = {"width": 1366, "height": 900} if device == "desktop" else phone(playwright, device)
    page = opener(ui.url(f"{server}?zone=liver&foot=right"), size)
    if device != "desktop":  # the layer boxes, wrapped one under the other, start at one edge
        boxes = [
            page.page.get_by_role("checkbox", name=ui._(name)).bounding_box()
            for name in ("Show zone names", "Show the 5 longitudinal zones")
        ]
        assert boxes[0]["y"] < boxes[1]["y"] and abs(boxes[0]["x"] - boxes[1]["x"]) < 0.5, boxes
    walk_every_tab(page, ui)
    page.shot(f"screen-reader-{device.replace(' ', '-')}-{lang}.png")


# a widget group's view made and not drawn (its tab sent and left at once), then its model changed
HALF_BUILT_JS = """async () => {
  const {build_view} = Bokeh.require('core/build_views');
  const out = [];
  for (const [name, active] of [['RadioGroup', 1], ['CheckboxGroup', [1]],
                                ['RadioButtonGroup', 1], ['CheckboxButtonGroup', [1]]]) {
    const model = new (Bokeh.Models.get(name))({labels: ['a', 'b']});
    const view = await build_view(model, {parent: null});
    try {
      model.active = active;
      model.disabled = true;
      model.disabled = false;
      view.render_to(document.createElement('div'));  // drawn at last: as the model is by then
      const items = view._inputs ?? view._buttons;
      const on = items.map((el) => el.checked ?? el.classList.contains('bk-active'));
      out.push([name, on]);
    } catch (e) {
      out.push([name, String(e)]);
    }
  }
  return out;
}"""


def test_a_widget_group_changed_before_it_draws_draws_as_its_model_is(app_page, server):
    app_page.open(server)
    found = dict(app_page.page.evaluate(HALF_BUILT_JS))
    assert found == {name: [False, True] for name in found}, found
    assert len(found) == 4
