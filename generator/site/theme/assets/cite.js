// Copy buttons for the citations on entry pages (templates/gazette/entry.md.j2). The
// citation is plain text on the page without this script; the script only adds a button
// after each one that puts it on the clipboard and says so in a live region.
(function () {
  "use strict";
  document.querySelectorAll(".gz-cite").forEach(function (box) {
    var copy = box.getAttribute("data-copy") || "Copy";
    var copied = box.getAttribute("data-copied") || "Copied";
    box.querySelectorAll(".gz-cite__text").forEach(function (cite) {
      var label = cite.previousElementSibling ? cite.previousElementSibling.textContent : "";
      var wrap = document.createElement("p");
      var button = document.createElement("button");
      var said = document.createElement("span");
      wrap.className = "gz-cite__copy";
      button.type = "button";
      button.className = "md-button";
      button.textContent = copy;
      button.setAttribute("aria-label", copy + ": " + label);
      said.setAttribute("role", "status");
      said.className = "gz-cite__said";
      button.addEventListener("click", function () {
        var text = cite.textContent.trim();
        var done = function () { said.textContent = copied; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { select(cite); });
        } else {
          select(cite);
        }
      });
      wrap.appendChild(button);
      wrap.appendChild(said);
      cite.insertAdjacentElement("afterend", wrap);
    });
  });

  // Without clipboard access, select the text so the reader can copy it by hand.
  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
})();
