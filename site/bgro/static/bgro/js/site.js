/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  // Embedded media keep their provider's proportions; set here, not in a style attribute, which
  // the Content-Security-Policy refuses (templates/wagtailembeds/embed_frontend.html).
  document.querySelectorAll("[data-embed-ratio]").forEach(function (embed) {
    var ratio = embed.getAttribute("data-embed-ratio");
    if (/^\d+(\.\d+)?%$/.test(ratio)) {
      embed.style.paddingBottom = ratio;
    }
  });

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
