/* Reading answers given for a worksheet's form (an imported file, a PDF's fields, saved
 * answers): which field each names and whether it fits, as worksheets/normalize.py and
 * worksheets/answers.py read `mentorguide worksheet pdf --data` files. The cases both are
 * tested against are testdata/answer-cases.json (tests/js/ and tests/worksheets/).
 *
 * Pure, so Node's tests load it without a page: ``form`` is anything with ``dataset``
 * (worksheet, dateFormat, strings), ``fields`` maps each form field name to {type, options}
 * (worksheet.js describes the page's controls so). Served joined before worksheet-storage.js
 * and worksheet.js (one request); in a page it defines window.MentorguideAnswers. */
(function (root) {
  "use strict";

  // Never a name: a key read from a file or from storage cannot reach an object's prototype.
  var RESERVED = ["__proto__", "constructor", "prototype"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var LOCAL_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

  function isName(key) { return RESERVED.indexOf(key) < 0; }

  function own(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  /* The page's interface strings (data-strings on the form, from strings/<language>.yml):
   * t(form, "key", {name: value}) fills in the {placeholders}. A key the page lacks shows as
   * itself, so a missing string is seen, never silently empty. */
  function t(form, key, values) {
    if (!form.mgStrings) {
      try { form.mgStrings = JSON.parse(form.dataset.strings || "{}"); }
      catch (error) { form.mgStrings = {}; }
    }
    var text = own(form.mgStrings, key) ? form.mgStrings[key] : key;
    return text.replace(/\{([a-z_]+)\}/g, function (match, name) {
      return values && own(values, name) ? String(values[name]) : match;
    });
  }

  /* A date in ISO or the society's form (data-date-format: MM/DD/YYYY or DD/MM/YYYY) as
   * YYYY-MM-DD, or null (worksheets/dates.py reads dates the same way). */
  function isoDate(form, text) {
    var value = String(text).trim(), year, month, day, local = LOCAL_DATE.exec(value);
    var iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (iso) {
      year = +iso[1]; month = +iso[2]; day = +iso[3];
    } else if (local) {
      var dayFirst = form.dataset.dateFormat === "DD/MM/YYYY";
      year = +local[3]; month = +(dayFirst ? local[2] : local[1]); day = +(dayFirst ? local[1] : local[2]);
    } else {
      return null;
    }
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return null;
    }
    return date.toISOString().slice(0, 10);
  }

  function fieldOf(fields, name) { return own(fields, name) ? fields[name] : null; }

  /* Accepts what export writes ({worksheet, answers}), the same answers without the envelope,
   * and the nested shapes `mentorguide worksheet pdf --data` takes (a multiple choice as a
   * list of option ids, a table as a list of rows). Returns flat answers or throws a message. */
  function normalize(form, fields, data) {
    var slug = form.dataset.worksheet;
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      throw new Error(t(form, "not_answers"));
    }
    if (data.answers && typeof data.answers === "object" && !Array.isArray(data.answers)) {
      if (data.worksheet && data.worksheet !== slug) {
        throw new Error(t(form, "other_answers", {worksheet: data.worksheet}));
      }
      data = data.answers;
    }
    var flat = Object.create(null), problems = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (!isName(key)) {
        problems.push(t(form, "unknown_name", {name: key}));
      } else if (Array.isArray(value) && !fieldOf(fields, key)) {
        value.forEach(function (item, row) {
          if (item && typeof item === "object") {
            Object.keys(item).forEach(function (column) {
              if (isName(column)) flat[key + "." + row + "." + column] = item[column];
            });
          } else {
            flat[key + "." + item] = true;
          }
        });
      } else {
        flat[key] = value;
      }
    });
    Object.keys(flat).forEach(function (name) {
      var field = fieldOf(fields, name);
      if (field && field.type === "date" && typeof flat[name] === "string" && flat[name]) {
        flat[name] = isoDate(form, flat[name]) || flat[name];
      }
      var problem = problemWith(form, fields, name, flat[name]);
      if (problem) problems.push(problem);
    });
    if (problems.length) {
      var more = problems.length > 3 ? t(form, "problems_more", {count: problems.length - 3}) : "";
      throw new Error(t(form, "do_not_fit", {
        problems: problems.slice(0, 3).join(t(form, "problem_separator")), more: more
      }));
    }
    return flat;
  }

  /* Why ``value`` cannot be the answer called ``name``, or "" if it can. */
  function problemWith(form, fields, name, value) {
    var field = fieldOf(fields, name);
    if (value === null || value === undefined || value === "") return "";
    var about = {name: name, value: value};
    if (!field) return t(form, "unknown_name", about);
    if (field.type === "checkbox") {
      return typeof value === "boolean" ? "" : t(form, "not_boolean", about);
    }
    if (field.type === "radio" || field.type === "select") {
      return field.options.indexOf(String(value)) < 0 ? t(form, "no_option", about) : "";
    }
    if (typeof value !== "string" && typeof value !== "number") return t(form, "not_text", about);
    if (field.type === "date" && !DATE.test(String(value))) {
      return t(form, "not_date", {name: name, value: value, format: form.dataset.dateFormat});
    }
    return "";
  }

  var api = {isName: isName, t: t, isoDate: isoDate, normalize: normalize, problemWith: problemWith};
  // Node's tests require this file; a page has no ``module``.
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.MentorguideAnswers = api;
})(typeof window === "undefined" ? globalThis : window);
