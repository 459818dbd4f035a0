// ESLint for the guide's browser scripts (src/mentorguide/assets/*.js). They are plain
// scripts (no modules, no build step) run by the pages Material serves, so the checks are
// the recommended ones for browser globals, plus the few we lean on in review.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["src/mentorguide/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        // Material for MkDocs' page observable and pdf-lib, loaded by the page itself.
        document$: "readonly",
        PDFLib: "readonly",
      },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-var": "off", // the scripts are ES5-style on purpose: old phone browsers
      strict: ["error", "function"],
      // A caught error the page answers with its own message needs no name.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // Pure enough for Node's tests (tests/js/), which load it through module.exports.
    files: ["src/mentorguide/assets/worksheet-answers.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
  {
    files: ["tests/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
