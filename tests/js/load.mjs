// Loads the page's scripts (reflexmap/web/js/*.js) as the page does: plain scripts of function
// declarations, run as one function body, not modules. What a file offers its page is what its
// `/* exported ... */` comment names (ESLint reads the same comment).
import { readFileSync } from "node:fs";

const FOLDER = new URL("../../reflexmap/web/js/", import.meta.url);

export function source(name) {
  return readFileSync(new URL(name, FOLDER), "utf8");
}

// Every function a script declares at its top level, by name: the exported ones and their
// helpers, which the unit tests reach too.
export function load(name) {
  const text = source(name);
  const names = [...text.matchAll(/^function\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  if (!/\/\* exported [^*]+\*\//.test(text)) throw new Error(`${name} says nothing it exports`);
  return new Function(`${text}\nreturn {${names.join(", ")}};`)();
}
