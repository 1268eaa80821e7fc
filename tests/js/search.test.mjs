// rmFind and its parts (reflexmap/web/js/search.js) on small hand-made data, each rule of
// ZoneMap.find once; tests/test_js_parity.py holds the whole to the model on the default chart.
import assert from "node:assert/strict";
import { test } from "node:test";

import { load } from "./load.mjs";

const { rmNorm, rmOsa, rmSimilarity, rmCorrect, rmWordRe, rmFind } = load("search.js");

const vocabulary = (words) => {
  const sorted = [...words].sort();
  return { words: sorted, joined: sorted.join("\n") };
};

// Four rows: the liver and the kidney on both feet, as search_index gives them.
const INDEX = {
  search: {
    exact: ["liver", "kidney", "kidney", "liver"],
    name: ["liver | liver", "kidney | kidney", "kidney | kidney", "liver | liver"],
    areas: ["liver | gallbladder", "kidneys", "kidneys", "liver | gallbladder"],
    keywords: ["digestion", "urine | lower back", "urine | lower back", "digestion"],
    system: ["digestive", "urinary", "urinary", "digestive"],
  },
  name: ["Liver", "Kidney", "Kidney", "Liver"],
  foot: ["right", "left", "right", "left"],
  typos: { vocabulary: vocabulary(["liver", "kidney", "kidneys", "gallbladder", "digestion",
    "urine", "lower", "back", "digestive", "urinary"]), min_length: 4, cutoff: 0.75, weight: 0.8 },
  conditions: [{ name: "diabetes", notice: "See a doctor." }],
  condition_terms: [["diabetes", 0], ["sugar", 0]],
  synonyms: [["lower back", ["kidney"]], ["tummy", ["digestion"]], ["back", ["liver"]]],
};

test("normalizing folds case as Python's casefold does, ё as е, and runs of spaces", () => {
  assert.equal(rmNorm("  Großzehe "), "grosszehe");
  assert.equal(rmNorm("ẞ"), "ss");
  assert.equal(rmNorm("ΟΔΟΣ οδος"), "οδοσ οδοσ");
  assert.equal(rmNorm("СЕЛЁЗЕНКА"), "селезенка");
  assert.equal(rmNorm("lower_back -  pain"), "lower back pain");
});

test("an adjacent swap is one edit, as rapidfuzz's OSA counts it", () => {
  assert.equal(rmOsa([..."kindey"], [..."kidney"]), 1);
  assert.equal(rmOsa([..."livr"], [..."liver"]), 1);
  assert.equal(rmOsa([], [..."abc"]), 3);
  assert.equal(rmOsa([..."ca"], [..."abc"]), 3); // OSA, not full Damerau: no edit inside a swap
  assert.equal(rmSimilarity("", ""), 1);
  assert.equal(rmSimilarity("печень", "печени"), 1 - 1 / 6);
  // by character, not UTF-16 unit: one astral character is one edit
  assert.equal(rmSimilarity("a😀b", "ab"), 1 - 1 / 3);
});

test("only unknown words at least the minimum long are corrected, to the first nearest", () => {
  const v = vocabulary(["liver", "lives", "heart", "kidney"]);
  assert.equal(rmCorrect("livr", v, 4, 0.75), "liver");
  assert.equal(rmCorrect("kindey hart", v, 4, 0.75), "kidney heart");
  assert.equal(rmCorrect("liv", v, 4, 0.75), "liv"); // a prefix as typed is never corrected
  assert.equal(rmCorrect("hrt", v, 4, 0.75), "hrt"); // too short
  assert.equal(rmCorrect("xyzq", v, 4, 0.75), "xyzq"); // nothing near
  assert.equal(rmCorrect("live", v, 4, 0.75), "live"); // inside a known word
  assert.equal(rmCorrect("livex", v, 4, 0.75), "liver"); // liver and lives tie: the first sorted
});

test("a whole word in any alphabet, not a part of one", () => {
  assert.equal(rmWordRe("back").test("lower back"), true);
  assert.equal(rmWordRe("back").test("backbone"), false);
  assert.equal(rmWordRe("печень").test("боль печень"), true);
  assert.equal(rmWordRe("печень").test("печенька"), false);
  assert.equal(rmWordRe("a.b").test("axb"), false); // the word is taken as text
});

test("best match first, ties by name then foot", () => {
  assert.deepEqual(rmFind("liver", INDEX).rows, [3, 0]);
  assert.deepEqual(rmFind("KIDNEY", INDEX).rows, [1, 2]);
  // an area (60) outranks a keyword (40): the liver's gallbladder, then nothing else
  assert.deepEqual(rmFind("gallbladder", INDEX).rows, [3, 0]);
});

test("a synonym counts half, and a word inside a matched phrase does not count again", () => {
  assert.deepEqual(rmFind("tummy", INDEX).rows, [3, 0]);
  // "lower back" names the kidney (and its keyword); "back" alone would add the liver
  assert.deepEqual(rmFind("lower back", INDEX).rows, [1, 2]);
  // alone, "back" names the liver by synonym (half of a name's 100) above the kidney's keyword (40)
  assert.deepEqual(rmFind("back", INDEX).rows, [3, 0, 1, 2]);
});

test("a misspelt query is read as corrected and says so", () => {
  const found = rmFind("Livr", INDEX);
  assert.deepEqual(found.rows, [3, 0]);
  assert.equal(found.readAs, "liver");
  assert.equal(rmFind("liver", INDEX).readAs, "");
});

test("words that name nothing together are each searched on their own", () => {
  assert.deepEqual(rmFind("kidney and liver", INDEX).rows, [1, 2, 3, 0]);
});

test("a condition is named, however the query ends", () => {
  assert.equal(rmFind("diabetes", INDEX).condition.name, "diabetes");
  assert.equal(rmFind("high sugar", INDEX).condition.name, "diabetes");
  assert.equal(rmFind("sugary", INDEX).condition, null);
});

test("under two characters as typed finds nothing, even where folding lengthens it", () => {
  for (const query of ["", " ", "l", " k ", "ß"]) {
    assert.deepEqual(rmFind(query, INDEX), { rows: [], readAs: "", condition: null }, query);
  }
});
