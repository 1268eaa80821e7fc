// ESLint for the page's JavaScript and its Node tests; tests/test_js.py runs it and fails on any
// problem. Most of reflexmap/web/js are plain scripts, not modules: Bokeh's CustomJS and Panel's
// _esm take them as text, joined with the files they use, so a file names what it takes from
// another in a `/* global ... */` comment, and a function it declares for the others is not
// "unused". A file with an `export` is an ES module (a Panel component's render).
import { readdirSync, readFileSync } from "node:fs";

import js from "@eslint/js";
import globals from "globals";

const PAGE = "reflexmap/web/js";
const modules = readdirSync(PAGE)
  .filter((name) => name.endsWith(".js"))
  .filter((name) => /^export /m.test(readFileSync(`${PAGE}/${name}`, "utf8")))
  .map((name) => `${PAGE}/${name}`);

export default [
  { ignores: ["node_modules/", ".venv/", "build/", "dist/"] },
  js.configs.recommended,
  {
    files: ["reflexmap/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
    rules: { "no-unused-vars": ["error", { vars: "local" }] },
  },
  {
    files: modules,
    languageOptions: { sourceType: "module" },
    rules: { "no-unused-vars": "error" },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
  {
    // `x != null` is the one loose comparison kept: null or undefined, as the files use it
    rules: { eqeqeq: ["error", "always", { null: "ignore" }], "no-var": "error", "prefer-const": "error" },
  },
];
