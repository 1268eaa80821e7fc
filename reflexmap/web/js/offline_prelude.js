/* global V, G, sources, STYLES, rmFindView, rmSetSilently */
// Shared by both callbacks. ``V`` (built in Python) holds per view its map's tag and data: the
// details HTML and announcement of each row, the rows in smallest-first order and each row's pair
// on the other foot; ``sources`` the views' zone sources, ``panels`` their columns. ``G`` holds the
// search columns of every zone of the chart, in chart order, with each row's view and row there
// (``at``), the synonyms and the typo vocabulary. The selection, [row, view index] ([-1, -1] for
// none), lives in ``details.tags``; the current matches, as chart rows, in ``results.tags``.
function writer(div, show = (element, html) => { element.innerHTML = html; }) {
  // Any change to a Div, even to its tags, makes Bokeh render it again and lay out the whole page:
  // that was three quarters of a click here (about 15 of 20 ms). Write into the Div's own element
  // instead and update the model silently to match; without a view, fall back to a plain update.
  // The view is looked up once per writer: that took 0.2 ms, a quarter of a tap's answer.
  let view = null;
  return (html, tags) => {
    if (!view?.markup_el?.isConnected) view = rmFindView(div);
    if (view?.markup_el) {
      rmSetSilently(div, {text: html, tags: tags});
      show(view.markup_el, html);
    } else {
      div.setv({text: html, tags: tags});
    }
  };
}
function restyle(selected, matches) {
  const [sel, selView] = selected;
  const hits = V.map(() => new Set());
  for (const g of matches) hits[G.at[g][0]].add(G.at[g][1]);
  V.forEach((view, v) => {
    const data = sources[v].data, n = data.zone_id.length;
    const mine = v === selView ? sel : -1;
    const pair = mine >= 0 ? view.D.pair[mine] : -1;
    const emphasis = mine >= 0 || hits[v].size > 0;
    let changed = false;
    for (let i = 0; i < n; i++) {
      const kind = i === mine ? "selected" : i === pair ? "pair" : hits[v].has(i) ? "match"
                 : emphasis ? "dimmed" : "plain";
      if (data.emphasis[i] === kind) continue;
      const s = STYLES[kind];
      data.fill_alpha[i] = s[0]; data.line_width[i] = s[1]; data.line_color[i] = s[2];
      data.emphasis[i] = kind;
      changed = true;
    }
    // a view whose styles stay as they were (most taps leave three of four alone) is not redrawn
    if (changed) sources[v].change.emit();
  });
}
