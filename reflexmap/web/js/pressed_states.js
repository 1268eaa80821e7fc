// The render of reflexmap.dashboard.bridge.PressedStates: aria-pressed kept equal to bk-active.
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
