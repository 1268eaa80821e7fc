"""Small browser-side components: the student's progress in localStorage, key presses, and the
address bar.

Each renders an invisible element; all logic stays in Python. Progress lives in the browser so it
survives reloads and server restarts without accounts, and no student ever sees another's.
"""

from __future__ import annotations

import param
from panel.custom import JSComponent

from .internals import send_at_once


# Panel holds a change from the browser for 50 ms in case more follow: the progress on screen
# says "loading" until these arrive, and should not wait longer than it must
@send_at_once("value", "loaded")
class LocalStore(JSComponent):
    """A string kept in the browser's localStorage under ``storage_key``.

    ``loaded`` turns True once the stored value has arrived from the browser; writing ``value``
    from Python stores it.
    """

    storage_key = param.String(default="reflexmap-progress", constant=True)
    value = param.String(default="")
    loaded = param.Boolean(default=False)

    _esm = """
    export function render({ model }) {
      let stored = null;
      try { stored = window.localStorage.getItem(model.storage_key); } catch (e) { /* private mode */ }
      model.value = stored ?? "";
      model.loaded = true;
      model.on('value', () => {
        try { window.localStorage.setItem(model.storage_key, model.value); } catch (e) { /* full */ }
      });
      const el = document.createElement('span');
      el.style.display = 'none';
      return el;
    }
    """


# Panel holds a change from the browser for 50 ms in case more follow; a key press is one
# change, and a teacher stepping through a lesson should not wait for it.
@send_at_once("press")
class KeyListener(JSComponent):
    """Reports key presses on the page (not while typing in a field) as ``press = "key|time"``."""

    watched = param.List(default=[], item_type=str, constant=True, doc="Keys to report; others pass.")
    press = param.String(default="")

    _esm = """
    export function render({ model }) {
      const wanted = new Set(model.watched);
      document.addEventListener('keydown', (event) => {
        const target = event.composedPath()[0];
        const tag = target && target.tagName;
        const typing = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
        if (typing || (target && target.isContentEditable)) return;
        // a letter key by its place, so L, R and A work with a Cyrillic layout too (where L types "д")
        const latin = /^Key[A-Z]$/.test(event.code) ? event.code.slice(3).toLowerCase() : null;
        const key = wanted.has(event.key) ? event.key : (latin && wanted.has(latin) ? latin : null);
        if (event.ctrlKey || event.metaKey || event.altKey || key === null) return;
        event.preventDefault();
        model.press = key + '|' + performance.now();
      });
      const el = document.createElement('span');
      el.style.display = 'none';
      return el;
    }
    """

    @staticmethod
    def key_of(press: str) -> str:
        """The key name in a ``press`` value."""
        return press.rsplit("|", 1)[0]


class AddressBar(JSComponent):
    """Writes ``query`` (a URL query without its "?") into the page's address bar.

    The URL then names what is on screen (``?zone=liver&foot=right``), to share or reload. Panel's
    Location did this by pushing a history entry per change (twenty clicks, twenty presses of Back
    to leave the page, none of which changed what it showed) and by sending the new address back
    to the server, a third of a tap's server time. This replaces the entry and sends nothing back.
    """

    query = param.String(default="")

    _esm = """
    export function render({ model }) {
      const write = () => {
        const url = window.location.pathname + (model.query ? "?" + model.query : "") + window.location.hash;
        if (url !== window.location.pathname + window.location.search + window.location.hash)
          window.history.replaceState(window.history.state, "", url);
      };
      model.on('query', write);
      write();
      const el = document.createElement('span');
      el.style.display = 'none';
      return el;
    }
    """


class PressedStates(JSComponent):
    """Tells screen readers which button of each button group (the foot filter, the quiz's kind of
    question) is the chosen one: ``aria-pressed``, kept equal to Bokeh's ``bk-active`` class.

    Bokeh marks the chosen button by its look alone. The groups sit in shadow roots, which a page
    observer cannot see into; each is watched once found, and the page is searched for new ones
    (a tab opened, a layout changed) when idle after a click or a key.
    """

    _esm = """
    export function render({ model }) {
      const sync = (root) => {
        for (const b of root.querySelectorAll(".bk-btn-group > .bk-btn")) {
          const pressed = String(b.classList.contains("bk-active"));
          if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
        }
      };
      const seen = new WeakSet();
      const observers = [];
      const scan = (root) => {
        for (const el of root.querySelectorAll("*")) {
          const inner = el.shadowRoot;
          if (!inner) continue;
          if (String(el.className).includes("RadioButtonGroup") && !seen.has(inner)) {
            seen.add(inner);
            const observer = new MutationObserver(() => sync(inner));
            const watched = {subtree: true, childList: true, attributes: true, attributeFilter: ["class"]};
            observer.observe(inner, watched);
            observers.push(observer);
          }
          if (seen.has(inner)) sync(inner);
          scan(inner);
        }
      };
      const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 100));
      let queued = false;
      const later = () => {
        if (queued) return;
        queued = true;
        idle(() => { queued = false; scan(document); });
      };
      for (const type of ["click", "keyup"]) document.addEventListener(type, later, true);
      const first = setTimeout(later, 500);
      // a new chart rebuilds the dashboard in the same page: this one's watchers go with it
      model.on("remove", () => {
        for (const type of ["click", "keyup"]) document.removeEventListener(type, later, true);
        clearTimeout(first);
        for (const observer of observers) observer.disconnect();
      });
      const el = document.createElement("span");
      el.style.display = "none";
      return el;
    }
    """
