/* global fig, labels, guides, titles, zones, leaders, fill_alpha, rmFindView */
const run = (tries) => {
  // the plot's view: the figure model does not know it; before the first layout there is none
  const view = rmFindView(fig);
  const bbox = view?.frame?.bbox;
  if (!(bbox?.width > 0)) {
    if (tries > 0) requestAnimationFrame(() => run(tries - 1));
    return;
  }
  const {x_scale, y_scale} = view.frame;
  const source = labels.source, d = source.data, n = d.label.length;
  const value = (p) => (p != null && typeof p === "object" && "value" in p ? p.value : p);
  const font = (set) => `${value(set.text_font_style)} ${value(set.text_font_size)} ${value(set.text_font)}`;
  const fit = (labels.__rmFit ??= {});
  // the room, the font and the names: while they stay, so does the layout for each selection
  const key = [bbox.left, bbox.right, bbox.top, bbox.bottom, fig.x_range.start, fig.x_range.end,
               fig.y_range.start, fig.y_range.end, font(labels), labels.visible].join(" ");
  // the names as sent (a long one wrapped): the layout writes the form it chose into d.label
  if (fit.names !== d.label) fit.texts = d.label.slice();
  if (fit.key !== key || fit.names !== d.label) Object.assign(fit, {key, names: d.label, layouts: new Map()});
  const selected = zones.data.emphasis?.indexOf("selected") ?? -1;
  if (!labels.visible) {
    if (leaders.data.x0.length) drawLeaders(view.frame, []);
    return;
  }
  const place = (first) => {
    const ctx = (window.__rmLabelContext ??= document.createElement("canvas").getContext("2d"));
    // as Bokeh's TextBox measures text: the widest line, font ascent + descent a line
    const lineHeight = (set) => {
      ctx.font = font(set);
      const m = ctx.measureText("\u00c5\u015ag|");
      return m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
    };
    const gap = 1;
    const boxes = [];  // [left, top, right, bottom] in canvas pixels of what is drawn
    // the guide lines' names (centred, on a few lines) and the foot titles stay where they are
    const g = guides.source.data, line = lineHeight(guides);
    for (let i = 0; i < g.name.length; i++) {
      const rows = String(g.name[i]).split("\n");
      const w = Math.max(...rows.map((r) => ctx.measureText(r).width));
      const h = line * (rows.length + (value(guides.text_line_height) - 1) * (rows.length - 1));
      const sx = x_scale.compute(g.x[i]), sy = y_scale.compute(g.y[i]);
      boxes.push([sx - w / 2, sy - h / 2, sx + w / 2, sy + h / 2]);
    }
    const t = titles.data_source.data, th = lineHeight(titles.glyph);
    for (let i = 0; i < t.text.length; i++) {
      const w = ctx.measureText(t.text[i]).width;
      const sx = x_scale.compute(t.x[i]), sy = y_scale.compute(t.y[i]);
      boxes.push([sx - w / 2, sy - th / 2, sx + w / 2, sy + th / 2]);
    }
    // A long name comes on a few lines (map_data.map_label), which fit on its zone more often; it
    // is also tried on one line, and the cheaper place of the two is taken. Each form: [text, box
    // width, box height].
    const row = lineHeight(labels), spacing = value(labels.text_line_height) ?? 1.2;
    const measure = (text) => {
      const rows = text.split("\n");
      const w = Math.max(...rows.map((r) => ctx.measureText(r).width));
      return [text, w + 2 * gap, row * (rows.length + (spacing - 1) * (rows.length - 1)) + 2 * gap];
    };
    const forms = fit.texts.map((text) => (!text ? [] : text.includes("\n")
      ? [measure(text), measure(text.replace(/\n/g, " "))] : [measure(text)]));
    const ax = d.label_x.map((x) => x_scale.compute(x)), ay = d.label_y.map((y) => y_scale.compute(y));
    const inFrame = (i) => ax[i] >= bbox.left && ax[i] <= bbox.right
                           && ay[i] >= bbox.top && ay[i] <= bbox.bottom;
    const reach = 3 * (row + 2 * gap);  // how far from its zone's point a name may go (its leader's length)
    const middle = x_scale.compute(0);  // between the feet: the left foot is drawn at x < 0
    // Names of the two feet side by side on one row, a space apart ("Cervical spine Cervical
    // spine" on a phone), read as one phrase: they keep half a line's height apart (two spaces),
    // unless that hides more names (see below).
    const spaced = row / 2;
    const feet = [];  // the foot of each name's box in `boxes`, after the fixed ones
    const fixed = boxes.length;
    const hits = (b, k) => b[0] < k[2] && k[0] < b[2] && b[1] < k[3] && k[1] < b[3];
    // does the segment p-q pass through box k (Liang-Barsky clipping)?
    const crosses = ([px, py, qx, qy], k) => {
      let t0 = 0, t1 = 1;
      const dx = qx - px, dy = qy - py;
      for (const [p, q] of [[-dx, px - k[0]], [dx, k[2] - px], [-dy, py - k[1]], [dy, k[3] - py]]) {
        if (p === 0) { if (q < 0) return false; continue; }
        const r = q / p;
        if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; }
        else { if (r < t0) return false; if (r < t1) t1 = r; }
      }
      return t0 < t1;
    };
    const side = ([x0, y0, x1, y1], x, y) => Math.sign((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0));
    const segmentsCross = (s, t) => side(s, t[0], t[1]) * side(s, t[2], t[3]) < 0
                                    && side(t, s[0], s[1]) * side(t, s[2], s[3]) < 0;
    const inOrder = (order, apart) => {
      boxes.length = fixed;
      feet.length = 0;
      const zero = () => new Array(n).fill(0);
      const out = {dx: zero(), dy: zero(), shown: zero().map(() => false), text: [...fit.texts], leaders: [],
                   cost: 0, hidden: 0};
      for (const i of order) {
        // zoomed in, a name whose zone is out of sight stays out of sight
        if (!fit.texts[i] || !inFrame(i)) continue;
        const x = ax[i], y = ay[i];
        // the best place for a name's box of w x h pixels: [cost, box, leader start], or null
        const placeBox = (w, h) => {
          // the cost of the name's box at (left, top), null where it may not go
          const score = (base, left, top, near) => {
            const b = [left, top, left + w, top + h];
            if (b[0] < bbox.left || b[2] > bbox.right || b[1] < bbox.top || b[3] > bbox.bottom) return null;
            if (boxes.some((k) => hits(b, k))) return null;
            // a name across the middle reads as the other foot's
            if ((b[0] + b[2]) / 2 < middle !== (d.foot[i] === "left")) return null;
            // a leader is followed by eye: never across a name or another leader
            const leader = near && [x, y, ...near];
            if (out.leaders.some((l) => crosses(l, b) || (leader && segmentsCross(l, leader)))) return null;
            if (leader && boxes.some((k) => crosses(leader, k))) return null;
            const wide = [b[0] - apart, b[1], b[2] + apart, b[3]];
            if (apart && feet.some((foot, j) => foot !== d.foot[i] && hits(wide, boxes[fixed + j])))
              return null;
            let cost = base;
            // another zone's point under the name: that zone is hidden, or the name read as its
            for (let j = 0; j < n; j++)
              if (j !== i && ax[j] > b[0] && ax[j] < b[2] && ay[j] > b[1] && ay[j] < b[3]) cost += 35;
            return cost;
          };
          // where the name's box at (left, top) would start its leader (null: on its own point) and
          // what that costs before anything else is in the way: sliding along its row reads best
          const spot = (left, top) => {
            const nx = Math.min(Math.max(x, left + gap), left + w - gap);
            const ny = Math.min(Math.max(y, top + gap), top + h - gap);
            const dist = Math.hypot(nx - x, ny - y);
            if (dist > 0 && dist < 3) return null;  // neither on its point nor clearly beside it
            if (dist > 0) return [20 + dist, left, top, [nx, ny]];
            return [0.05 * Math.abs(left + w / 2 - x) + 0.4 * Math.abs(top + h / 2 - y), left, top, null];
          };
          let best = null;
          const consider = (t) => {
            if (!t || (best && t[0] >= best[0])) return;
            const [base, left, top, near] = t;
            const cost = score(base, left, top, near);
            if (cost !== null && (!best || cost < best[0]))
              best = [cost, [left, top, left + w, top + h], near];
          };
          // first where it always was, slid inward at the frame's edge: mostly the answer
          consider(spot(Math.max(bbox.left + gap, Math.min(x - w / 2, bbox.right - gap - w)),
                        Math.max(bbox.top + gap, Math.min(y - h / 2, bbox.bottom - gap - h))));
          // then around its point, cheapest first, as far as a place could cost less
          const step = h / 2, spanX = w / 2 + reach, spanY = h / 2 + reach;
          const tries = [];
          for (let cx = -spanX; cx <= spanX + 1e-6; cx += step)
            for (let cy = -spanY; cy <= spanY + 1e-6; cy += step) {
              const t = spot(x + cx - w / 2, y + cy - h / 2);
              if (!t || (t[3] && t[0] - 20 > reach) || (best && t[0] >= best[0])) continue;
              tries.push(t);
            }
          tries.sort((a, b) => a[0] - b[0]);
          for (const t of tries) {
            if (best && t[0] >= best[0]) break;
            consider(t);
          }
          return best;
        };
        let best = null;
        for (const [text, w, h] of forms[i]) {
          const found = placeBox(w, h);
          if (found && (!best || found[0] < best[0])) {
            best = found;
            out.text[i] = text;
          }
        }
        if (!best) {  // the last resort: no free place near its zone
          out.hidden++;
          continue;
        }
        const [cost, b, near] = best;
        boxes.push(b);
        feet.push(d.foot[i]);
        out.cost += cost;
        out.shown[i] = true;
        out.dx[i] = (b[0] + b[2]) / 2 - x;
        out.dy[i] = (b[1] + b[3]) / 2 - y;
        if (near) out.leaders.push([x, y, ...near]);
      }
      return out;
    };
    // Smallest zones first have the fewest good places; largest first keep the most names
    // where they belong when the room is short. Whichever hides fewer names, then costs less.
    const byArea = (sign) => [...Array(n).keys()]
      .sort((a, b) => (b === first) - (a === first) || sign * (d.area[a] - d.area[b]) || a - b);
    const better = (a, b) => (a.hidden < b.hidden || (a.hidden === b.hidden && a.cost <= b.cost) ? a : b);
    const arranged = (apart) => better(inOrder(byArea(1), apart), inOrder(byArea(-1), apart));
    const kept = arranged(spaced);
    if (!kept.hidden) return kept;
    // where the room is short, the feet's names kept apart can crowd a name out altogether: a
    // name shown is worth more
    const close = arranged(0);
    return close.hidden < kept.hidden ? close : kept;
  };
  const layout = (first) => {
    if (!fit.layouts.has(first)) fit.layouts.set(first, place(first));
    return fit.layouts.get(first);
  };
  let chosen = layout(-1);
  // the selected zone's name is always drawn: placed first if the others left it no room
  if (selected >= 0 && fit.texts[selected] && !chosen.shown[selected]) chosen = layout(selected);
  if (fit.chosen === chosen) return;
  fit.chosen = chosen;
  for (let i = 0; i < n; i++) {
    const alpha = chosen.shown[i] ? 1 : 0, fill = chosen.shown[i] ? fill_alpha : 0;
    // y_offset points up, canvas pixels down
    d.label_dx[i] = chosen.dx[i]; d.label_dy[i] = -chosen.dy[i];
    d.label_alpha[i] = alpha; d.label_fill_alpha[i] = fill; d.label[i] = chosen.text[i];
  }
  // changed in place, as the offline page restyles: repainted, not sent to the server
  source.change.emit();
  drawLeaders(view.frame, chosen.leaders);
};
// leaders in canvas pixels to the leader source, in data units; in place, as the names are: an
// assignment to .data would be sent to the server
const drawLeaders = ({x_scale, y_scale}, lines) => {
  const d = leaders.data;
  d.x0 = lines.map((l) => x_scale.invert(l[0])); d.y0 = lines.map((l) => y_scale.invert(l[1]));
  d.x1 = lines.map((l) => x_scale.invert(l[2])); d.y1 = lines.map((l) => y_scale.invert(l[3]));
  leaders.change.emit();
};
// once a frame: a zoom moves both ends of both ranges, a resize both sides of the frame
labels.__rmFitFrame ??= requestAnimationFrame(() => {
  labels.__rmFitFrame = null;
  run(10);
});
