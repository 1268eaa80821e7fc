// The render of reflexmap.dashboard.bridge.LocalStore: a string kept in localStorage.
export function render({ model }) {
  let stored = null;
  try { stored = window.localStorage.getItem(model.storage_key); } catch { /* private mode */ }
  model.value = stored ?? "";
  model.loaded = true;
  model.on('value', () => {
    try { window.localStorage.setItem(model.storage_key, model.value); } catch { /* full */ }
  });
  const el = document.createElement('span');
  el.style.display = 'none';
  return el;
}
