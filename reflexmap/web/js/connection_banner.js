// The render of reflexmap.dashboard.connection.ConnectionBanner: hidden while the page's
// websocket is open; once it is lost, a banner with a Reload button, and a reload on its own when
// the server answers again.
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
      } catch { /* still down */ }
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
