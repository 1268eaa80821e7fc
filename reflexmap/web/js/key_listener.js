// The render of reflexmap.dashboard.bridge.KeyListener: key presses outside text fields.
export function render({ model }) {
  const wanted = new Set(model.watched);
  document.addEventListener('keydown', (event) => {
    const target = event.composedPath()[0];
    // Bokeh's tab headers take the focus (tabindex 0) but only a click opens one: without this a
    // keyboard reaches the sections' names and cannot open them
    if (target && target.classList && target.classList.contains('bk-tab')
        && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      target.click();
      return;
    }
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
