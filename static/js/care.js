/* Moderation pages: when a moderator opens blurred, distressing content, tell the server once, so
   their shift page can count what they were exposed to. Enhancement only: without it the content
   still opens, it is just not counted. */
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.open || !details.matches || !details.matches("details[data-care-reveal]")) { return; }
    if (details.getAttribute("data-care-counted")) { return; }
    details.setAttribute("data-care-counted", "1");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    try {
      window.fetch(details.getAttribute("data-care-reveal"), {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
      }).catch(function () { /* counting is not worth an error */ });
    } catch (e) { /* no fetch: not counted */ }
  }, true);
})();
