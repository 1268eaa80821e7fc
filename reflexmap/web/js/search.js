// Search as ZoneMap.find does it in Python (reflexmap/model.py), for the offline export, which
// has no server to ask: the same normalizing, typo correction (reflexmap/typos.py), synonyms,
// scores and order. tests/js/search.test.mjs tests it under Node and tests/test_js_parity.py
// holds it to the model over every zone of the default chart, in English and Russian.
//
// `index` is reflexmap.web.search_index.search_index(chart): per zone row, in chart order, the
// normalized columns find scores (`search`), its `name` and `foot` (the tie-breaks), the
// vocabulary typos are corrected to (`typos`), the conditions a query may name and the synonyms,
// both longest term first, as Python tries them.
/* exported rmFind */

// Python's casefold() as near as JavaScript gets: upper-casing expands "ß" to "SS" (and ligatures
// such as "ﬁ"), lowering first brings "ẞ" to "ß"; toLowerCase alone missed "Großzehe" for
// "grosszehe". casefold() also folds the Greek final sigma, which toLowerCase keeps.
// As model.fold_for_search, Russian yo is read as ye.
function rmNorm(text) {
  return text
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/\u03c2/g, "\u03c3")
    .replace(/\u0451/g, "\u0435")
    .replace(/[\s_-]+/g, " ")
    .trim();
}

// Length in characters (code points), as Python's len(); .length counts UTF-16 units.
function rmLength(text) {
  return Array.from(text).length;
}

function rmReEscape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// `word` as a whole word or phrase. Python's \b knows every alphabet; JavaScript's only ASCII
// letters, so Cyrillic words need lookarounds.
function rmWordRe(word) {
  return new RegExp("(?<![\\p{L}\\p{N}_])" + rmReEscape(word) + "(?![\\p{L}\\p{N}_])", "u");
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions, so "kindey" is one
// edit from "kidney"), as rapidfuzz's OSA, over arrays of characters.
function rmOsa(a, b) {
  const m = a.length;
  const n = b.length;
  let before = null;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const row = [i];
    for (let j = 1; j <= n; j++) {
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[n];
}

// rapidfuzz's OSA.normalized_similarity: 1 - distance / the longer length, by code point.
function rmSimilarity(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  const longest = Math.max(x.length, y.length);
  return longest ? 1 - rmOsa(x, y) / longest : 1;
}

// Vocabulary.correct: each word of a normalized query that is at least `minLength` long and
// appears nowhere in the vocabulary (not even inside a word) becomes the most similar known word
// at or above `cutoff`, the alphabetically first of equals; a word with none stays as typed.
function rmCorrect(query, vocabulary, minLength, cutoff) {
  return query
    .split(" ")
    .map((word) => {
      if (rmLength(word) < minLength || vocabulary.joined.includes(word)) return word;
      let best = null;
      let bestScore = cutoff;
      for (const known of vocabulary.words) {
        // sorted by code point, as in Python: the first of equals is kept
        const score = rmSimilarity(word, known);
        if (score > bestScore || (best === null && score >= bestScore)) {
          best = known;
          bestScore = score;
        }
      }
      return best ?? word;
    })
    .join(" ");
}

// content.condition_in: the condition whose term (longest first) the query names, else null.
function rmConditionIn(q, index) {
  for (const [term, i] of index.condition_terms) {
    if (rmWordRe(term).test(q)) return index.conditions[i];
  }
  return null;
}

// ZoneMap._scores: each row's score for the normalized query and the synonyms it names. Longest
// synonyms first, and a word inside an already matched phrase does not count again ("lower back"
// does not also pull in all that "back" names).
function rmScores(q, scale, index) {
  const terms = new Map([[q, 1.0 * scale]]);
  const matched = [];
  for (const [word, expansions] of index.synonyms) {
    if (matched.some((longer) => longer.includes(word))) continue;
    if (rmWordRe(word).test(q)) {
      matched.push(word);
      for (const term of expansions) if (!terms.has(term)) terms.set(term, 0.5 * scale);
    }
  }
  const S = index.search;
  const scores = [];
  for (let i = 0; i < S.exact.length; i++) {
    let score = 0;
    for (const [term, weight] of terms) {
      if (S.name[i].includes(term)) score = Math.max(score, 100 * weight);
      if (S.areas[i].includes(term)) score = Math.max(score, 60 * weight);
      if (S.keywords[i].includes(term)) score = Math.max(score, 40 * weight);
      if (S.system[i].includes(term)) score = Math.max(score, 20 * weight);
      if (S.exact[i] === term) score = Math.max(score, 150 * weight);
    }
    scores.push(score);
  }
  return scores;
}

function rmCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ZoneMap.find(query, view=None) and what it read: `rows`, the matching rows best first (by score,
// then name, then foot, then chart order); `readAs`, the query as corrected ("" when no word
// needed correcting, as ZoneMap.spelling); `condition`, the condition it names (ZoneMap.condition)
// or null.
function rmFind(query, index) {
  const none = { rows: [], readAs: "", condition: null };
  const typed = rmNorm(query);
  // judged as typed too: casefolding can lengthen a character ("ß" -> "ss")
  if (rmLength(query.trim()) < 2 || rmLength(typed) < 2) return none;
  const T = index.typos;
  // a query with a misspelt word is searched as corrected, and counts for less
  const q = rmCorrect(typed, T.vocabulary, T.min_length, T.cutoff);
  const scale = q === typed ? 1.0 : T.weight;
  const scores = rmScores(q, scale, index);
  // words that name nothing together are each searched on their own; short ones are too vague
  if (!scores.some((s) => s > 0)) {
    for (const word of q.split(" ")) {
      if (rmLength(word) < T.min_length) continue;
      rmScores(word, scale, index).forEach((s, i) => {
        scores[i] = Math.max(scores[i], s);
      });
    }
  }
  const hits = [];
  scores.forEach((score, i) => {
    if (score > 0) hits.push([score, i]);
  });
  hits.sort(
    (a, b) =>
      b[0] - a[0] ||
      rmCompare(index.name[a[1]], index.name[b[1]]) ||
      rmCompare(index.foot[a[1]], index.foot[b[1]]) ||
      a[1] - b[1],
  );
  return {
    rows: hits.map((hit) => hit[1]),
    readAs: q === typed ? "" : q,
    condition: rmConditionIn(q, index),
  };
}
