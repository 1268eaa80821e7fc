// ESLint for the page's JavaScript and its Node tests; tests/test_js.py runs it and fails on any
// problem. The page's files are plain scripts, not modules: Bokeh's CustomJS and Panel's _esm take
// them as text, joined with others, so what a file uses from another it declares in a
// `/* global ... */` comment and what it offers in `/* exported ... */`.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/", "build/", "dist/"] },
  js.configs.recommended,
  {
    files: ["reflexmap/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
  {
    rules: {
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
