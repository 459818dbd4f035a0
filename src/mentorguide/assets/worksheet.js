/* Worksheet pages: answers autosave in this browser, "Check answers", export and import as
 * JSON, "Clear", and the PDF actions (worksheet-pdf.js and pdf-lib load only when a PDF is
 * made or opened, so pages stay light).
 *
 * Private by construction: nothing typed leaves the browser. The form has no action and
 * never submits; the only requests are GETs for the site's own blank PDF and scripts.
 * Re-initialised on each page change: Material's instant navigation swaps pages without a
 * full load (document$ emits once per page). */
(function () {
  "use strict";

  // Instant navigation runs a page's scripts again on every visit; once is enough, since the
  // document$ subscription below starts each new worksheet page.
  if (window.mentorguideWorksheets) return;
  window.mentorguideWorksheets = true;

  var Keep = window.MentorguideStorage;  // worksheet-storage.js, served joined to this file
  var fresh = Keep.fresh;
  // worksheet-answers.js, served joined before this file: reading given answers, and the
  // page's interface strings.
  var Answers = window.MentorguideAnswers;
  var t = Answers.t, isoDate = Answers.isoDate;
  var loading = {};

  function each(list, callback) { Array.prototype.forEach.call(list, callback); }

  function quoted(form, text) { return t(form, "quoted", {text: text}); }

  /* The controls that hold answers: every named element except the file pickers. */
  function controls(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.tagName !== "BUTTON";
    });
  }

  function byName(form) {
    var map = fresh();
    controls(form).forEach(function (el) { (map[el.name] = map[el.name] || []).push(el); });
    return map;
  }

  /* The answers in the form: text as text, check boxes as true/false, choices as the chosen
   * option's id. Empty answers are left out (JSON stays readable, imports stay exact). */
  function read(form) {
    var answers = fresh();
    controls(form).forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) answers[el.name] = true; }
      else if (el.type === "radio") { if (el.checked) answers[el.name] = el.value; }
      else if (el.value !== "") { answers[el.name] = el.value; }
    });
    return answers;
  }

  /* Put ``answers`` in the form: every control, or only those named in ``only``. */
  function write(form, answers, only) {
    controls(form).forEach(function (el) {
      if (only && only.indexOf(el.name) < 0) return;
      var value = answers[el.name];
      if (el.type === "checkbox") el.checked = value === true;
      else if (el.type === "radio") el.checked = value === el.value;
      else el.value = value === undefined || value === null ? "" : String(value);
    });
    filterQuestions(form);
    fitAll(form);
  }

  /* The form's fields as worksheet-answers.js reads them: each name's control type ("select"
   * for a choice list) and, for a choice, its options' values. Made once per ``names``. */
  var described = new WeakMap();

  function fieldsOf(names) {
    if (!described.has(names)) {
      var fields = fresh();
      Object.keys(names).forEach(function (name) {
        var els = names[name], el = els[0], select = el.tagName === "SELECT";
        var options = el.type === "radio" ? els.map(function (r) { return r.value; })
          : select ? Array.prototype.map.call(el.options, function (o) { return o.value; }) : [];
        fields[name] = {type: select ? "select" : el.type, options: options};
      });
      described.set(names, fields);
    }
    return described.get(names);
  }

  function normalize(form, data) { return Answers.normalize(form, fieldsOf(byName(form)), data); }

  /* Why ``value`` cannot be the answer called ``name``, or "" if it can. */
  function problemWith(form, names, name, value) {
    return Answers.problemWith(form, fieldsOf(names), name, value);
  }

  /* --- saving in this browser: worksheet-storage.js, with these helpers ------------------ */

  var ui = {};

  function save(form) { return Keep.save(form, ui); }

  /* --- messages, errors and "Check answers" --------------------------------------------- */

  function status(form, text) {
    var region = form.querySelector("[role=status]");
    if (!region) return;
    // Emptied first, so the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function describedBy(el, id, add) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) {
      return x && x !== id;
    });
    if (add) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }

  function fieldControls(field) {
    return Array.prototype.filter.call(field.querySelectorAll("input, select, textarea"),
      function (el) { return el.name && !/\.other_text$/.test(el.name); });
  }

  function answered(field) {
    return fieldControls(field).some(function (el) {
      return el.type === "checkbox" || el.type === "radio" ? el.checked : el.value.trim() !== "";
    });
  }

  function setError(field, message) {
    var error = field.querySelector(".mg-ws-error");
    if (!error) return;
    error.textContent = message || "";
    error.hidden = !message;
    fieldControls(field).forEach(function (el) {
      // WCAG 3.3.1 Error Identification: the control says it is invalid and which text says why.
      if (message) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      describedBy(el, error.id, Boolean(message));
    });
  }

  function check(form) {
    var missing = [];
    each(form.querySelectorAll(".mg-ws-field[data-required]"), function (field) {
      if (answered(field)) { setError(field, ""); return; }
      setError(field, t(form, "required"));
      missing.push(field);
    });
    if (!missing.length) {
      status(form, t(form, "all_answered"));
      return;
    }
    var names = missing.map(function (f) { return quoted(form, f.dataset.label); })
      .join(t(form, "list_separator"));
    status(form, t(form, missing.length === 1 ? "missing_one" : "missing_many",
      {count: missing.length, names: names}));
    var first = fieldControls(missing[0])[0];
    if (first) first.focus();
  }

  /* --- the meeting agenda's questions follow the chosen stage ---------------------------- */

  function filterQuestions(form) {
    each(form.querySelectorAll("[data-stage-source]"), function (group) {
      var source = form.querySelector('[name="' + group.dataset.stageSource + '"]:checked');
      var stage = source ? source.value : "";
      var all = group.dataset.showAll === "1";
      var shown = 0, total = 0;
      each(group.querySelectorAll(".mg-ws-option[data-stages]"), function (option) {
        var box = option.querySelector("input");
        var fits = !stage || all || option.dataset.stages.split(" ").indexOf(stage) >= 0;
        option.hidden = !fits && !(box && box.checked);
        total += 1;
        if (!option.hidden) shown += 1;
      });
      var toggle = group.querySelector(".mg-ws-show-all");
      if (!toggle) {
        toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "md-button mg-ws-show-all";
        toggle.addEventListener("click", function () {
          group.dataset.showAll = group.dataset.showAll === "1" ? "" : "1";
          filterQuestions(form);
        });
        group.querySelector(".mg-ws-options").before(toggle);
      }
      toggle.hidden = !stage;
      // A stage no question suits: what the guide says about it and what to do, instead of
      // an empty list.
      each(group.querySelectorAll(".mg-ws-stage-none"), function (note) {
        note.hidden = all || shown > 0 || note.dataset.stage !== stage;
      });
      toggle.setAttribute("aria-pressed", all ? "true" : "false");
      toggle.textContent = all ? t(form, "show_stage")
        : t(form, "show_all", {shown: shown, total: total});
    });
  }

  /* --- files: download, pick, read --------------------------------------------------------- */

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }

  function loadScript(url, form) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () {
          delete loading[url];
          reject(new Error(t(form, "not_loaded", {url: url})));
        };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  /* pdf-lib, then the worksheet's PDF code; both from this site (relative URLs). */
  function pdfTools(form) {
    var base = document.baseURI;
    return loadScript(new URL(form.dataset.pdfLib, base).href, form).then(function () {
      return loadScript(new URL(form.dataset.pdfScript, base).href, form);
    }).then(function () { return window.MentorguidePdf; });
  }

  function makePdf(form, button) {
    var slug = form.dataset.worksheet;
    button.disabled = true;
    status(form, t(form, "making_pdf"));
    var blank = fetch(new URL(form.dataset.pdf, document.baseURI).href, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(t(form, "blank_missing", {status: response.status}));
        return response.arrayBuffer();
      });
    Promise.all([pdfTools(form), blank]).then(function (parts) {
      return parts[0].fill(parts[1], read(form), messages(form), {fallback: function () {
        return fillFont(form);
      }});
    }).then(function (filled) {
      var name = slug + "-" + today() + ".pdf";
      download(new Blob([filled.bytes], {type: "application/pdf"}), name);
      status(form, t(form, "pdf_ready", {file: name}) + (filled.cut.length ? " " + t(form, "pdf_cut", {
        fields: filled.cut.map(function (f) { return quoted(form, f.label); }).join(t(form, "list_separator"))
      }) : ""));
    }).catch(function (error) {
      if (error.undrawable) {
        status(form, t(form, "undrawable", {fields: error.undrawable.map(function (f) {
          return t(form, "undrawable_field", {label: f.label, chars: f.chars.map(function (ch) {
            return ch + " (U+" + ("000" + ch.codePointAt(0).toString(16).toUpperCase()).slice(-4) + ")";
          }).join(t(form, "list_separator"))});
        }).join(t(form, "problem_separator"))}));
        return;
      }
      status(form, t(form, "pdf_failed", {error: error.message}));
    }).then(function () { button.disabled = false; });
  }

  /* fontkit and the face a fill-time subset is cut from: fetched only when an answer has a
   * character the blank PDF's field font lacks (1.5 MB; the page's first load has neither). */
  function fillFont(form) {
    var base = document.baseURI, url = new URL(form.dataset.fillFont, base).href;
    var font = fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error(t(form, "not_loaded", {url: url}));
      return response.arrayBuffer();
    });
    return Promise.all([loadScript(new URL(form.dataset.fontkit, base).href, form), font])
      .then(function (parts) { return {fontkit: window.fontkit, font: parts[1]}; });
  }

  function openPdf(form, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    status(form, t(form, "opening", {file: file.name}));
    Promise.all([pdfTools(form), file.arrayBuffer()]).then(function (parts) {
      return parts[0].read(parts[1], messages(form));
    }).then(function (found) {
      var slug = form.dataset.worksheet;
      if (found.worksheet && found.worksheet !== slug) {
        throw new Error(t(form, "other_pdf", {title: found.title || found.worksheet}));
      }
      var names = byName(form);
      var known = Object.keys(found.answers).filter(function (n) { return names[n]; });
      if (!found.worksheet && known.length < Object.keys(names).length) {
        throw new Error(t(form, "not_this_pdf"));
      }
      var skipped = [];
      var answers = normalize(form, keep(form, found.answers, names, skipped));
      Keep.replace(form, ui, answers, file.name, function () {
        return t(form, "opened", {file: file.name, filled: filledIn(form)}) +
          (skipped.length ? t(form, "dates_skipped", {format: form.dataset.dateFormat,
            dates: skipped.join(t(form, "list_separator"))}) : "");
      });
    }).catch(function (error) {
      status(form, t(form, "not_used", {file: file.name, reason: lower(form, error.message)}));
    }).then(function () { input.value = ""; });
  }

  /* Dates typed into a PDF viewer are read in ISO or the society's form (01/15/2026 in the
   * US); others a date box cannot hold are left out (and named to the reader), not a reason
   * to refuse the whole file. */
  function keep(form, answers, names, skipped) {
    var result = fresh();
    Object.keys(answers).forEach(function (name) {
      var value = answers[name], el = names[name] && names[name][0];
      if (el && el.type === "date" && value) {
        var iso = isoDate(form, value);
        if (!iso) {
          skipped.push(t(form, "skipped_date", {value: value, label: labelOf(el)}));
          return;
        }
        value = iso;
      }
      result[name] = value;
    });
    return result;
  }

  /* The question a control answers, as a reader would name it: a choice's question, a
   * check box's question and option, otherwise the control's own label. */
  function questionOf(form, el) {
    var field = el.closest(".mg-ws-field");
    var question = field && field.dataset.label;
    if (!question) return labelOf(el);
    if (el.type === "radio") return question;
    if (el.type === "checkbox" && field.querySelectorAll("input[type=checkbox]").length > 1) {
      return t(form, "option_of", {question: question, option: labelOf(el)});
    }
    return el.tagName === "TEXTAREA" || el.type !== "checkbox" ? labelOf(el) : question;
  }

  function labelOf(el) {
    var label = el.labels && el.labels[0];
    return label ? label.textContent.replace("*", "").trim() : el.name;
  }

  function filledIn(form) {
    var count = Object.keys(read(form)).length;
    return t(form, count === 1 ? "filled_one" : "filled_many", {count: count});
  }

  /* The messages worksheet-pdf.js throws, in the page's language. */
  function messages(form) {
    return {noLibrary: t(form, "no_pdf_library"), damaged: t(form, "damaged_pdf"),
      noFields: t(form, "no_fields")};
  }

  /* A reason put after "…, because": its first letter in lower case, a full stop at its end. */
  function lower(form, text) {
    var message = String(text || t(form, "unreadable"));
    if (/^[A-Z][a-z]/.test(message)) message = message[0].toLowerCase() + message.slice(1);
    return /[.!?]$/.test(message) ? message : message + ".";
  }

  function importJson(form, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); }
      catch (error) { throw new Error(t(form, "not_json"), {cause: error}); }
      var answers = normalize(form, data);
      Keep.replace(form, ui, answers, file.name, function () {
        return t(form, "imported", {file: file.name, filled: filledIn(form)});
      });
    }).catch(function (error) {
      status(form, t(form, "not_used", {file: file.name, reason: lower(form, error.message)}));
    }).then(function () { input.value = ""; });
  }

  function exportJson(form) {
    var slug = form.dataset.worksheet;
    var data = {format: Keep.FORMAT, version: 1, worksheet: slug, saved: today(),
      answers: read(form)};
    var name = slug + "-answers-" + today() + ".json";
    download(new Blob([JSON.stringify(data, null, 2) + "\n"], {type: "application/json"}), name);
    status(form, t(form, "exported", {file: name}));
  }

  function clear(form) {
    if (!window.confirm(t(form, "confirm_clear"))) {
      status(form, t(form, "not_cleared"));
      return;
    }
    form.reset();
    fitAll(form);
    each(form.querySelectorAll(".mg-ws-field[data-required]"), function (f) { setError(f, ""); });
    Keep.clear(form);
    filterQuestions(form);
    status(form, t(form, "cleared"));
  }

  /* A textarea grows with what is written in it (never below its rows), so nothing is
   * hidden on screen or cut off when the page is printed. */
  function fit(area) {
    area.style.height = "";
    var extra = area.offsetHeight - area.clientHeight;
    if (area.scrollHeight > area.clientHeight) area.style.height = area.scrollHeight + extra + "px";
  }

  /* An empty date box says so (.mg-ws-empty): on paper it prints as an empty box to write
   * in, not the browser's "mm/dd/yyyy" (worksheet.css, @media print). */
  function markDate(el) { el.classList.toggle("mg-ws-empty", !el.value); }

  function fitAll(form) {
    each(form.querySelectorAll("textarea"), fit);
    each(form.querySelectorAll("input[type=date]"), markDate);
  }

  /* Embedded in another site, a link to another page (a reference, the blank PDF) opens in a
   * new tab: inside the frame the site would show without its navigation. */
  function embedLinks(form) {
    var article = form.closest("article") || document.body;
    each(article.querySelectorAll("a[href]"), function (link) {
      if (link.getAttribute("href").charAt(0) === "#") return;
      link.target = "_blank";
      link.rel = "noopener";
    });
  }

  function init() {
    var form = document.querySelector("form.mg-worksheet");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function (event) {
      if (event.target.type === "file") return;
      if (event.target.tagName === "TEXTAREA") fit(event.target);
      if (event.target.type === "date") markDate(event.target);
      save(form);
      var field = event.target.closest(".mg-ws-field[data-required]");
      if (field && field.querySelector("[aria-invalid]") && answered(field)) setError(field, "");
    });
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.dataset.action === "open-pdf") { openPdf(form, target); return; }
      if (target.dataset.action === "import-json") { importJson(form, target); return; }
      save(form);
      filterQuestions(form);
      var field = target.closest(".mg-ws-field[data-required]");
      if (field && field.querySelector("[aria-invalid]") && answered(field)) setError(field, "");
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.dataset.action;
      if (action === "check") check(form);
      else if (action === "download-pdf") makePdf(form, button);
      else if (action === "export-json") exportJson(form);
      else if (action === "clear") clear(form);
    });
    // ?embed: the page's first script marked <html> and hid the site around the form.
    if (document.documentElement.classList.contains("mg-embed")) embedLinks(form);
    form.classList.add("mg-ws-ready");
    Keep.restore(form, ui);
    filterQuestions(form);
    each(form.querySelectorAll("input[type=date]"), markDate);
  }

  ui = {t: t, quoted: quoted, read: read, write: write, byName: byName, questionOf: questionOf,
    status: status, problemWith: problemWith, exportJson: exportJson};
  Keep.listen(ui);

  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("form.mg-worksheet"), fitAll);
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
