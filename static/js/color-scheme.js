/* Follow the person's light or dark preference with Bootstrap's colour modes. */
(function () {
  "use strict";
  var query = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() { document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light"); }
  apply();
  if (query.addEventListener) { query.addEventListener("change", apply); }
})();
