/* Keeps an unsent post in this browser (localStorage) so an accidental close loses nothing.
   Enhancement only: the form works the same without it. A draft is cleared once the server has
   accepted the post (the next page shows no errors for this composer). */
(function () {
  "use strict";
  var PREFIX = "safespace-draft:";
  var FIELDS = ["title", "body"];

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + key) || "null"); } catch (e) { return null; }
  }
  function write(key, draft) {
    try { window.localStorage.setItem(PREFIX + key, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(PREFIX + key); } catch (e) { /* ignore */ }
  }

  function setUp(form) {
    var key = form.getAttribute("data-draft-key");
    if (!key) { return; }
    var status = form.querySelector(".composer__status");
    var inputs = {};
    FIELDS.forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (input) { inputs[name] = input; }
    });
    if (!inputs.body) { return; }
    var hasErrors = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger, .alert-block") !== null;
    var draft = read(key);

    if (draft && draft.submitted) {
      if (hasErrors) {
        draft.submitted = false;  // the server kept the text in the form; keep the draft too
        write(key, draft);
      } else {
        forget(key);
        draft = null;
      }
    }
    if (draft && draft.body && draft.body !== inputs.body.value && (inputs.body.value === "" || inputs.body.defaultValue === inputs.body.value)) {
      FIELDS.forEach(function (name) {
        if (inputs[name] && typeof draft[name] === "string") { inputs[name].value = draft[name]; }
      });
      if (status) {
        status.textContent = "We restored your unsent draft.";
        status.classList.remove("visually-hidden");
        status.classList.add("alert", "alert-info");
      }
    }

    var timer = null;
    function save(submitted) {
      var next = { savedAt: Date.now(), submitted: !!submitted };
      FIELDS.forEach(function (name) { if (inputs[name]) { next[name] = inputs[name].value; } });
      if (!next.body && !next.title) { forget(key); return; }
      write(key, next);
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(false); }, 400);
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      save(!submitter || submitter.value !== "preview");
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(setUp);
})();
