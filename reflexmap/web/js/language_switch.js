// The render of reflexmap.dashboard.language.LanguageSwitch: a link to this page per language.
export function render({ model }) {
  const nav = document.createElement("nav");
  nav.className = "rm-lang";
  nav.setAttribute("aria-label", model.label);
  nav.setAttribute("data-testid", "language-switch");
  const target = (code) => {
    const query = new URLSearchParams(window.location.search);
    query.set("lang", code);
    return window.location.pathname + "?" + query.toString() + window.location.hash;
  };
  for (const [code, name] of Object.entries(model.names)) {
    const link = document.createElement("a");
    link.textContent = name;
    link.lang = code;
    link.hreflang = code;
    link.href = target(code);
    if (code === model.lang) link.setAttribute("aria-current", "true");
    // the address changes as the user works (history.replaceState): read it when followed
    const refresh = () => { link.href = target(code); };
    link.addEventListener("focus", refresh);
    link.addEventListener("pointerdown", refresh);
    link.addEventListener("click", (event) => {
      refresh();
      if (code === model.lang) event.preventDefault();
    });
    nav.appendChild(link);
  }
  return nav;
}
