// Refreshes the progress bar of a running catalogue import from its status endpoint, then
// reloads the page once the import has finished (to show its result). Without this script the
// page reloads itself every few seconds (<noscript> refresh).
(function () {
  "use strict";
  var root = document.querySelector("[data-import-status]");
  if (!root) return;
  var bar = root.querySelector("progress");
  var state = root.querySelector('[data-import-field="status_label"]');
  var counts = root.querySelector('[data-import-field="counts"]');
  var template = counts.textContent.replace(/\d+/, "{done}").replace(/\d+/, "{total}");

  function poll() {
    fetch(root.getAttribute("data-import-status"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return;
        if (!status.active) { window.location.reload(); return; }
        bar.max = status.records_total || 1;
        bar.value = status.records_done;
        bar.textContent = status.percent + " %";
        state.textContent = status.status_label;
        counts.textContent = template.replace("{done}", status.records_done).replace("{total}", status.records_total);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
