// The render of reflexmap.dashboard.bridge.AddressBar: the query in the address, replaced in place.
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
