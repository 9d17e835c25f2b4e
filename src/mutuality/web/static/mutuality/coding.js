// Coding page: turn a text selection into the offsets the server expects.
// The browser counts UTF-16 code units; we send those as they are, with the
// selected words, and the server converts them to code points against the
// stored text and checks the words match (see mutuality/evidence/offsets.py).
(function () {
  "use strict";
  var text = document.getElementById("source-text");
  var form = document.getElementById("coding-form");
  if (!text || !form) { return; }
  var start = document.getElementById("selection-start");
  var end = document.getElementById("selection-end");
  var quote = document.getElementById("selection-quote");
  var preview = document.getElementById("selection-preview");
  var apply = document.getElementById("apply-coding");

  function offsetWithin(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function clear() {
    start.value = end.value = quote.value = "";
    preview.textContent = preview.dataset.empty;
    preview.classList.remove("chosen");
    apply.disabled = true;
  }

  function capture() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var from = offsetWithin(range.startContainer, range.startOffset);
    var to = offsetWithin(range.endContainer, range.endOffset);
    if (to <= from) { return; }
    start.value = from;
    end.value = to;
    quote.value = text.textContent.slice(from, to);
    preview.textContent = "“" + quote.value + "”";
    preview.classList.add("chosen");
    apply.disabled = false;
  }

  text.addEventListener("mouseup", capture);
  text.addEventListener("keyup", capture);
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.rangeCount &&
        text.contains(selection.getRangeAt(0).commonAncestorContainer)) { capture(); }
  });
  form.addEventListener("reset", clear);

  // Clicking a coded passage highlights its codings in the list beside it.
  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.coded");
    document.querySelectorAll(".codings li.current").forEach(function (li) { li.classList.remove("current"); });
    if (!mark) { return; }
    mark.dataset.codings.split(" ").forEach(function (id) {
      var item = document.getElementById("c" + id);
      if (item) { item.classList.add("current"); }
    });
  });
})();
