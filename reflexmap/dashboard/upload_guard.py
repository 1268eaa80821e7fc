"""Refusing a too-large file in the browser, before it is sent.

Panel's FileInput sends the whole file, base64-encoded, in one websocket message; from about
15 MB that message passes Bokeh's 20 MiB limit, Tornado closes the connection and the tab is dead
with nothing said. An empty file, the picker sends nothing for at all. This component finds the
picker beside it and stops such a file (empty, or over ``limit`` bytes) at the ``change`` event,
before the picker reads it, and reports it as ``refused``.
"""

from __future__ import annotations

from typing import ClassVar

import param
from panel.custom import JSComponent


class UploadGuard(JSComponent):
    """Stops empty files and files over ``limit`` bytes chosen in the file picker next to it (same
    parent); ``refused`` becomes ``"size|name|time"`` for each one stopped."""

    limit = param.Integer(default=0, constant=True)
    refused = param.String(default="")

    _priority_changes: ClassVar[list[str]] = ["refused"]

    _esm = """
    function findInput(root, depth) {
      const input = root.querySelector('input[type=file]');
      if (input || depth === 0) return input;
      for (const el of root.querySelectorAll('*')) {
        const found = el.shadowRoot && findInput(el.shadowRoot, depth - 1);
        if (found) return found;
      }
      return null;
    }

    export function render({ model }) {
      const el = document.createElement('span');
      el.style.display = 'none';
      const check = (event) => {
        const file = event.target.files && event.target.files[0];
        if (!file || (file.size > 0 && file.size <= model.limit)) return;
        // a capture listener on the input runs before the picker's own listener: it never reads
        event.stopImmediatePropagation();
        event.target.value = '';
        model.refused = file.size + '|' + file.name + '|' + performance.now();
      };
      const attach = (tries) => {
        // this component's shadow root sits in its parent's, where the picker's host is
        const host = el.getRootNode().host;
        const input = host && findInput(host.getRootNode(), 4);
        if (input) {
          if (!input.dataset.rmGuard) {
            input.dataset.rmGuard = '1';
            input.addEventListener('change', check, true);
          }
        } else if (tries > 0) {
          setTimeout(() => attach(tries - 1), 250);
        }
      };
      setTimeout(() => attach(40), 0);
      return el;
    }
    """
