// What the first paint does not need waits for it (theme/main.html):
// - stylesheets marked data-gz-lazy load as media="print", which never blocks rendering;
//   once the page is parsed they apply to the screen (the header search panel's styles:
//   the panel is hidden until opened);
// - the script named by this tag's data-after-paint (the search page's, which starts
//   Pagefind's WebAssembly at once) is added after the page has painted, so that work no
//   longer delays showing the page. It is added once DOMContentLoaded has fired, which is
//   after every deferred script has run (window.gzSearch, assets/search.js, included):
//   this script is deferred too, but runs before the ones after it, while
//   document.readyState already says "interactive".
(function () {
  "use strict";
  document.querySelectorAll("link[data-gz-lazy]").forEach(function (link) {
    link.media = "all";
  });
  var later = document.currentScript && document.currentScript.getAttribute("data-after-paint");
  if (!later) return;
  function add() {
    var script = document.createElement("script");
    script.src = later;
    document.body.appendChild(script);
  }
  function afterPaint() {
    // The frame after the next one has been painted; a timer, in case frames are paused.
    requestAnimationFrame(function () { setTimeout(add, 0); });
  }
  if (document.readyState === "complete") {
    afterPaint();
  } else {
    document.addEventListener("DOMContentLoaded", afterPaint);
  }
})();
