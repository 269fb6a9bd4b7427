// Material wraps wide tables in a scrolling box after the page loads; a box that scrolls
// must be reachable by keyboard (WCAG 2.1.1; axe rule scrollable-region-focusable), so
// each one becomes a focusable region named after the table's caption or nearest heading.
(function () {
  "use strict";
  function name(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var node = wrap.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    return document.title;
  }
  window.addEventListener("load", function () {
    document.querySelectorAll(".md-typeset__scrollwrap, .portal-table-wrap").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name(wrap));
    });
  });
})();
