/* Every page: housekeeping of the drafts composer.js keeps, wiping the site's storage when a member
   logs out or deletes their account, and Escape for menus. Enhancement only.

   Drafts live in localStorage under "safespace-draft:<namespace>:<composer>", where the namespace is
   the member's, given by the server in <meta name="safespace-drafts"> (absent for visitors). */
(function () {
  "use strict";
  var PREFIX = "safespace-draft:";
  var MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;  // a draft older than three days is gone

  function storageKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) { keys.push(window.localStorage.key(i)); }
    } catch (e) { /* storage off */ }
    return keys;
  }
  function readDraft(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function remove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  // Defined by quick-exit.js (loaded first on every page); the fallback keeps this file whole alone.
  function wipeSiteStorage() {
    if (window.SafeSpace && window.SafeSpace.wipeSiteStorage) { window.SafeSpace.wipeSiteStorage(); return; }
    try { window.localStorage.clear(); } catch (e) { /* ignore */ }
    try { window.sessionStorage.clear(); } catch (e) { /* ignore */ }
  }

  var meta = document.querySelector('meta[name="safespace-drafts"]');
  if (!meta || !meta.content) {
    // Logged out (a session that ended without logging out leaves drafts behind): they are never
    // shown here, and they still expire on time.
    storageKeys().forEach(function (key) {
      if (!key || key.indexOf(PREFIX) !== 0) { return; }
      var draft = readDraft(key);
      if (!draft || typeof draft.savedAt !== "number" || Date.now() - draft.savedAt > MAX_AGE_MS) { remove(key); }
    });
  } else {
    var own = PREFIX + meta.content + ":";
    var keep = meta.getAttribute("data-keep") !== "no";
    var confirmed = (meta.getAttribute("data-confirmed") || "").split(" ").filter(Boolean);
    var now = Date.now();
    storageKeys().forEach(function (key) {
      if (!key || key.indexOf(PREFIX) !== 0) { return; }
      if (key.indexOf(own) !== 0 || !keep) {
        // Another member's draft on a shared device (their session ended without logging out), or
        // this member chose not to keep drafts here: neither stays.
        remove(key);
        return;
      }
      var draft = readDraft(key);
      if (!draft || typeof draft.savedAt !== "number" || now - draft.savedAt > MAX_AGE_MS) {
        remove(key);
      } else if (draft.submission && confirmed.indexOf(draft.submission) !== -1) {
        remove(key);  // the server has this post: the draft's job is done
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-clears-site-data")) { wipeSiteStorage(); }
  });

  // Escape closes an open menu (the account menu is a <details>) and returns focus to its summary.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    document.querySelectorAll("details[open].member-menu, details[open][data-menu]").forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.removeAttribute("open");
      if (hadFocus) {
        var summary = menu.querySelector("summary");
        if (summary) { summary.focus(); }
      }
    });
  });
  // A click elsewhere closes it too, as people expect of a menu.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[open].member-menu, details[open][data-menu]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
})();
