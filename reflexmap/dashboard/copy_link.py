"""A link to share, shown as its full address with a Copy button.

The address is made in the browser from the page's own location, so it is the one students can
type (the server cannot know it behind a proxy or a renamed host).
"""

from __future__ import annotations

from collections.abc import Callable

import param
from panel.custom import JSComponent

from ..i18n import N_
from ..web.style import CSS
from .touch import TOUCH_CSS

# what the button says: before, after copying, and where the clipboard is refused
WORDS = {"copy": N_("Copy link"), "copied": N_("Copied"), "selected": N_("Selected: press Ctrl+C")}


def copy_words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The button's words in a page's language: ``CopyLink(words=copy_words(state._), ...)``."""
    return {k: gettext(v) for k, v in WORDS.items()}


class CopyLink(JSComponent):
    """A read-only field holding ``location.origin + location.pathname + "?" + query`` and a Copy
    button. Copy uses the clipboard; where the browser refuses it (a page served over plain http
    to another computer is not a "secure context"), the address is selected for Ctrl+C instead.
    Empty ``query``: the field is empty and Copy disabled. Used for a lesson's and a class's link."""

    query = param.String(default="", doc="The link's query, without '?'.")
    label = param.String(default="Link", constant=True)
    field = param.String(default="link", constant=True, doc="The field's data-testid.")
    words = param.Dict(default=WORDS, constant=True, doc="The button's words (see copy_words).")

    _stylesheets = [  # noqa: RUF012  # panel.custom reads a class attribute
        CSS,
        TOUCH_CSS,
        """
        .rm-copy { display: flex; gap: 6px; align-items: stretch; }
        .rm-copy input { flex: 1 1 auto; min-width: 0; min-height: 31px; padding: 0 8px;
          font: 14px system-ui, sans-serif; border: 1px solid #bbb; border-radius: 4px;
          color: #1d1d1f; background: #f6f6f6; }
        .rm-copy button { min-height: 31px; padding: 0 14px; font: 600 14px system-ui, sans-serif;
          color: #fff; background: #5a1a8c; border: 0; border-radius: 4px; cursor: pointer; }
        .rm-copy button:disabled { background: #aaa; cursor: default; }
        @media (pointer: coarse), (max-width: 700px) { .rm-copy input, .rm-copy button { min-height: 44px; } }
        """,
    ]

    _esm = """
    export function render({ model }) {
      const wrap = document.createElement("div");
      const label = document.createElement("label");
      label.className = "rm-field-label";
      label.textContent = model.label;
      const row = document.createElement("div");
      row.className = "rm-copy";
      const input = document.createElement("input");
      input.readOnly = true;
      input.setAttribute("data-testid", model.field);
      input.id = "rm-copy-" + Math.random().toString(36).slice(2);
      label.htmlFor = input.id;
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-testid", "copy-link");
      // the button says what happened: a live region of its own would double the announcer's
      let timer = 0;
      const say = (text) => {
        clearTimeout(timer);
        button.textContent = text;
        if (text !== model.words.copy) timer = setTimeout(() => say(model.words.copy), 4000);
      };
      const show = () => {
        input.value = model.query ? location.origin + location.pathname + "?" + model.query : "";
        button.disabled = !model.query;
        say(model.words.copy);
      };
      const selectIt = () => {
        input.focus();
        input.select();
        say(model.words.selected);
      };
      button.addEventListener("click", () => {
        if (!input.value) return;
        if (!navigator.clipboard || !window.isSecureContext) { selectIt(); return; }
        navigator.clipboard.writeText(input.value).then(() => say(model.words.copied), selectIt);
      });
      model.on("query", show);
      show();
      row.append(input, button);
      wrap.append(label, row);
      return wrap;
    }
    """
