// Accredit portal: small, optional touches. Every page works without this file.
(function () {
  "use strict";
  // After a form is refused, move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }
})();
