/* Quick exit: the button, or Shift pressed three times, wipes the site's browser storage and replaces
   this page with a neutral site. location.replace() leaves no history entry, so Back does not return
   here. Without JavaScript the button is a plain link to the same neutral site. Loaded in <head>
   without defer and bound on document, so it works before the page has finished loading. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="quick-exit-url"]');
  var exitUrl = meta ? meta.content : "https://weather.com/";
  var shiftPresses = [];

  // Shared with site.js (log out) and composer.js: once wiped, nothing on this page writes again,
  // not even a draft save that was waiting for typing to pause.
  var site = window.SafeSpace = window.SafeSpace || {};
  site.wipeSiteStorage = function () {
    site.storageWiped = true;
    try { window.localStorage.clear(); } catch (e) { /* storage off */ }
    try { window.sessionStorage.clear(); } catch (e) { /* storage off */ }
  };

  function leave(url) {
    document.documentElement.style.visibility = "hidden";
    // Nothing the site kept in this browser (drafts included) stays for whoever looks next.
    site.wipeSiteStorage();
    window.location.replace(url || exitUrl);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    leave(link.getAttribute("href"));
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      shiftPresses = [];  // typing a capital letter is not a quick exit
      return;
    }
    if (event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (time) { return now - time < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) { leave(); }
  }, true);
})();
