"""Saying so when the server is gone: a banner on a page whose connection was lost, a button to
reload, and a reload on its own once the server answers again (the address keeps the state)."""

from __future__ import annotations

from typing import ClassVar

import param
from panel.custom import JSComponent

from ..i18n import N_

MESSAGE = N_(
    "The connection to the server was lost. The map still names zones, but nothing else works "
    "until the page is reloaded; it reloads by itself when the server is back."
)


class ConnectionBanner(JSComponent):
    """Hidden while the page's websocket is open; shown, with a Reload button, once it is lost."""

    message = param.String(default=MESSAGE, constant=True, doc="What the banner says, translated.")
    reload = param.String(default="Reload", constant=True, doc="The button's text, translated.")

    _stylesheets: ClassVar[list[str]] = [
        """
        .rm-connection { position: fixed; top: 0; left: 0; right: 0; z-index: 1000; display: flex;
          gap: 12px; align-items: center; justify-content: center; flex-wrap: wrap; padding: 10px 16px;
          background: #fde2e1; border-bottom: 2px solid #b42318; color: #1d1d1f;
          font: 16px system-ui, sans-serif; }
        .rm-connection[hidden] { display: none; }
        .rm-connection button { font: inherit; min-height: 44px; padding: 4px 16px; cursor: pointer; }
        """
    ]

    _esm = """
    export function render({ model, view }) {
      const el = document.createElement('div');
      el.className = 'rm-connection';
      el.setAttribute('role', 'alert');
      el.dataset.testid = 'connection-lost';
      el.hidden = true;
      const text = document.createElement('span');
      text.textContent = model.message;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = model.reload;
      button.addEventListener('click', () => window.location.reload());
      el.append(text, button);
      let polling = null;
      const lost = () => {
        el.hidden = false;
        if (polling !== null) return;
        // a new page from the same address: the address bar holds the zone, mode and tab
        polling = setInterval(async () => {
          try {
            const answer = await fetch(window.location.href, { cache: 'no-store' });
            if (answer.ok) {
              clearInterval(polling);
              window.location.reload();
            }
          } catch (error) { /* still down */ }
        }, 2000);
      };
      // Bokeh cannot take a document's handler back, and a new chart rebuilds the dashboard (and
      // this banner) in the same page: one handler per document calls the banners there now.
      const doc = view.model.document;
      if (!doc.__reflexmapLost) {
        const banners = (doc.__reflexmapLost = new Set());
        doc.on_event('connection_lost', () => { for (const show of banners) show(); });
      }
      doc.__reflexmapLost.add(lost);
      model.on('remove', () => {
        doc.__reflexmapLost.delete(lost);
        clearInterval(polling);
      });
      return el;
    }
    """
