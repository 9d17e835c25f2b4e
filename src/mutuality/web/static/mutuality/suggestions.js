/* The coding assistant's panel (evidence/_suggestions.html), with the keyboard: while the focus is in
   the panel and not in a field, j and k move between the suggestions, a accepts the current one, r
   rejects it and e opens it in the coding form; the buttons do the same without a script. After the
   panel is replaced (htmx), the focus goes back to the same place in the list. When codings change
   elsewhere on the page (the event "codings-changed"), the panel asks for its suggestions again.
   A plain script (no build step, no inline handlers: the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  var PANEL = "suggestions-panel";
  var ACTIONS = { a: "accept", r: "reject", e: "edit" };
  var restore = null; // the place in the list to focus once the panel is replaced

  function panel() { return document.getElementById(PANEL); }

  function items(root) { return Array.prototype.slice.call(root.querySelectorAll(".suggestion")); }

  function typing(element) {
    return Boolean(element) && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function currentIndex(root) {
    var list = items(root);
    for (var i = 0; i < list.length; i += 1) {
      if (list[i].contains(document.activeElement)) { return i; }
    }
    return -1;
  }

  function focusItem(root, index) {
    var list = items(root);
    if (!list.length) { root.focus(); return; }
    var chosen = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (item, i) { item.tabIndex = i === chosen ? 0 : -1; });
    list[chosen].focus();
    list[chosen].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    var root = panel();
    if (!root || !root.contains(event.target) || typing(event.target)) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var index = currentIndex(root);
    if (event.key === "j" || event.key === "k") {
      focusItem(root, index < 0 ? 0 : index + (event.key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    var action = ACTIONS[event.key];
    if (!action || index < 0) { return; }
    var button = items(root)[index].querySelector("button[data-action='" + action + "']");
    if (button) {
      restore = index;
      event.preventDefault();
      button.click();
    }
  });

  // A button pressed with the mouse keeps the place in the list too.
  document.addEventListener("click", function (event) {
    var root = panel();
    var button = event.target && event.target.closest ? event.target.closest("button[data-action]") : null;
    if (root && button && root.contains(button)) {
      var item = button.closest(".suggestion");
      restore = items(root).indexOf(item);
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var root = panel();
    if (root && restore !== null) {
      var index = restore;
      restore = null;
      if (!root.hasAttribute("tabindex")) { root.tabIndex = -1; }
      focusItem(root, index);
    }
  });

  // Codings made elsewhere on the page (the coding form): the panel leaves out the passages coded.
  // Those its own buttons made come back with the refreshed panel already.
  document.addEventListener("codings-changed", function (event) {
    var root = panel();
    if (!root || !window.htmx || root.contains(event.target)) { return; }
    window.htmx.ajax("GET", root.getAttribute("data-url"), { target: root, swap: "outerHTML" });
  });
}());
