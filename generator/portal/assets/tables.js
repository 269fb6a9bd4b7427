/* Sortable and filterable portal tables: progressive enhancement, no framework, no CDN.
 * Without JavaScript every table is complete and readable. With it:
 * - each column heading becomes a button filling the whole heading cell (click anywhere in
 *   it); aria-sort on the <th> says the current order;
 * - a filter box (hidden until this script runs) filters rows by text, by category, by any
 *   `<select data-filter-key="k">` against the rows' data-k, and by a minimum with
 *   `<select data-filter-min="k">` (rows whose data-k is above the chosen number).
 * - a filter control with a `name` is kept in the page address (?name=value, like the search
 *   page): changing it rewrites the address in place (history.replaceState, no reload),
 *   and a page opened with such an address starts with those filters, so a filtered view
 *   can be shared and bookmarked. Values not offered by a select are ignored.
 * Sort keys come from a cell's data-sort, else its text; headings with data-type="number"
 * sort numerically. Matching ignores case and full-width/half-width differences (NFKC).
 */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }

  function cellKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (!numeric) return fold(raw.trim());
    var value = parseFloat(raw.replace(/[^0-9.+-]/g, ""));
    return isNaN(value) ? -Infinity : value;
  }

  function sortBy(table, th, index) {
    var numeric = th.getAttribute("data-type") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var lang = document.documentElement.lang || "zh-TW";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, position) { row._position = position; });
    rows.sort(function (a, b) {
      var x = cellKey(a, index, numeric), y = cellKey(b, index, numeric);
      var order = numeric ? x - y : String(x).localeCompare(String(y), lang);
      return (ascending ? order : -order) || a._position - b._position;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "portal-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.classList.add("portal-sortable");
      // On the cell, not the button: a click anywhere in the heading (padding included,
      // when a neighbouring heading makes the row taller) sorts; the button's own click
      // (mouse, Enter or Space) bubbles up to it.
      th.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }

  // The filters of the page address, set on the named controls that can take them.
  function restore(controls) {
    if (!controls.length || !window.URLSearchParams) return;
    var params = new URLSearchParams(window.location.search);
    controls.forEach(function (control) {
      var value = params.get(control.name);
      if (value === null) return;
      if (control.tagName === "SELECT") {
        var offered = Array.prototype.some.call(control.options, function (option) {
          return option.value === value;
        });
        if (!offered) return;
      }
      control.value = value;
    });
  }

  // Rewrite the address to the current filters (empty ones left out), keeping other parameters.
  function remember(controls) {
    if (!controls.length || !window.URLSearchParams || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    controls.forEach(function (control) {
      if (control.value) params.set(control.name, control.value);
      else params.delete(control.name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function makeFilter(box) {
    var name = box.getAttribute("data-portal-filter");
    var table = document.querySelector('table[data-portal-table="' + name + '"]');
    if (!table) return;
    var text = box.querySelector("[data-filter-text]");
    var category = box.querySelector("[data-filter-category]");
    var keyed = Array.prototype.slice.call(box.querySelectorAll("[data-filter-key]"));
    var minimums = Array.prototype.slice.call(box.querySelectorAll("[data-filter-min]"));
    var count = box.querySelector("[data-filter-count]");
    var template = box.getAttribute("data-count-label") || "{n}";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var haystacks = rows.map(function (row) {
      return fold((row.getAttribute("data-search") || "") + " " + row.textContent);
    });
    function apply() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var wanted = category ? category.value : "";
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = (!wanted || row.getAttribute("data-category") === wanted) &&
          words.every(function (word) { return haystacks[i].indexOf(word) !== -1; }) &&
          keyed.every(function (select) {
            return !select.value ||
              row.getAttribute("data-" + select.getAttribute("data-filter-key")) === select.value;
          }) &&
          minimums.every(function (select) {
            var value = parseFloat(row.getAttribute("data-" + select.getAttribute("data-filter-min")));
            return !select.value || value > parseFloat(select.value);
          });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = template.replace("{n}", String(shown));
    }
    var named = Array.prototype.slice.call(box.querySelectorAll("input[name], select[name]"));
    restore(named);
    function changed() {
      apply();
      remember(named);
    }
    text.addEventListener("input", changed);
    if (category) category.addEventListener("change", changed);
    keyed.concat(minimums).forEach(function (select) { select.addEventListener("change", changed); });
    box.hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-portal-table]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-portal-filter]"), makeFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
