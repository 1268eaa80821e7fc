/* global rmHtmlShower, rmFitWindow */
// The render of reflexmap.dashboard.details.ZoneDetailsView, after show_html.js and fit_window.js.
export function render({ model }) {
  const box = document.createElement("div");
  box.setAttribute("data-testid", "details-view");
  // a named region the keyboard reaches (and scrolls, where presentation mode makes it scroll)
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", model.words.region);
  box.tabIndex = 0;
  const holder = document.createElement("div");
  holder.className = "rm-details-holder";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "rm-sheet-close";
  close.textContent = "×";
  close.setAttribute("aria-label", model.words.close);
  const also = document.createElement("div");
  also.className = "rm-also";
  also.setAttribute("data-testid", "also-here");
  const scroller = document.createElement("div");
  scroller.className = "rm-sheet-scroll";
  scroller.append(also, box);
  holder.append(close, scroller);
  const taps = (window.__reflexmapTaps ??= {});
  let show = rmHtmlShower([model.empty, ...model.rows]);
  const fit = () => rmFitWindow(box, model.fit_window);
  let zoneRows = new Map(model.rows.map((html, i) => [html, i]));
  // another view of the feet: other rows (the shown answer follows with them)
  model.on("rows", () => {
    show = rmHtmlShower([model.empty, ...model.rows]);
    zoneRows = new Map(model.rows.map((html, i) => [html, i]));
    others = [];
    drawn = null;
  });
  const sheet = window.matchMedia(model.phone);
  let drawn = null, others = [];
  const draw = (html) => {
    if (html === drawn) return;
    show(box, html);
    drawn = html;
    holder.classList.toggle("rm-sheet", zoneRows.has(html));
    // the other zones under the last tap, while one of them is shown
    if (!others.includes(zoneRows.get(html))) others = [];
    offer();
  };
  const offer = () => {
    const current = zoneRows.get(drawn);
    const rest = others.filter((i) => i !== current);
    also.replaceChildren();
    if (rest.length) {
      const label = document.createElement("span");
      label.textContent = model.words.also;
      also.append(label);
    }
    for (const row of rest) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = model.names[row];
      button.addEventListener("click", () => {
        model.pick = [row, model.pick[1] + 1];
        box.setAttribute("data-pending", "");
        draw(model.rows[row]);
      });
      also.append(button);
    }
    fit();  // the row above the text moves it down: fit what is there now
  };
  close.addEventListener("click", () => holder.classList.remove("rm-sheet"));
  // the count of the newest row sent ahead: in lead, or to a whole class at once (onClassLead)
  let led = model.lead[0];
  const settle = () => {
    // a newer tap's or pick's answer is coming
    if ((taps[model.channel] ?? 0) > model.shown.taps || model.pick[1] > model.shown.picks) return;
    if (led > (model.shown.leads ?? 0)) return;
    box.removeAttribute("data-pending");
    draw(model.shown.html);
  };
  const onTap = (event) => {
    const tap = event.detail;
    if (tap.channel !== model.channel) return;
    box.setAttribute("data-pending", "");
    if (!model.armed) return;
    const rows = tap.hits.filter((i) => model.selectable[i]);
    others = rows;
    const html = rows.length ? model.rows[rows[0]] : model.empty;
    if (html === drawn) offer();  // the same zone again: only what else is here may differ
    else draw(html);
    if (rows.length) holder.classList.add("rm-sheet");  // again, if it was closed
    // the sheet covers the bottom of the screen: the tapped spot stays in sight above it
    if (rows.length && sheet.matches && tap.clientY > innerHeight * 0.45)
      window.scrollBy(0, tap.clientY - innerHeight * 0.3);
  };
  const lead = (count, row) => {
    led = Math.max(led, count);
    if (count <= (model.shown.leads ?? 0)) return;  // Python's answer covers it already
    box.setAttribute("data-pending", "");
    if (!model.armed || (row >= 0 && !model.selectable[row])) return;
    others = [];
    draw(row >= 0 ? model.rows[row] : model.empty);
    // the map outlines it in the same frame (lead_outline.LeadOutline, on a class student's page)
    document.dispatchEvent(new CustomEvent("reflexmap-lead", {detail: {channel: model.channel, row}}));
  };
  model.on("lead", () => lead(...model.lead));
  // a class's row, one message for every student's page, relayed by lead_outline.js
  const onClassLead = (event) => {
    if (event.detail.channel === model.channel) lead(event.detail.count, event.detail.row);
  };
  document.addEventListener("reflexmap-class-lead", onClassLead);
  document.addEventListener("reflexmap-tap", onTap);
  window.addEventListener("resize", fit);
  model.on("remove", () => {
    document.removeEventListener("reflexmap-tap", onTap);
    document.removeEventListener("reflexmap-class-lead", onClassLead);
    window.removeEventListener("resize", fit);
  });
  model.on("fit_window", fit);
  requestAnimationFrame(fit);  // once the page is laid out around the box
  model.on("shown", settle);
  draw(model.shown.html);
  settle();
  return holder;
}
