// The page's import reads given answers as `mentorguide worksheet pdf --data` does: the cases
// of testdata/answer-cases.json, run here through assets/worksheet-answers.js (Node's own test
// runner; tests/worksheets/test_answer_cases.py runs them through Python and runs this file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import answers from "../../src/mentorguide/assets/worksheet-answers.js";

const CASES = JSON.parse(
  readFileSync(new URL("../../testdata/answer-cases.json", import.meta.url), "utf-8"),
);

// Each message names what it is about, so a case can check which key was refused.
const STRINGS = {
  not_answers: "not_answers",
  other_answers: "other_answers {worksheet}",
  unknown_name: "unknown_name {name}",
  not_boolean: "not_boolean {name} {value}",
  no_option: "no_option {name} {value}",
  not_text: "not_text {name}",
  not_date: "not_date {name} {value} {format}",
  do_not_fit: "{problems}{more}",
  problem_separator: "; ",
  problems_more: " (+{count})",
};

function formFor(testCase) {
  const dataset = {
    worksheet: testCase.worksheet,
    dateFormat: testCase.dateFormat || "MM/DD/YYYY",
    strings: JSON.stringify(STRINGS),
  };
  return { dataset };
}

// The answers as the form shows them (write() in worksheet.js): null is an empty control.
function shown(flat) {
  return Object.fromEntries(
    Object.entries(flat).filter(([, value]) => value !== null && value !== undefined),
  );
}

for (const testCase of CASES.cases) {
  test(testCase.case, () => {
    const fields = CASES.forms[testCase.worksheet];
    const read = () => answers.normalize(formFor(testCase), fields, testCase.answers);
    if (testCase.fails) {
      assert.throws(read, (error) => testCase.fails.every((name) => error.message.includes(name)));
    } else {
      assert.deepEqual(shown(read()), testCase.expected);
    }
  });
}

test("a saved answer the form no longer takes is named, one it takes is not", () => {
  const form = formFor({ worksheet: "meeting-agenda" });
  const fields = CASES.forms["meeting-agenda"];
  assert.equal(answers.problemWith(form, fields, "stage", "cultivation"), "");
  assert.equal(answers.problemWith(form, fields, "stage", "ending"), "no_option stage ending");
  assert.equal(answers.problemWith(form, fields, "gone", "x"), "unknown_name gone");
});

test("a date in the society's form is read as ISO, a day the calendar lacks is not", () => {
  const form = formFor({ worksheet: "meeting-agenda", dateFormat: "DD/MM/YYYY" });
  assert.equal(answers.isoDate(form, " 31/01/2026 "), "2026-01-31");
  assert.equal(answers.isoDate(form, "31/02/2026"), null);
});
