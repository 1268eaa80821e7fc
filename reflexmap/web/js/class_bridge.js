// The render of reflexmap.dashboard.class_panel.ClassBridge: the teacher's key for a class code
// is kept in this browser (localStorage, else sessionStorage, else window.name, which outlive a
// reload of this tab only), never in an address; the page reopens at its class's address.
const slot = (code) => "reflexmap-teach-" + code;
const STORES = [["local", () => window.localStorage], ["session", () => window.sessionStorage]];
// window.name outlives a reload of this tab, and is cleared when the tab goes to another site
const PREFIX = "reflexmap-keys:";
const tabKeys = () => {
  try { return window.name.startsWith(PREFIX) ? JSON.parse(window.name.slice(PREFIX.length)) : {}; }
  catch { return {}; }  // not ours, or not JSON
};
const setTabKeys = (keys) => {
  window.name = Object.keys(keys).length ? PREFIX + JSON.stringify(keys) : "";
};
const read = (code) => {
  for (const [kind, store] of STORES) {
    try {
      const key = store().getItem(slot(code));
      if (key) return [key, kind];
    } catch { /* refused: the next place */ }
  }
  const key = tabKeys()[slot(code)];
  return key ? [key, "tab"] : ["", ""];
};
const write = (code, key) => {
  for (const [, store] of STORES) {
    try {
      store().setItem(slot(code), key);
      if (store().getItem(slot(code)) === key) return;
    } catch { /* refused: the next place */ }
  }
  setTabKeys({...tabKeys(), [slot(code)]: key});
};
const drop = (code) => {
  for (const [, store] of STORES) {
    try { store().removeItem(slot(code)); } catch { /* refused: nothing kept there */ }
  }
  const keys = tabKeys();
  delete keys[slot(code)];
  setTabKeys(keys);
};
const go = (change) => {
  const query = new URLSearchParams(window.location.search);
  change(query);
  window.location.replace(window.location.pathname + "?" + query.toString());
};
export function render({ model }) {
  model.origin = window.location.origin + window.location.pathname;
  const [key, kept] = model.code ? read(model.code) : ["", ""];
  model.key = key;
  model.kept = kept;
  model.loaded = true;
  const start = () => {
    if (model.start.length !== 2) return;
    const [code, secret] = model.start;
    write(code, secret);
    go((query) => { query.delete("teach"); query.set("class", code); query.set("teach", "1"); });
  };
  model.on("start", start);
  start();  // a page opened at ?teach=1 is given its class before it is drawn
  // nginx sends a page to a class's server by the code in its address, as typed: a page opened
  // at a hand-typed variant (lower case, dashes) reopens at the code itself before it joins;
  // a code typed into the page's box opens its class the same way
  const canonical = () => {
    if (model.canonical) go((query) => query.set("class", model.canonical));
  };
  model.on("canonical", canonical);
  canonical();
  model.on("forget", () => drop(model.forget));
  const el = document.createElement("span");
  el.style.display = "none";
  return el;
}
