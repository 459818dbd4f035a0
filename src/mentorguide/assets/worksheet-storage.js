/* Worksheet answers kept in this browser (localStorage), so nothing typed is lost: not to a
 * full storage (the page says so and offers the answers as a file), not to a second tab on
 * the same worksheet (its changes are merged field by field), not to an upgrade that drops a
 * question or an option (those answers are set aside and kept, never deleted).
 *
 * Served joined to worksheet.js (one request), after worksheet-answers.js (whose isName it
 * uses); it only defines window.MentorguideStorage, which worksheet.js uses. Maps are made
 * with Object.create(null) and "__proto__" and its kin are never names, so a stored or
 * imported key cannot reach an object's prototype. */
(function () {
  "use strict";

  var FORMAT = "mentorguide-worksheet-answers";
  var PREFIX = "mentorguide:worksheet:";
  var isName = window.MentorguideAnswers.isName;  // worksheet-answers.js, served before this

  function own(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  /* A map without a prototype, with ``from``'s own entries (reserved names left out). */
  function fresh(from) {
    var map = Object.create(null);
    if (from && typeof from === "object" && !Array.isArray(from)) {
      Object.keys(from).forEach(function (key) { if (isName(key)) map[key] = from[key]; });
    }
    return map;
  }

  function Store(slug) {
    this.slug = slug;
    this.key = PREFIX + slug;
    this.base = fresh();      // the answers as this tab last saw them in storage
    this.setAside = fresh();  // saved answers that no longer fit the worksheet, kept
  }

  /* What a stored text holds: {answers, setAside}, or null for nothing usable. */
  Store.prototype.parse = function (text) {
    var data;
    if (!text) return null;
    try { data = JSON.parse(text); } catch (error) { return null; }
    if (!data || typeof data !== "object" || !data.answers || typeof data.answers !== "object" ||
        Array.isArray(data.answers)) return null;
    return {answers: fresh(data.answers), setAside: fresh(data.set_aside)};
  };

  Store.prototype.load = function () {
    var text;
    try { text = window.localStorage.getItem(this.key); } catch (error) { return null; }
    return this.parse(text);
  };

  /* Three-way merge of ``ours`` (the form now) with ``theirs`` (storage now) over ``base``
   * (what this tab last saw): a field this tab changed keeps its value, any other takes the
   * stored one. Returns the merged answers, the fields taken from the other side, and those
   * both sides changed differently (ours kept). */
  Store.prototype.merge = function (ours, theirs) {
    var base = this.base, merged = fresh(), taken = [], conflicts = [], keys = fresh();
    [ours, theirs, base].forEach(function (map) {
      Object.keys(map).forEach(function (key) { keys[key] = true; });
    });
    Object.keys(keys).forEach(function (key) {
      var mine = own(ours, key) ? ours[key] : undefined;
      var before = own(base, key) ? base[key] : undefined;
      var other = own(theirs, key) ? theirs[key] : undefined;
      var value = mine;
      if (mine === before && other !== before) {
        value = other;
        taken.push(key);
      } else if (mine !== before && other !== before && mine !== other) {
        conflicts.push(key);
      }
      if (value !== undefined) merged[key] = value;
    });
    return {answers: merged, taken: taken, conflicts: conflicts};
  };

  Store.prototype.keep = function (setAside) {
    var mine = this.setAside;
    Object.keys(setAside || {}).forEach(function (key) { if (!own(mine, key)) mine[key] = setAside[key]; });
  };

  /* Save the form's answers merged with what another tab may have saved meanwhile.
   * ``ok`` is false when the browser refused (storage full or turned off). */
  Store.prototype.save = function (ours) {
    var stored = this.load();
    var result = this.merge(ours, stored ? stored.answers : fresh());
    if (stored) this.keep(stored.setAside);
    var entry = {format: FORMAT, version: 1, worksheet: this.slug, answers: result.answers};
    if (Object.keys(this.setAside).length) entry.set_aside = this.setAside;
    try {
      window.localStorage.setItem(this.key, JSON.stringify(entry));
      result.ok = true;
      this.base = fresh(result.answers);
    } catch (error) {
      result.ok = false;
    }
    return result;
  };

  /* Another tab saved (a storage event with its new text): the merged answers to show. */
  Store.prototype.sync = function (text, ours) {
    var theirs = this.parse(text) || {answers: fresh(), setAside: fresh()};
    var result = this.merge(ours, theirs.answers);
    this.keep(theirs.setAside);
    this.base = fresh(theirs.answers);
    return result;
  };

  /* The page shows what was stored, less ``setAside`` (answers that no longer fit): they
   * stay in storage beside the answers, and the next save leaves them out of the answers. */
  Store.prototype.restored = function (stored, setAside) {
    this.base = fresh(stored.answers);
    this.keep(stored.setAside);
    this.keep(setAside);
  };

  Store.prototype.clear = function () {
    this.base = fresh();
    this.setAside = fresh();
    try { window.localStorage.removeItem(this.key); } catch (error) { /* storage disabled */ }
  };

  /* --- what the page says and offers (``ui``: the form script's helpers) -------------- */

  function store(form) {
    if (!form.mgStore) form.mgStore = new Store(form.dataset.worksheet);
    return form.mgStore;
  }

  /* A lasting message with its buttons, below the status line (which a later message
   * replaces): a failed save must stay in view until it is resolved. */
  function notice(form, text, buttons) {
    var box = form.querySelector(".mg-ws-notice");
    if (!text && !(buttons && buttons.length)) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.className = "mg-ws-notice";
      var region = form.querySelector("[role=status]");
      if (region) region.after(box); else form.prepend(box);
    }
    box.textContent = "";
    if (text) {
      var line = document.createElement("p");
      line.textContent = text;
      box.appendChild(line);
    }
    (buttons || []).forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = item[0];
      button.addEventListener("click", item[1]);
      box.appendChild(button);
    });
  }

  /* The questions ``keys`` name, as the reader sees them: “Label”, “Other label” (and 2 more). */
  function labels(form, ui, keys) {
    var names = ui.byName(form), seen = [];
    keys.forEach(function (key) {
      var label = ui.quoted(form, names[key] ? ui.questionOf(form, names[key][0]) : key);
      if (seen.indexOf(label) < 0) seen.push(label);
    });
    var shown = seen.slice(0, 5).join(ui.t(form, "list_separator"));
    return seen.length > 5 ? shown + ui.t(form, "problems_more", {count: seen.length - 5}) : shown;
  }

  function differences(before, after) {
    var keys = fresh();
    [before, after].forEach(function (map) { Object.keys(map).forEach(function (k) { keys[k] = true; }); });
    return Object.keys(keys).filter(function (key) {
      return (own(before, key) ? before[key] : undefined) !== (own(after, key) ? after[key] : undefined);
    });
  }

  function save(form, ui) {
    var result = store(form).save(ui.read(form));
    if (!result.ok) {
      if (!form.mgUnsaved) {
        form.mgUnsaved = true;
        ui.status(form, ui.t(form, "not_saved"));
        notice(form, ui.t(form, "not_saved"),
          [[ui.t(form, "download_answers"), function () { ui.exportJson(form); }]]);
      }
      return false;
    }
    if (form.mgUnsaved) {
      form.mgUnsaved = false;
      notice(form, "");
      ui.status(form, ui.t(form, "saved_again"));
    }
    if (result.taken.length) {
      ui.write(form, result.answers, result.taken);
      ui.status(form, ui.t(form, "other_tab", {names: labels(form, ui, result.taken)}));
    }
    return true;
  }

  /* The saved answers back on the page; those that no longer fit (a removed question or
   * option, a value the field no longer takes) are named and kept in storage. */
  function restore(form, ui) {
    var stored = store(form).load();
    if (!stored) return;
    var names = ui.byName(form), valid = fresh(), setAside = fresh(), items = [];
    Object.keys(stored.answers).forEach(function (name) {
      var value = stored.answers[name];
      if (value === null || value === undefined || value === "") return;
      if (ui.problemWith(form, names, name, value)) {
        setAside[name] = value;
        items.push(ui.t(form, "set_aside_item", {
          label: labels(form, ui, [name]), value: String(value)
        }));
      } else {
        valid[name] = value;
      }
    });
    store(form).restored(stored, setAside);
    ui.write(form, valid);
    if (!Object.keys(stored.answers).length) return;
    ui.status(form, items.length
      ? ui.t(form, "restored_except", {items: items.join(ui.t(form, "problem_separator"))})
      : ui.t(form, "restored"));
  }

  /* Answers from a file (an import, an opened PDF) in place of the form's: the reader is
   * told what changes and asked first, and can undo it. */
  function replace(form, ui, incoming, file, message) {
    var after = fresh();  // as the form reads back: no empty texts, no unticked boxes
    Object.keys(incoming).forEach(function (key) {
      var value = incoming[key];
      if (value !== null && value !== undefined && value !== "" && value !== false) after[key] = value;
    });
    var before = ui.read(form), changed = differences(before, after);
    if (Object.keys(before).length && changed.length) {
      var key = changed.length === 1 ? "confirm_replace_one" : "confirm_replace_many";
      var question = ui.t(form, key, {
        file: file, count: changed.length, names: labels(form, ui, changed)
      });
      if (!window.confirm(question)) {
        ui.status(form, ui.t(form, "not_replaced", {file: file}));
        return;
      }
    }
    ui.write(form, incoming);
    save(form, ui);
    ui.status(form, message());
    notice(form, "", [[ui.t(form, "undo"), function () {
      ui.write(form, before);
      save(form, ui);
      notice(form, "");
      ui.status(form, ui.t(form, "undone", {file: file}));
    }]]);
  }

  /* Another tab on this worksheet saved: take its changes to the fields not changed here. */
  function listen(ui) {
    window.addEventListener("storage", function (event) {
      var form = document.querySelector("form.mg-worksheet.mg-ws-ready");
      if (!form || (event.key !== null && event.key !== store(form).key)) return;
      var result = store(form).sync(event.key === null ? null : event.newValue, ui.read(form));
      if (result.taken.length) ui.write(form, result.answers, result.taken);
      var text = result.taken.length
        ? ui.t(form, "other_tab", {names: labels(form, ui, result.taken)}) : "";
      if (result.conflicts.length) {
        save(form, ui);  // this tab's answers win where both changed
        text += ui.t(form, "other_tab_kept", {names: labels(form, ui, result.conflicts)});
      }
      if (text) ui.status(form, text.trim());
    });
  }

  window.MentorguideStorage = {
    Store: Store, fresh: fresh, isName: isName, FORMAT: FORMAT,
    save: save, restore: restore, replace: replace, listen: listen, notice: notice,
    clear: function (form) { store(form).clear(); notice(form, ""); }
  };
})();
