/* The guide's page behaviour. Progressive enhancement only: every page works without it.
 * Re-initialised on each page change, because Material's instant navigation swaps pages
 * without a full load (document$ emits once per page). */
(function () {
  "use strict";

  function initQuestionBank(root) {
    var form = root.querySelector(".mg-qb-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var questions = Array.prototype.slice.call(root.querySelectorAll(".mg-question"));
    var count = form.querySelector(".mg-qb-count");

    function checked(name) {
      return Array.prototype.slice
        .call(form.querySelectorAll('input[name="' + name + '"]:checked'))
        .map(function (box) { return box.value; });
    }
    function matches(wanted, values) {
      return wanted.length === 0 || wanted.some(function (w) { return values.indexOf(w) >= 0; });
    }
    function apply() {
      var audience = checked("audience"), stage = checked("stage"), topic = checked("topic");
      var shown = 0;
      questions.forEach(function (q) {
        // A question for "both" is shown to mentors and mentees alike.
        var who = q.dataset.audience === "both" ? ["mentor", "mentee", "both"] : [q.dataset.audience];
        var visible = matches(audience, who) &&
          matches(stage, q.dataset.stages.split(" ")) &&
          matches(topic, q.dataset.topics.split(" "));
        q.hidden = !visible;
        if (visible) shown += 1;
      });
      root.querySelectorAll(".mg-qb-list").forEach(function (list) {
        var any = list.querySelector(".mg-question:not([hidden])");
        var note = list.nextElementSibling;
        if (!note || !note.classList.contains("mg-qb-empty")) {
          note = document.createElement("p");
          note.className = "mg-qb-empty";
          note.textContent = form.dataset.none;
          list.parentNode.insertBefore(note, list.nextSibling);
        }
        note.hidden = Boolean(any);
      });
      var sentence = shown === questions.length ? form.dataset.countAll : form.dataset.countSome;
      count.textContent = sentence
        .replace("{shown}", String(shown))
        .replace("{total}", String(questions.length));
      // No question left: say so, with what the guide says about the chosen stages and what
      // to do, not "Showing 0 of 15".
      var none = form.querySelector(".mg-qb-none");
      if (none) {
        none.hidden = shown > 0;
        if (!shown) count.textContent = none.dataset.none;
        none.querySelectorAll("[data-stage]").forEach(function (p) {
          p.hidden = stage.indexOf(p.dataset.stage) < 0;
        });
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // The theme's search overlay is a role="dialog" with no name (WCAG 4.1.2, Lighthouse's
  // aria-dialog-name): name it after its search box, whose label the theme translates.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = dialog && dialog.querySelector("input");
    if (!input || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) return;
    dialog.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "Search");
  }

  function init() {
    nameSearchDialog();
    initQuestionBank(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
