/* The page of a report made in the background (reports/report_job.html): asks the server how far
   the report has come, shows it, and offers the file once it is made. Plain script from this site
   only (the Content-Security-Policy allows nothing else); every word shown comes from the server, in
   the reader's language. Without script the page says to reload it. The page of a file imported in
   the background (mutuality/import_job.html) uses it too: its state names the page to go on to
   ("next") once the import is over. */
(function () {
  "use strict";
  var box = document.getElementById("report-job");
  if (!box) {
    return;
  }
  var bar = document.getElementById("report-progress");
  var message = document.getElementById("report-message");
  var download = document.getElementById("report-download");
  var link = document.getElementById("report-file");
  var delay = 700;

  function unfinished(status) {
    return status === "queued" || status === "running";
  }

  function show(state) {
    box.setAttribute("data-state", state.status);
    message.textContent = state.message;
    if (state.status === "running") {
      bar.value = Math.round(state.progress * 100);
    }
    if (unfinished(state.status)) {
      return;
    }
    if (state.next) {
      // Over: the server shows the outcome in full on the page it names (an import's report).
      window.location.assign(state.next);
      return;
    }
    bar.hidden = true;
    var waiting = document.getElementById("report-waiting");
    if (waiting) {
      waiting.hidden = true;
    }
    if (state.status === "failed") {
      message.classList.add("errors");
      return;
    }
    link.href = state.file;
    download.hidden = false;
    // Seen being made on this page: the file is fetched at once, as a download link would.
    window.location.assign(state.file);
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (unfinished(state.status)) {
          delay = Math.min(delay * 1.25, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        // A server restarting or a network hiccup: try again, less often.
        window.setTimeout(poll, 5000);
      });
  }

  if (unfinished(box.getAttribute("data-state"))) {
    window.setTimeout(poll, 300);
  }
})();
