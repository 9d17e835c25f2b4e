/* The coding workbench (evidence/source_detail.html). Plain script from this site only, no build step.

   Words are chosen with the mouse, or with the keyboard on the focused text (arrow keys choose the
   next or previous word, with Shift they add or take away a word at the end). The browser counts
   UTF-16 code units; the form sends those as they are, with the chosen words, and the server
   converts them to code points against the stored text and checks the words (evidence/offsets.py).
   A code is applied by typing a few letters of its name in any language and Enter, by a number key
   for the ten codes used last, by a click in the code tree, or by dragging a code onto the words or
   the words onto a code. htmx sends the form and swaps in the parts of the page that changed (their
   ids), so the text is never loaded again; without script the same forms post and the page reloads.
   The stripes in the margin are placed here, beside the lines their coding covers. */
(function () {
  "use strict";
  // What the page asks for apart (the rest of the codings, the assistant's suggestions, the counts
  // in all sources: a large project's server works a seventh of a second on them) is asked for
  // once the text is on the screen, by the event "workbench-shown": asked for before, it took the
  // 2 cores of a laptop from laying out, painting and drawing the text. The browser tells when it
  // first drew the page's text (Paint Timing); one that does not, or draws nothing (a page opened
  // behind others), goes on after its next frame, or after a second.
  function afterShown(then) {
    var done = false;
    function once() { if (!done) { done = true; then(); } }
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf("paint") === -1) {
      window.requestAnimationFrame(function () { window.setTimeout(once, 0); });
      return;
    }
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); once(); }
    }).observe({ type: "paint", buffered: true });
    window.setTimeout(once, 1000);
  }
  function tellShown() { if (window.htmx) { window.htmx.trigger(document.body, "workbench-shown"); } }
  var workbench = document.getElementById("workbench");
  if (!workbench) { afterShown(tellShown); return; }
  var form = document.getElementById("coding-form");
  var search = document.getElementById("code-search");
  var chosen = null; // the words chosen: {from, to} in UTF-16 units of the text as shown
  var pressedAt = null; // when the key that applies a code was pressed, to time it (bench/)
  var askedAt = null; // when the coding about to be sent was asked for
  var sending = false; // a coding is on its way to the server
  var sentChoice = null; // the words chosen when it was sent (the coder may have chosen others since)
  var waiting = []; // codings chosen meanwhile, each sent once the one before is answered
  window.mutualityTimings = window.mutualityTimings || [];

  function text() { return document.getElementById("source-text"); }
  function byId(id) { return document.getElementById(id); }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  // --- the words chosen ---------------------------------------------------------------------

  function offsetWithin(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function show(from, to) {
    var container = text();
    if (!form || !container) { return; }
    chosen = to > from ? { from: from, to: to } : null;
    byId("selection-start").value = chosen ? from : "";
    byId("selection-end").value = chosen ? to : "";
    var quote = chosen ? container.textContent.slice(from, to) : "";
    byId("selection-quote").value = quote;
    var preview = byId("selection-preview");
    preview.textContent = chosen ? "“" + quote + "”" : preview.dataset.empty;
    preview.classList.toggle("chosen", !!chosen);
    byId("apply-coding").disabled = !chosen;
  }

  function capture() {
    var container = text();
    var selection = window.getSelection();
    if (!container || !selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) { return; }
    show(offsetWithin(container, range.startContainer, range.startOffset),
         offsetWithin(container, range.endContainer, range.endOffset));
  }

  function select(from, to) {
    // Marks the words [from, to) as the browser's selection, so they are seen chosen.
    var container = text();
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var seen = 0, node, started = false;
    while ((node = walker.nextNode())) {
      var length = node.textContent.length;
      if (!started && from <= seen + length) { range.setStart(node, from - seen); started = true; }
      if (started && to <= seen + length) { range.setEnd(node, to - seen); break; }
      seen += length;
    }
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    show(from, to);
  }

  function words() {
    var found = [], pattern = /\S+/g, match, content = text().textContent;
    while ((match = pattern.exec(content))) { found.push([match.index, match.index + match[0].length]); }
    return found;
  }

  function step(forward, extend) {
    // The next or previous word; with extend, one word more or less at the end of the words chosen.
    var all = words();
    if (!all.length) { return; }
    var from = chosen ? chosen.from : -1, to = chosen ? chosen.to : -1, i;
    if (extend && chosen) {
      if (forward) {
        for (i = 0; i < all.length; i++) { if (all[i][1] > to) { select(from, all[i][1]); return; } }
      } else {
        for (i = all.length - 1; i >= 0; i--) { if (all[i][1] < to && all[i][1] > from) { select(from, all[i][1]); return; } }
      }
      return;
    }
    if (forward) {
      for (i = 0; i < all.length; i++) { if (all[i][0] >= to) { select(all[i][0], all[i][1]); return; } }
    } else {
      for (i = all.length - 1; i >= 0; i--) { if (all[i][1] <= (chosen ? from : Infinity)) { select(all[i][0], all[i][1]); return; } }
    }
  }

  document.addEventListener("mouseup", function (event) {
    if (text() && text().contains(event.target)) { capture(); }
  });
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var container = text();
    if (container && selection && !selection.isCollapsed && selection.rangeCount &&
        container.contains(selection.getRangeAt(0).commonAncestorContainer)) { capture(); }
  });

  // --- the code tree ------------------------------------------------------------------------

  function fold(value) {
    // As the server folds names (analysis/folding.py): case, accents, Turkish i, Arabic marks.
    return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ı/g, "i")
      .replace(/\u0640/g, "").replace(/[آأإٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه");
  }

  function items() { return Array.prototype.slice.call(document.querySelectorAll("#code-tree li[data-code]")); }
  function pickable(li) { return !!li.querySelector(":scope > .code-row input[name=codes]"); }
  function visible(li) { return li.offsetParent !== null; }

  function activate(li) {
    items().forEach(function (other) { other.classList.remove("active"); });
    if (li) {
      li.classList.add("active");
      li.scrollIntoView({ block: "nearest" });
      if (search) { search.setAttribute("aria-activedescendant", li.id || ""); }
    }
  }

  function filter() {
    var wanted = fold(search.value.trim());
    var all = items(), keep = {};
    all.forEach(function (li) {
      if (!wanted || li.dataset.names.indexOf(wanted) !== -1) {
        // A match keeps the codes above it in sight, so its place in the tree is seen.
        for (var node = li; node && node.dataset && node.dataset.code; node = node.parentElement.closest("li[data-code]")) {
          keep[node.dataset.code] = true;
          if (wanted && node !== li) { node.setAttribute("aria-expanded", "true"); }
          if (!node.parentElement) { break; }
        }
      }
    });
    all.forEach(function (li) { li.classList.toggle("hidden", !keep[li.dataset.code]); });
    var first = all.filter(function (li) { return keep[li.dataset.code] && pickable(li) && (!wanted || li.dataset.names.indexOf(wanted) !== -1); })[0];
    activate(wanted ? first : null);
  }

  function move(down) {
    var shown = items().filter(function (li) { return pickable(li) && visible(li); });
    if (!shown.length) { return; }
    var at = shown.indexOf(document.querySelector("#code-tree li.active"));
    activate(shown[Math.max(0, Math.min(shown.length - 1, at + (down ? 1 : -1)))] || shown[0]);
  }

  function apply(codeId, at) {
    // Apply this code alone (and any other ticked in the tree when codeId is null) to the words;
    // ``at``: when the key or click that asked for it came, so the coding is timed from there.
    if (!form || !chosen) { return; }
    if (codeId) {
      form.querySelectorAll("input[name=codes]").forEach(function (box) { box.checked = box.value === String(codeId); });
    }
    if (!form.querySelector("input[name=codes]:checked")) { return; }
    askedAt = at || performance.now();
    form.requestSubmit();
  }

  if (form) {
    // Before htmx hears of it (a capturing listener comes first): a coding asked for while the last
    // is still on its way waits for its answer, as it is now, and the coder goes on from after its
    // words. Let through, htmx would send the form again once the answer came, as the answer had
    // left it: the words and code chosen here lost.
    form.addEventListener("submit", function (event) {
      var at = askedAt || performance.now();
      askedAt = null;
      if (!window.htmx) { return; } // sent by the browser: the page comes again
      if (sending) {
        event.preventDefault();
        event.stopImmediatePropagation();
        waiting.push({ fields: new FormData(form), at: at }); // all it sends, as it is now
        afterCoded(chosen ? chosen.to : 0);
        return;
      }
      pressedAt = at;
      sending = true;
      sentChoice = chosen;
    }, true);
  }

  function fillForm(fields) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "button") { return; }
      var values = fields.getAll(field.name).map(String);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (option) { option.selected = values.indexOf(option.value) !== -1; });
      } else {
        field.value = values.length ? values[0] : "";
      }
    });
  }

  function sendWaiting() {
    // The next coding chosen while the last was on its way, sent as it was chosen; htmx reads the
    // form as it sends it, and then the form holds the coder's present choice again.
    var next = waiting.shift();
    if (!next) { return; }
    var present = new FormData(form);
    fillForm(next.fields);
    askedAt = next.at;
    form.requestSubmit();
    fillForm(present);
  }

  function sameWords(one, other) {
    // By their words, not as objects: the browser may tell of the selection again (selectionchange
    // comes when it will), which makes a new choice of the same words.
    return one === other || (!!one && !!other && one.from === other.from && one.to === other.to);
  }

  function afterCoded(after) {
    // The form empty again and the coder's place in the text after the words just coded.
    form.reset();
    form.querySelectorAll("input[name=codes]").forEach(function (box) { box.checked = false; });
    if (search) { search.value = ""; filter(); }
    window.getSelection().removeAllRanges();
    show(0, 0);
    chosen = { from: after, to: after }; // the arrow keys go on from the words just coded
    if (text()) { text().focus({ preventScroll: true }); }
  }

  if (search) {
    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown");
      } else if (event.key === "Enter") {
        event.preventDefault();
        var active = document.querySelector("#code-tree li.active");
        if (active) { apply(active.dataset.code, performance.now()); }
      } else if (event.key === "Escape") {
        search.value = "";
        filter();
        if (text()) { text().focus(); }
      }
    });
  }

  workbench.addEventListener("click", function (event) {
    var toggle = event.target.closest("#code-tree .toggle");
    if (toggle) {
      var li = toggle.closest("li[data-code]");
      li.setAttribute("aria-expanded", li.getAttribute("aria-expanded") === "false" ? "true" : "false");
      return;
    }
    var change = event.target.closest("a[data-change]");
    if (change && window.htmx) {
      // A coding's form, beside the list (one listener for hundreds of links: none for htmx to
      // set up on each item as the list comes in); without script the link opens its own page.
      event.preventDefault();
      window.htmx.ajax("GET", change.getAttribute("href"), { source: change, target: "#coding-editor" });
      return;
    }
    var chip = event.target.closest(".code-chip");
    if (chip) { apply(chip.dataset.code, performance.now()); return; }
    var mark = event.target.closest("mark.coded");
    var stripe = event.target.closest(".stripe");
    if (mark || stripe || event.target.closest("#source-text")) {
      current(mark ? mark.dataset.codings.split(" ") : stripe ? [stripe.dataset.coding] : [], !!stripe);
    }
  });

  // --- dragging a code onto the words, or the words onto a code ----------------------------

  var CODE_TYPE = "application/x-mutuality-code";
  workbench.addEventListener("dragstart", function (event) {
    var li = event.target.closest && event.target.closest("#code-tree li[data-code]");
    if (li) {
      event.dataTransfer.setData(CODE_TYPE, li.dataset.code);
      event.dataTransfer.effectAllowed = "copy";
    } else if (text() && text().contains(event.target)) {
      capture();
    }
  });
  workbench.addEventListener("dragover", function (event) {
    var types = Array.prototype.slice.call(event.dataTransfer.types || []);
    var overText = text() && text().contains(event.target) && types.indexOf(CODE_TYPE) !== -1;
    var onCode = event.target.closest && event.target.closest("#code-tree li[data-code]");
    if ((overText && chosen) || (onCode && chosen && types.indexOf(CODE_TYPE) === -1)) {
      event.preventDefault();
      document.querySelectorAll("#code-tree li.drop-target").forEach(function (li) { li.classList.remove("drop-target"); });
      if (onCode) { onCode.classList.add("drop-target"); }
    }
  });
  workbench.addEventListener("drop", function (event) {
    var code = event.dataTransfer.getData(CODE_TYPE);
    var onCode = event.target.closest && event.target.closest("#code-tree li[data-code]");
    document.querySelectorAll("#code-tree li.drop-target").forEach(function (li) { li.classList.remove("drop-target"); });
    if (code && text() && text().contains(event.target)) { event.preventDefault(); apply(code); }
    else if (!code && onCode && pickable(onCode)) { event.preventDefault(); apply(onCode.dataset.code); }
  });

  // --- the codings: marked in the text, in the margin, in the list --------------------------

  function current(ids, scroll) {
    document.querySelectorAll("ol.codings li.current, .stripe.current, mark.coded.current").forEach(function (node) {
      node.classList.remove("current");
    });
    ids.forEach(function (id) {
      var item = byId("c" + id);
      if (item) {
        item.classList.add("current");
        if (scroll) { item.scrollIntoView({ block: "nearest" }); }
      }
      document.querySelectorAll('.stripe[data-coding="' + id + '"]').forEach(function (node) { node.classList.add("current"); });
    });
  }

  function placeStripes(all) {
    // Beside the lines each coding covers: one pass reading where its marks are, then one writing.
    // After a coding only the stripes sent with it are placed: a coding changes the marks' colours,
    // never where the lines are, so the others stay where they were (all of them on a resize).
    var margin = byId("margin"), container = text();
    if (!margin || !container) { return; }
    var first = !margin.classList.contains("placed");
    var stripes = margin.querySelectorAll(all || first ? ".stripe" : ".stripe:not([data-placed])");
    var top = margin.getBoundingClientRect().top, extent = {};
    function measure(mark) {
      var rects = mark.getClientRects();
      if (!rects.length) { return; }
      var upper = rects[0].top - top, lower = rects[rects.length - 1].bottom - top;
      mark.dataset.codings.split(" ").forEach(function (id) {
        var seen = extent[id];
        extent[id] = seen ? [Math.min(seen[0], upper), Math.max(seen[1], lower)] : [upper, lower];
      });
    }
    if (all || first) {
      container.querySelectorAll("mark.coded").forEach(measure);
    } else {
      stripes.forEach(function (stripe) {
        container.querySelectorAll('mark.coded[data-codings~="' + stripe.dataset.coding + '"]').forEach(measure);
      });
    }
    stripes.forEach(function (stripe) {
      var place = extent[stripe.dataset.coding];
      if (place) {
        stripe.style.top = place[0] + "px";
        stripe.style.height = Math.max(4, place[1] - place[0]) + "px";
        stripe.dataset.placed = "";
      }
    });
    var lanes = 0;
    margin.querySelectorAll(".stripe").forEach(function (stripe) {
      lanes = Math.max(lanes, Number(stripe.style.getPropertyValue("--lane")) + 1);
    });
    margin.style.setProperty("--lanes", lanes); // stripes may come and go one by one
    if (first) { performance.mark("mutuality-stripes-placed"); } // bench/
    margin.classList.add("placed");
  }

  function unfocusOthers() {
    // An update sends the pieces of the text around the coding it changed; the coding focused
    // before, elsewhere in the text, is focused no more.
    var message = byId("workbench-message");
    var focus = message && message.dataset.focus !== undefined ? message.dataset.focus : null;
    if (focus === null) { return; }
    text().querySelectorAll("mark.focused").forEach(function (mark) {
      if (mark.dataset.codings.split(" ").indexOf(focus) === -1) {
        mark.classList.remove("focused");
        if (mark.id === "passage") { mark.removeAttribute("id"); }
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { placeStripes(true); }, 100);
  });

  // --- the keyboard -------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || typing(event.target) || event.altKey || event.metaKey) { return; }
    if (event.target.closest && event.target.closest("#suggestions")) { return; } // the assistant's keys
    var container = text();
    var inText = container && (event.target === container || container.contains(event.target));
    if ((event.ctrlKey && event.key.toLowerCase() === "z") || (!event.ctrlKey && event.key === "u")) {
      var undo = byId("undo-form");
      if (undo) { event.preventDefault(); undo.requestSubmit(); }
      return;
    }
    if (event.ctrlKey) { return; }
    if (inText && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      event.preventDefault();
      var rtl = window.getComputedStyle(container).direction === "rtl";
      step((event.key === "ArrowRight") !== rtl, event.shiftKey);
    } else if (inText && event.key === "Escape") {
      window.getSelection().removeAllRanges();
      show(0, 0);
    } else if (chosen && /^[0-9]$/.test(event.key)) {
      var chip = document.querySelector('.code-chip[data-key="' + event.key + '"]');
      if (chip) { event.preventDefault(); apply(chip.dataset.code, performance.now()); }
    } else if (search && (event.key === "/" || (inText && event.key === "Enter"))) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  // --- after the server answered ------------------------------------------------------------

  function spreadCounts() {
    // The counts in all sources came as "code:in this source:in all" in one element (see
    // evidence/_code_counts.html): each goes to its code in the tree.
    var answer = byId("code-counts");
    if (!answer || !answer.value) { return; }
    answer.value.split(" ").forEach(function (entry) {
      var parts = entry.split(":"), count = byId("count-" + parts[0]);
      if (count && parts.length === 3) { count.textContent = parts[1] + " · " + parts[2]; }
    });
    answer.value = "";
  }

  var RECOUNT_AFTER = 400; // ms without a change before the counts in all sources are asked for
  var recountWaiting = {}, recountTimer = null;
  function recount() {
    var codes = Object.keys(recountWaiting);
    recountWaiting = {};
    if (!codes.length || !window.htmx || !workbench.dataset.countsUrl) { return; }
    var query = codes.map(function (code) { return "code=" + encodeURIComponent(code); }).join("&");
    window.htmx.ajax("GET", workbench.dataset.countsUrl + "?" + query, { source: workbench, swap: "none" });
  }

  document.body.addEventListener("htmx:afterRequest", function (event) {
    // The parts that changed are in place (htmx swaps before this event, without delay).
    var source = event.detail.elt;
    if (source === form) {
      sending = false;
      // Once htmx is done with this request (it is not yet, during this event: sent now, it
      // would be held back and the form sent again as it is then).
      if (waiting.length) { window.setTimeout(sendWaiting, 0); }
    }
    if (!event.detail.successful || !source || !workbench.contains(source)) { return; }
    spreadCounts();
    unfocusOthers();
    placeStripes();
    if (source === form) {
      var failed = byId("workbench-message") && byId("workbench-message").classList.contains("errors");
      // (words chosen since it was sent are the coder's next choice: left as they are)
      if (!failed && sameWords(chosen, sentChoice)) { afterCoded(chosen ? chosen.to : 0); }
    }
    if (source === form && pressedAt !== null) { // (not the list's rest or the counts, come meanwhile)
      var started = pressedAt;
      pressedAt = null;
      window.requestAnimationFrame(function () { window.mutualityTimings.push(performance.now() - started); });
    }
    var focused = document.querySelector("ol.codings li.current");
    if (focused) { current([focused.dataset.coding], false); }
    // The counts in all sources of the codes just changed, asked for apart (a large project's count
    // takes longer than the coding) once the coder pauses, so they never hold up the next coding.
    document.querySelectorAll("[data-recount]").forEach(function (node) {
      node.removeAttribute("data-recount");
      recountWaiting[node.id.replace("count-", "")] = true;
    });
    window.clearTimeout(recountTimer);
    recountTimer = window.setTimeout(recount, RECOUNT_AFTER);
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") {
      document.body.dispatchEvent(new CustomEvent("workbench-changed", { bubbles: true }));
    }
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    // The rest of the list, swapped in next (it replaces the element that asked for it).
    var source = event.detail.elt;
    if (source && source.hasAttribute && source.hasAttribute("data-rest")) {
      window.requestAnimationFrame(function () { performance.mark("mutuality-list-complete"); }); // bench/
    }
  });
  // Codings added elsewhere on the page (the assistant's suggestions accepted): the parts again.
  document.body.addEventListener("codings-changed", function () {
    if (window.htmx) { window.htmx.ajax("GET", window.location.pathname + window.location.search, { source: workbench, swap: "none" }); }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var message = byId("workbench-message");
    if (!event.detail.elt || !workbench.contains(event.detail.elt)) { return; }
    if (message) {
      message.className = "errors";
      message.textContent = workbench.dataset.failed;
    }
    pressedAt = null;
  });

  // A suggestion of the assistant opened to be edited: its words chosen, its code and grades set.
  document.body.addEventListener("suggestion-edit", function (event) {
    var proposed = event.detail || {};
    if (!form || !text()) { return; }
    select(Number(proposed.start), Number(proposed.end));
    form.querySelectorAll("input[name=codes]").forEach(function (box) { box.checked = box.value === String(proposed.code); });
    byId("assessment").value = proposed.assessment || "";
    byId("factor-role").value = proposed.factor_role || "";
    form.scrollIntoView({ block: "nearest" });
    byId("apply-coding").focus();
  });

  if (!document.querySelector("#codings-list li[data-rest]")) { performance.mark("mutuality-list-complete"); }
  afterShown(function () {
    // The counts of codings in the whole project, the rest of the list and the suggestions are
    // asked for first, so the server works on them while the stripes are placed here: finding
    // where the marks are lays out the whole text again.
    if (window.htmx && workbench.dataset.countsUrl) {
      window.htmx.ajax("GET", workbench.dataset.countsUrl, { target: "#code-tree", swap: "none" });
    }
    tellShown();
    workbench.classList.add("shown"); // the whole text laid out now (workbench.css), then measured
    placeStripes(true);
    // Once more should a font come later and move the lines.
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(function () { placeStripes(true); }); }
  });
  var focusedMark = byId("passage");
  if (focusedMark) { current(focusedMark.dataset.codings.split(" ").filter(function (id) {
    return document.querySelector("ol.codings li.current[data-coding='" + id + "']");
  }), false); }
})();
