"""A live class in real browsers: one teacher, several students (one on a phone), one server.

The server runs with a class size of 4, so the fifth student meets the full class.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from playwright.sync_api import expect

from reflexmap.classroom import new_code
from reflexmap.dashboard.lead_outline import CLASS_LEAD

from .conftest import ARTIFACTS, Page, assert_no_traceback, phone, run_server
from .test_phone import PhonePage

pytestmark = pytest.mark.browser

SIZE = 4
STATUS = "[data-testid=class-status]"
# the teacher's answer dots, read from the page's Bokeh data source
DOTS_JS = """() => {
  for (const doc of Bokeh.documents)
    for (const m of doc._all_models.values())
      if (m.type === 'ColumnDataSource' && m.data.color && m.data.x && !m.data.zone_id)
        return Array.from(m.data.color);
  return null;
}"""


@pytest.fixture(scope="module")
def class_server():
    before = os.environ.get("REFLEXMAP_CLASS_SIZE")
    os.environ["REFLEXMAP_CLASS_SIZE"] = str(SIZE)
    try:
        with run_server() as (url, log_path):
            yield url
    finally:
        if before is None:
            os.environ.pop("REFLEXMAP_CLASS_SIZE")
        else:
            os.environ["REFLEXMAP_CLASS_SIZE"] = before
    assert_no_traceback(log_path.read_text())


@pytest.fixture
def people(browser, playwright):
    """``person(url, phone=False, wait=True)`` opens a page in a browser context of its own."""
    contexts, pages = [], []

    def person(url: str, on_phone: bool = False, wait: bool = True) -> Page:
        context = browser.new_context(
            **(phone(playwright) if on_phone else {"viewport": {"width": 1280, "height": 900}})
        )
        contexts.append(context)
        page = PhonePage(context) if on_phone else Page(context.new_page())
        pages.append(page)
        if wait:
            page.open(url)
        else:
            page.page.goto(url)
        return page

    yield person
    for context in contexts:
        context.close()
    for page in pages:
        assert not page.dialogs, f"a dialog opened: {page.dialogs}"
        assert not page.errors, f"browser console errors: {json.dumps(page.errors, indent=1)}"


def status(page: Page, text: str, selector: str = STATUS, timeout: float = 15_000):
    """Wait until the class bar says ``text`` (a regular expression)."""
    loc = page.page.locator(selector).filter(has_text=re.compile(text))
    loc.wait_for(timeout=timeout)
    return loc


def start_class(person, url: str) -> tuple[Page, str, str]:
    teacher = person(url + "?teach=1", wait=False)
    # the page moves itself to ?class=CODE&teach=1: wait for that page, not a third one
    teacher.page.wait_for_function("() => location.search.includes('class=')", timeout=30_000)
    teacher.ready()
    code = teacher.page.locator("[data-testid=class-code]").inner_text(timeout=15_000)
    link_box = teacher.page.locator("[data-testid=class-link]")
    # the page writes the full address into the box itself (only it knows the address it was
    # opened at, behind a proxy too), a moment after the class views are drawn
    expect(link_box).to_have_value(re.compile(r"\?class="), timeout=15_000)
    link = link_box.input_value()
    return teacher, code, link


def shows(page: Page, zone_id: str, foot: str, timeout: float = 10_000) -> None:
    page.wait_details(zone_id, foot, timeout=timeout)


def test_a_class_follows_answers_and_ends(class_server, chart, people):
    url = class_server
    teacher, code, link = start_class(people, url)
    # the student link is the class code alone; the key stays in the teacher's browser
    assert link == f"{url}?class={code}"
    key = teacher.page.evaluate(f"() => localStorage.getItem('reflexmap-teach-{code}')")
    assert key and len(key) >= 20 and key not in link
    assert key not in teacher.page.evaluate("() => location.href")
    expect(teacher.page.locator("[data-testid=class-qr] svg")).to_have_count(1)

    pixel = people(link, on_phone=True)
    desk = people(link)
    status(pixel, f"Following the teacher in class {code}")
    teacher.click_zone(chart, "liver", "right")
    for student in (pixel, desk):
        shows(student, "liver", "right")
    pixel.page.screenshot(path=ARTIFACTS / "class-student-pixel7-following.png")

    late = people(link)  # joins after the teacher moved: sees the class where it is at once
    shows(late, "liver", "right")
    status(teacher, "3 students following", "[data-testid=class-tally]")

    # a student's click moves their own screen only
    desk.click_zone(chart, "heart", "left")
    shows(desk, "heart", "left")
    for other in (pixel, late):
        other.still_shows(chart, "liver", "right")
    shows(teacher, "liver", "right")  # (a click of the teacher's would lead the class again)

    # exploring alone: the teacher's next zone does not pull this student back ...
    desk.page.get_by_role("button", name="Explore on my own").click()
    status(desk, "Exploring on your own")
    teacher.click_zone(chart, "kidney", "left")
    shows(pixel, "kidney", "left")
    shows(late, "kidney", "left")
    desk.still_shows(chart, "heart", "left")
    # ... until they follow again, which jumps to where the class is
    desk.page.get_by_role("button", name="Follow the teacher").click()
    shows(desk, "kidney", "left")

    # the teacher's address opened in a browser without the key is an ordinary student
    keyless = people(f"{url}?class={code}&teach=1")
    status(keyless, f"Following the teacher in class {code}")
    assert keyless.page.get_by_role("button", name="Ask: find the selected zone").count() == 0
    keyless.click_zone(chart, "stomach", "left")
    shows(keyless, "stomach", "left")
    pixel.still_shows(chart, "kidney", "left")
    shows(teacher, "kidney", "left")

    # the class is full now: the next one is told so, and can still use the map
    full = people(link)
    status(full, f"Class {code} is full \\({SIZE} students\\)", "[data-testid=class-error]")

    # a reloaded teacher's page is still the teacher's (the key is in its browser)
    teacher.page.reload()
    teacher.ready()
    status(teacher, "4 students following", "[data-testid=class-tally]")

    # ask the class: each answers on their own map; the teacher sees the count and the dots
    teacher.click_zone(chart, "liver", "right")
    shows(pixel, "liver", "right")
    teacher.page.get_by_role("button", name="Ask: find the selected zone").click()
    for student in (pixel, desk, late, keyless):
        status(student, r"Find: Liver \(right foot\)")
    teacher.wait_empty()  # the projected screen does not show the answer either
    expect(pixel.page.locator("[data-testid=details][data-zone=liver]")).to_have_count(0)
    pixel.tap_zone(chart, "liver", "right")
    desk.click_zone(chart, "heart", "left")
    keyless.click_zone(chart, "liver", "right")
    tally = status(teacher, "3 of 4 answered", "[data-testid=class-tally]")
    assert (tally.get_attribute("data-answered"), tally.get_attribute("data-right")) == ("3", "2")
    assert "67% right" in tally.inner_text()
    assert sorted(teacher.page.evaluate(DOTS_JS)) == sorted(["#1a7f37", "#1a7f37", "#c2410c"])
    status(pixel, "Your answer is in")
    teacher.shot("class-teacher-answers.png")
    pixel.page.screenshot(path=ARTIFACTS / "class-student-pixel7-question.png")

    teacher.page.get_by_role("button", name="Reveal").click()
    for student in (pixel, desk, late, keyless):
        shows(student, "liver", "right")
    status(pixel, "You found it")
    status(desk, "It is outlined on your map")
    pixel.page.screenshot(path=ARTIFACTS / "class-student-pixel7-reveal.png")

    teacher.page.get_by_role("button", name="End class").click()
    for student in (pixel, desk):
        status(student, f"Class {code} has ended: the teacher ended it")
    status(teacher, "has ended")
    assert teacher.page.evaluate(f"() => localStorage.getItem('reflexmap-teach-{code}')") is None
    stale = people(link)
    status(stale, f"Class {code} has ended", "[data-testid=class-error]")


# the map's zone style of one row (the page's zone source, by its renderer's name)
EMPHASIS_JS = """(row) => {
  for (const doc of Bokeh.documents)
    for (const m of doc._all_models.values())
      if (m.type === 'GlyphRenderer' && m.name === 'reflexmap-zones') return m.data_source.data.emphasis[row];
  return null;
}"""


class HeldUpdates:
    """A page's websocket where, after the first zone sent ahead (``CLASS_LEAD``), the server's updates
    are held back (:meth:`release` lets them through, in order). Messages to a component
    (``esm_event``) still pass: they are news, as the lead is, not the full update."""

    def __init__(self, context):
        self.held: list[list] = []
        self.holding = False
        self.to_page = None
        context.route_web_socket(re.compile(r"/ws"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        self.to_page = ws
        frames: list = []  # one Bokeh message: header, metadata, content, each buffer's ref and bytes

        def from_server(frame) -> None:
            frames.append(frame)
            if len(frames) < 3 + 2 * json.loads(frames[0]).get("num_buffers", 0):
                return
            message = list(frames)
            frames.clear()
            content = message[2]
            if self.holding and '"esm_event"' not in content:
                self.held.append(message)
                return
            for part in message:
                ws.send(part)
            if f'"msg_type":"{CLASS_LEAD}"' in content:  # the class's row, one message for all
                self.holding = True

        server.on_message(from_server)
        ws.on_message(server.send)

    def release(self) -> None:
        self.holding = False
        for message in self.held:
            for part in message:
                self.to_page.send(part)
        self.held.clear()


def test_a_followed_zone_is_outlined_with_its_details_before_the_full_update(
    class_server, chart, people, browser
):
    from reflexmap.web.details_html import row_index

    teacher, _code, link = start_class(people, class_server)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        wire = HeldUpdates(context)
        student = Page(context.new_page())
        student.open(link)
        status(student, "Following the teacher")
        row = row_index(chart)["liver", "right"]
        assert student.page.evaluate(EMPHASIS_JS, row) == "plain"
        teacher.click_zone(chart, "liver", "right")
        # the details and the outline from the row alone: the full update is held back
        student.page.locator('[data-testid=details-view][data-pending] [data-zone="liver"]').wait_for()
        student.page.wait_for_function(f"() => ({EMPHASIS_JS})({row}) === 'selected'", timeout=15_000)
        assert wire.held, "the full update came with the row: nothing was ahead of it"
        student.shot("class-student-outlined-ahead.png")
        wire.release()
        shows(student, "liver", "right")  # Python's answer covers it, and agrees
        assert student.page.evaluate(EMPHASIS_JS, row) == "selected"
        assert student.zone_style()["liver", "right"]["line_color"] == "#000000"
        assert not student.errors, student.errors
    finally:
        context.close()


def test_a_malformed_code_says_so(class_server, people):
    from urllib.parse import quote

    page = people(f"{class_server}?class={quote('<img src=x>')}")
    status(page, "letters and digits", "[data-testid=class-error]")
    assert page.page.locator("img[src=x]").count() == 0


def test_a_hand_typed_unknown_code_reopens_at_the_canonical_code_and_says_so(class_server, people):
    # nginx routes by the code as typed: the page must carry the canonical one before it joins.
    # (Also the check of an unknown code, which had a page of its own.)
    code = new_code()
    page = people(f"{class_server}?class={code[:4].lower()}-{code[4:].lower()}&zone=liver")
    status(page, f"There is no class {code} running", "[data-testid=class-error]")
    assert page.page.evaluate("() => location.search").startswith(f"?class={code}&zone=liver")


# a browser that refuses site data (a private mode, blocked cookies): both storages throw
NO_STORAGE_JS = """
for (const name of ["localStorage", "sessionStorage"])
  Object.defineProperty(window, name, {
    get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
  });
"""


def test_a_teacher_without_site_storage_still_teaches_and_a_student_types_the_code(
    class_server, chart, people, browser
):
    url = class_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(NO_STORAGE_JS)
    try:
        teacher = Page(context.new_page())
        teacher.page.goto(url + "?teach=1")
        teacher.page.wait_for_function("() => location.search.includes('class=')", timeout=30_000)
        teacher.ready()
        code = teacher.page.locator("[data-testid=class-code]").inner_text(timeout=15_000)
        expect(teacher.page.locator("[data-testid=class-key-warning]")).to_contain_text("this tab only")
        teacher.page.reload()  # the key outlives a reload of the tab
        teacher.page.locator("[data-testid=class-code]").wait_for(timeout=30_000)
        expect(teacher.page.get_by_role("button", name="Ask: find the selected zone")).to_be_visible()

        student = people(url + "?zone=heart&foot=left", on_phone=True)
        # the zone's details cover the bottom of a phone's screen: closed, as a person would
        student.page.get_by_role("button", name="Close the zone's details").click()
        # the class tools are folded away under the routines, and built when opened
        student.page.get_by_text("Teach or join a class, present a lesson").click()
        box = student.page.get_by_label("Class code")
        box.fill("nope")
        box.press("Enter")
        # said beside the box: the class bar at the page's top is out of a phone's sight here
        said = status(student, "letters and digits", "[data-testid=class-code-error]")
        expect(said).to_be_in_viewport()
        expect(student.page.locator("[data-testid=class-error]")).to_have_count(0)
        student.page.screenshot(path=ARTIFACTS / "class-typed-bad-code-pixel7.png")
        box.fill(f"{code[:4].lower()}-{code[4:].lower()}")  # as said aloud, typed on a phone
        box.press("Enter")
        status(student, f"Following the teacher in class {code}")
        assert f"class={code}" in student.page.evaluate("() => location.search")
        teacher.click_zone(chart, "kidney", "left")
        shows(student, "kidney", "left")  # and settled: Python's full answer came after the page's
        teacher.shot("class_no_storage_teacher.png")
        student.shot("class_typed_code_student.png")
    finally:
        context.close()
