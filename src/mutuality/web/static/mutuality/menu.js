// The top bar's drop-down menus are <details> elements and work without this script. It adds
// what a reader expects of a menu: opening one closes the others, and a click elsewhere or the
// Escape key closes it (focus goes back to its name).
(function () {
  "use strict";
  var header = document.querySelector("header.site");
  if (!header) { return; }
  var menus = Array.prototype.slice.call(header.querySelectorAll("details.menu"));

  function closeAll(except) {
    menus.forEach(function (menu) {
      if (menu !== except) { menu.open = false; }
    });
  }

  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) { closeAll(menu); }
    });
  });

  document.addEventListener("click", function (event) {
    var inside = menus.some(function (menu) { return menu.contains(event.target); });
    if (!inside) { closeAll(null); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
})();
