// Stylesheets not needed for the first paint (theme/main.html marks them data-gz-lazy) load
// as media="print", which never blocks rendering; once the page is parsed they apply to the
// screen. The header search panel's styles are one: the panel is hidden until opened.
(function () {
  "use strict";
  document.querySelectorAll("link[data-gz-lazy]").forEach(function (link) {
    link.media = "all";
  });
})();
