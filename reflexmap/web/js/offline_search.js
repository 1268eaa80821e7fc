/* global cb_obj, G, V, details, results, writer, restyle, rmFind */
// Run on every keystroke in the offline page's search box (cb_obj): the zones rmFind finds
// (search.js) listed as buttons, each naming its view, with what the search read ("read as",
// a condition's notice), and outlined on the maps. G.words holds the page's words, as HTML.
const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"};
// the page's words (G.words, HTML) with {name} filled in; a function, so "$&" in a query stays
const fill = (words, values) =>
  words.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
const esc = (t) => t.replace(/[&<>"']/g, (c) => ENTITIES[c]);
const query = cb_obj.value_input || "";
// rmFind (reflexmap/web/js/search.js): the rows ZoneMap.find(query, view=None) gives, best first
const {rows: found, readAs, condition} = rmFind(query, G);
// as search.condition_html: a disease, symptom or claim gets its notice before any zone
const notice = !condition ? "" : '<div class="rm-notice rm-condition" role="note" '
  + 'data-testid="condition-notice"><strong>' + G.words.not_a_treatment + "</strong> "
  + esc(condition.notice) + "</div>";
const n = found.length;
const said = {
  query: esc(query), n: n, spelling: esc(readAs), condition: condition ? esc(condition.name) : "",
};
let html;
if (!query.trim()) html = '<p class="rm-results-count">' + G.words.try + "</p>";
else if (!n)
  html = notice + '<p class="rm-results-count" data-testid="no-match">'
    + fill(condition ? G.words.no_zone_for_condition : G.words.no_match, said) + "</p>";
else html = notice + '<p class="rm-results-count">'
  + fill(G.words.matches[new Intl.PluralRules(G.words.lang).select(n)] || G.words.matches.other, said)
  + (readAs ? fill(G.words.read_as, said) : "") + (condition ? fill(G.words.condition_areas, said) : "")
  + G.words.highlighted + '</p><ul class="rm-list" data-testid="results">'
  // each result a button that selects its zone, as the zone list's (MAP_KEYS_JS handles the click)
  + found.map((g) => {
    const [v, row] = G.at[g];
    return '<li><button type="button" class="rm-zone-button" data-rm-map="' + esc(V[v].tag)
      + '" data-rm-row="' + row + '">' + esc(G.label[g]) + "</button></li>";
  }).join("") + "</ul>";
writer(results)(html, found);
restyle(details.tags.length > 1 ? details.tags : [-1, -1], found);
