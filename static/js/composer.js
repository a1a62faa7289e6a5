/* The composer's enhancements: an unsent post kept in this browser, and a live character count.
   The form works the same without them.

   Drafts belong to one member: they are stored under the namespace the server gives members in
   <meta name="safespace-drafts"> (visitors get none, so they never store or restore a draft) and
   only when the member keeps drafts on their devices. A draft records the submission it would
   become (the form's submission token); it is removed only when a later page names that submission
   as confirmed by the server (static/js/site.js), never merely because the form was sent. */
(function () {
  "use strict";
  var PREFIX = "safespace-draft:";
  var SAVE_DELAY_MS = 400;
  var ANNOUNCE_DELAY_MS = 1000;

  var meta = document.querySelector('meta[name="safespace-drafts"]');
  var namespace = meta && meta.content && meta.getAttribute("data-keep") !== "no" ? meta.content : "";
  // Submissions the server has accepted: their drafts are done, even if site.js (deferred) has not
  // removed them yet when this runs.
  var confirmed = meta ? (meta.getAttribute("data-confirmed") || "").split(" ").filter(Boolean) : [];

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, draft) {
    try { window.localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or off */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }
  function number(value) {
    return value.toLocaleString(document.documentElement.lang || undefined);
  }

  function setUpCount(input) {
    var max = parseInt(input.getAttribute("data-max-length"), 10);
    if (!max) { return; }
    var id = (input.id || input.name) + "-count";
    var count = document.createElement("p");
    count.id = id;
    count.className = "form-text composer__count";
    var announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    var anchor = input.parentNode.querySelector(".form-text") || input;
    anchor.parentNode.insertBefore(count, anchor.nextSibling);
    count.parentNode.insertBefore(announcer, count.nextSibling);
    var describedBy = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    describedBy.push(id);
    input.setAttribute("aria-describedby", describedBy.join(" "));

    var timer = null;
    function update() {
      var length = input.value.length;
      var over = length - max;
      if (over > 0) {
        count.textContent = number(length) + " characters: " + number(over) + " over the limit of " + number(max) +
          ". Nothing has been cut. Please shorten it, or split it into two posts.";
      } else {
        count.textContent = number(length) + " of " + number(max) + " characters";
      }
      count.classList.toggle("composer__count--over", over > 0);
      window.clearTimeout(timer);
      // Said to screen readers once typing pauses, not at every keystroke.
      timer = window.setTimeout(function () { announcer.textContent = count.textContent; }, ANNOUNCE_DELAY_MS);
    }
    input.addEventListener("input", update);
    update();
    announcer.textContent = "";
  }

  function setUpDraft(form) {
    if (!namespace || !form.getAttribute("data-draft-key")) { return; }
    var key = PREFIX + namespace + ":" + form.getAttribute("data-draft-key");
    var body = form.querySelector('[name="body"]');
    if (!body) { return; }
    var title = form.querySelector('[name="title"]');
    var anonymous = form.querySelector('[name="is_anonymous"]');
    var warnings = Array.prototype.slice.call(form.querySelectorAll('[name="content_warnings"]'));
    var token = form.querySelector('[name="submission_token"]');
    var status = form.querySelector(".composer__status");
    // A form the server sent back (an error, a preview, "before you post") already holds exactly
    // what the member sent: it is the draft now.
    var resent = form.hasAttribute("data-composer-resent");

    function submission() { return token && token.value ? token.value : form.getAttribute("data-draft-key"); }
    function current() {
      return {
        savedAt: Date.now(),
        submission: submission(),
        title: title ? title.value : "",
        body: body.value,
        anonymous: anonymous ? anonymous.checked : false,
        warnings: warnings.filter(function (box) { return box.checked; }).map(function (box) { return box.value; }),
      };
    }
    function save() {
      if (window.SafeSpace && window.SafeSpace.storageWiped) { return; }  // leaving or logging out
      var next = current();
      if (!next.body.trim() && !next.title.trim()) { forget(key); return; }
      write(key, next);
    }
    function say(text) {
      if (!status) { return; }
      status.textContent = text;
      status.classList.remove("visually-hidden");
      status.classList.add("alert", "alert-info");
    }

    var draft = read(key);
    if (draft && draft.submission && confirmed.indexOf(draft.submission) !== -1) {
      forget(key);
      draft = null;
    }
    var untouched = body.value === body.defaultValue && (!title || title.value === title.defaultValue);
    if (resent) {
      save();
    } else if (draft && untouched && (draft.body !== body.value || (title && draft.title !== title.value))) {
      body.value = draft.body || "";
      if (title) { title.value = draft.title || ""; }
      // The anonymous choice comes back with the words: restoring them under the member's name
      // would be worse than not restoring them at all.
      if (anonymous) { anonymous.checked = !!draft.anonymous; }
      warnings.forEach(function (box) { box.checked = (draft.warnings || []).indexOf(box.value) !== -1; });
      // The same submission: if the first attempt reached the server after all, posting again
      // creates nothing twice.
      if (token && draft.submission && draft.submission.indexOf("edit-") !== 0) { token.value = draft.submission; }
      body.dispatchEvent(new Event("input"));
      say("We restored your unsent draft.");
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-secondary mb-3";
      discard.textContent = "Start afresh";
      discard.addEventListener("click", function () {
        body.value = body.defaultValue;
        if (title) { title.value = title.defaultValue; }
        if (anonymous) { anonymous.checked = anonymous.defaultChecked; }
        warnings.forEach(function (box) { box.checked = box.defaultChecked; });
        forget(key);
        body.dispatchEvent(new Event("input"));
        discard.remove();
        say("Draft cleared.");
        body.focus();
      });
      if (status) { status.parentNode.insertBefore(discard, status.nextSibling); }
    }

    var timer = null;
    var sent = false;
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { timer = null; save(); }, SAVE_DELAY_MS);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () {
      // Saved now, with its submission token, and no debounced save left to run after this.
      window.clearTimeout(timer);
      timer = null;
      sent = true;
      save();
    });
    window.addEventListener("pagehide", function () {
      if (timer !== null && !sent) { window.clearTimeout(timer); save(); }
    });
  }

  document.querySelectorAll("form.composer").forEach(function (form) {
    form.querySelectorAll("[data-max-length]").forEach(setUpCount);
    setUpDraft(form);
  });
})();
