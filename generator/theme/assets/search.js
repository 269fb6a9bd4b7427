// Pagefind search behind the header button. The UI bundle is fetched from this
// language's own index (pagefind/ beside the site root) on first use, so pages that are
// only read never download it. No outside request: every URL is relative.
(function () {
  "use strict";
  var toggle = document.querySelector(".gz-search__toggle");
  var panel = document.getElementById("gz-search-panel");
  if (!toggle || !panel) return;
  // Absolute URL: Pagefind imports pagefind.js from it, and import() rejects "pagefind/".
  var bundle = new URL(panel.getAttribute("data-bundle"), document.baseURI).href;
  var loaded = null;

  function load() {
    if (loaded) return loaded;
    loaded = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      new window.PagefindUI({ element: panel, bundlePath: bundle, showImages: false, resetStyles: false });
    });
    return loaded;
  }

  function open(show) {
    panel.hidden = !show;
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) return;
    load().then(function () {
      var input = panel.querySelector("input");
      if (input) input.focus();
    });
  }

  toggle.addEventListener("click", function () { open(panel.hidden); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { open(false); toggle.focus(); }
  });
})();
