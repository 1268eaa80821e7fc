// rmHtmlShower(rows) -> show(element, html): see reflexmap.web.tap_js (SHOW_HTML_JS).
function rmHtmlShower(rows) {
  const parsed = new Map();
  const nodes = (html) => {
    let found = parsed.get(html);
    if (!found) {
      const holder = document.createElement("div");
      holder.innerHTML = html;
      found = [...holder.childNodes];
      parsed.set(html, found);
    }
    return found;
  };
  // Safari has no requestIdleCallback: a few milliseconds at a time there too, never all at once
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(() => {
    const start = performance.now();
    fn({timeRemaining: () => Math.max(0, 5 - (performance.now() - start))});
  }, 50));
  let next = 0;
  const parseSome = (deadline) => {
    while (next < rows.length && deadline.timeRemaining() > 1) nodes(rows[next++]);
    if (next < rows.length) idle(parseSome);
  };
  idle(parseSome);
  return (element, html) => element.replaceChildren(...nodes(html));
}
