/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // "Print this page" on service pages: the button exists only when it can work.
  document.querySelectorAll("[data-print-page]").forEach(function (container) {
    var button = container.querySelector("button");
    if (!button || typeof window.print !== "function") {
      return;
    }
    container.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
