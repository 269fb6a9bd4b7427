// The search page (templates/search.md.j2): the URL's query string is the search. The form
// fields are filled from it, each change is written back to it (so the address can be
// shared or bookmarked), and the search runs on Pagefind through the header script's
// engine (window.gzSearch, assets/search.js), with Pagefind's filters and sort:
// type, category, agency and volume are filters every page carries (theme/main.html and
// the gazette templates); from/to select the values of the `day` filter in that range;
// sort=date uses `data-pagefind-sort="date:…"`, which only dated pages carry, and so does a
// search with no keyword (there is no relevance to rank by: newest first). An agency is
// "any of" itself and its divisions (the option's data-includes: notices are filed under
// divisions). Ranked by relevance, entries and issues come before the other pages that
// match (an indicator's explanation page quotes 採購 too, but a reader wants the notices).
// The language switcher carries the query string, so the twin page runs the same search.
// Older volumes (the archive bundle, generator/site/search.py) are searched when the reader
// ticks "also search older volumes" (older=1 in the URL) or when a volume or a date range
// reaches before the archive's end; otherwise their bundle is never fetched.
(function () {
  "use strict";
  // window.gzSearch is set by search.js, a deferred script; this one is added by lazy.js
  // after them, but should it ever run first, it starts when search.js announces itself.
  if (window.gzSearch) begin();
  else document.addEventListener("gz-search-ready", begin, { once: true });

  function begin() {
    var PAGE = 20;
    var FILTERS = ["type", "category", "agency", "volume"];
    var FIELDS = ["q", "type", "category", "agency", "volume", "from", "to", "sort", "older"];
    var form = document.querySelector(".gz-find__form");
    var list = document.getElementById("gz-find-results");
    var status = document.getElementById("gz-find-status");
    var more = document.querySelector(".gz-find__more");
    if (!form || !list || !window.gzSearch) return;
    var gz = window.gzSearch;
    var root = new URL(list.getAttribute("data-bundle") + "../", document.baseURI);
    var agencySelect = form.elements.namedItem("agency");
    var olderBox = form.elements.namedItem("older"); // a checkbox: "1" when ticked
    var archive = null; // bundles.json's `older`: the archive bundle and its end, if any
    var twin = document.querySelector("a.gz-lang");
    var twinBase = twin ? twin.getAttribute("href").split(/[?#]/)[0] : "";
    var DOCUMENTS = ["entry", "issue"];
    var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    var UNDATED = ["dataset", "price", "page"];
    var hits = [];
    var shown = 0;
    var asked = 0;

    function params() {
      var found = new URLSearchParams(window.location.search);
      var result = {};
      FIELDS.forEach(function (name) { result[name] = (found.get(name) || "").trim(); });
      return result;
    }

    function fill(values) {
      FIELDS.forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.type === "checkbox") field.checked = values[name] === "1";
        else if (field) field.value = values[name];
      });
    }

    function fromForm() {
      var query = new URLSearchParams();
      FIELDS.forEach(function (name) {
        var field = form.elements.namedItem(name);
        // a box a filter ticked (disabled, see needsOlder) is not the reader's choice
        var value = !field ? "" : field.type === "checkbox"
          ? (field.checked && !field.disabled ? "1" : "") : field.value.trim();
        if (value) query.set(name, value);
      });
      return query;
    }

    // Return whether the search must read the archive bundle: the reader asked (older=1), or
    // a volume or a range of days before the archive's end (a range open at its start too).
    // A filter that asks ticks the box, disabled, so its state says why older ones show.
    function needsOlder(values) {
      var forced = false;
      if (archive) {
        var end = archive.year + "-01-01";
        forced = (values.volume !== "" && Number(values.volume) < archive.volume) ||
          (Boolean(values.from || values.to) && (!values.from || values.from < end));
      }
      if (olderBox && archive) {
        olderBox.disabled = forced;
        olderBox.checked = forced || values.older === "1";
      }
      return forced || values.older === "1";
    }

    function say(key, query, count) {
      // with no keyword, "N results" rather than "N results for …"
      var bare = !query && status.getAttribute("data-" + key + "-bare");
      var text = bare || status.getAttribute("data-" + key) || "";
      status.textContent = text.replace("{query}", query).replace("{count}", String(count));
    }

    // The filters of a search: the chosen values, and the days within from/to (Pagefind
    // filters match values exactly, so a range becomes "any of these days").
    function filtersFor(values, pagefind) {
      var filters = {};
      FILTERS.forEach(function (name) { if (values[name]) filters[name] = values[name]; });
      if (values.agency) filters.agency = { any: included(values.agency) };
      if (!values.from && !values.to) return Promise.resolve(filters);
      return pagefind.filters().then(function (all) {
        var days = Object.keys(all.day || {}).filter(function (day) {
          return (!values.from || day >= values.from) && (!values.to || day <= values.to);
        });
        filters.day = { any: days.length ? days : ["none"] };
        return filters;
      });
    }

    // Return the agencies a choice of agency finds: itself and its divisions.
    function included(agency) {
      var options = agencySelect ? agencySelect.options : [];
      for (var at = 0; at < options.length; at++) {
        if (options[at].value === agency) {
          var ids = (options[at].getAttribute("data-includes") || "").split(" ").filter(Boolean);
          return ids.length ? ids : [agency];
        }
      }
      return [agency];
    }

    function agencyName(id) {
      var options = agencySelect ? agencySelect.options : [];
      for (var at = 0; at < options.length; at++) {
        if (options[at].value === id) return options[at].getAttribute("data-name") || id;
      }
      return id;
    }

    function carryQuery() {
      if (twin) twin.setAttribute("href", twinBase + window.location.search);
    }

    function run() {
      var values = params();
      var mine = ++asked;
      fill(values);
      carryQuery();
      list.textContent = "";
      more.hidden = true;
      var terms = gz.queries(values.q);
      var filtered = FILTERS.some(function (n) { return values[n]; }) || values.from || values.to;
      var withOlder = needsOlder(values);
      if (!terms.length && !filtered) {
        status.textContent = "";
        list.setAttribute("aria-busy", "false");
        return Promise.resolve();
      }
      var label = values.q;
      say("loading", label, 0);
      list.setAttribute("aria-busy", "true");
      var byDay = values.sort === "date" ||
        (!terms.length && UNDATED.indexOf(values.type) < 0);
      var sort = byDay ? { date: "desc" } : undefined;
      // Ranked by relevance over every kind: the entries and issues found, then the rest.
      var documentsFirst = !sort && !values.type;
      var asks = terms.length ? terms : [null];
      return gz.load(withOlder)
        .then(function (pagefind) {
          return filtersFor(values, pagefind).then(function (filters) {
            var ask = function (chosen) {
              var options = { filters: chosen };
              if (sort) options.sort = sort;
              return Promise.all(asks.map(function (term) {
                return pagefind.search(term, options).then(gz.keyed);
              }));
            };
            var only = Object.assign({}, filters, { type: { any: DOCUMENTS } });
            return Promise.all([
              ask(filters),
              documentsFirst ? ask(only) : Promise.resolve(null),
              gz.exact(pagefind, values.q, filters),
            ]);
          });
        })
        .then(function (found) {
          if (mine !== asked) return;
          var exact = found[2].map(function (k) { return k.result; });
          var keep = Boolean(sort) || !terms.length;
          var all = gz.intersect(found[0], keep, true);
          if (found[1]) {
            var first = gz.intersect(found[1], keep, true);
            var seen = new Set(first.map(function (k) { return k.key; }));
            all = first.concat(all.filter(function (k) { return !seen.has(k.key); }));
          }
          return gz.prepend(exact, all.map(function (k) { return k.result; }));
        })
        .then(function (ranked) {
          if (mine !== asked || !ranked) return;
          hits = ranked.map(memo);
          // Each bundle (see generator/site/search.py) sorts its own results; the merged
          // list is put in date order here, from the `day` filter of every result's data.
          return sort ? byDate(hits) : hits;
        })
        .then(function (ordered) {
          if (mine !== asked) return;
          hits = ordered;
          shown = 0;
          gz.announce(say, label, hits.length);
          return showMore();
        })
        .catch(function () {
          if (mine === asked) say("error", label, 0);
        })
        .then(function () {
          if (mine === asked) list.setAttribute("aria-busy", "false");
        });
    }

    // A result whose data is fetched once, however often it is asked for.
    function memo(result) {
      var data = null;
      return { data: function () { return data || (data = result.data()); } };
    }

    function byDate(list) {
      return Promise.all(list.map(function (hit) { return hit.data(); })).then(function (all) {
        var day = function (at) { return ((all[at].filters || {}).day || [""])[0]; };
        var order = list.map(function (_hit, at) { return at; });
        order.sort(function (a, b) {
          if (day(a) !== day(b)) return day(a) < day(b) ? 1 : -1;
          return all[a].url < all[b].url ? 1 : all[a].url > all[b].url ? -1 : 0;
        });
        return order.map(function (at) { return list[at]; });
      });
    }

    function showMore() {
      var next = hits.slice(shown, shown + PAGE);
      shown += next.length;
      more.hidden = shown >= hits.length;
      return Promise.all(next.map(function (hit) { return hit.data(); })).then(function (pages) {
        pages.forEach(function (data) { list.appendChild(item(data)); });
      });
    }

    function text(tag, className, value) {
      var node = document.createElement(tag);
      node.className = className;
      node.textContent = value;
      return node;
    }

    // One result: kind, title (a link), then date · document number · issue, then the excerpt.
    function item(data) {
      var meta = data.meta || {};
      var kind = ((data.filters || {}).type || ["page"])[0];
      var li = document.createElement("li");
      li.className = "gz-find__result";
      li.setAttribute("data-kind", kind);
      li.appendChild(text("span", "gz-find__kind", list.getAttribute("data-kind-" + kind) || kind));
      var heading = document.createElement("h2");
      heading.className = "gz-find__title";
      var link = document.createElement("a");
      link.href = new URL(data.url.replace(/^\/+/, ""), root).href;
      link.textContent = gz.clean(meta.title || data.url);
      heading.appendChild(link);
      li.appendChild(heading);
      var facts = [];
      if (meta.date) facts.push([list.getAttribute("data-date"), meta.date, "date"]);
      var agency = ((data.filters || {}).agency || [])[0];
      if (agency) facts.push([list.getAttribute("data-agency"), agencyName(agency), "agency"]);
      if (meta.doc) facts.push([list.getAttribute("data-doc"), meta.doc, "doc"]);
      if (meta.issue) facts.push([list.getAttribute("data-issue"), meta.issue, "issue"]);
      if (facts.length) {
        var line = document.createElement("p");
        line.className = "gz-find__facts";
        facts.forEach(function (fact, at) {
          if (at) line.appendChild(document.createTextNode(" · "));
          var span = text("span", "gz-find__" + fact[2], gz.clean(fact[1]));
          span.title = fact[0];
          // a document number, or an agency with no English name on an English page
          if (fact[2] === "doc" || (fact[2] === "agency" && HAN.test(fact[1]))) {
            span.lang = "zh-Hant";
          }
          line.appendChild(span);
        });
        li.appendChild(line);
      }
      var excerpt = document.createElement("p");
      excerpt.className = "gz-find__excerpt";
      gz.fillExcerpt(excerpt, data.excerpt || "");
      li.appendChild(excerpt);
      return li;
    }

    function go() {
      var query = fromForm().toString();
      var url = window.location.pathname + (query ? "?" + query : "");
      if (url !== window.location.pathname + window.location.search) {
        window.history.pushState(null, "", url);
      }
      run();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "q") go();
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore().then(function () {
        var added = list.querySelectorAll("a")[first];
        if (added) added.focus();
      });
    });
    window.addEventListener("popstate", run);

    function changedByReader(field) {
      if (field.tagName !== "SELECT") return field.value !== field.defaultValue;
      var initial = 0;
      for (var at = 0; at < field.options.length; at++) {
        if (field.options[at].defaultSelected) { initial = at; break; }
      }
      return field.selectedIndex !== initial;
    }

    // This script loads after the first paint (lazy.js), and the first search waits for
    // bundles.json below: a reader may have typed or chosen meanwhile. A field they changed
    // that the address does not hold yet makes their form the search to run; filling the
    // form from the address then would wipe what they typed.
    function typedSinceLoad() {
      var inAddress = params();
      return FIELDS.some(function (name) {
        var field = form.elements.namedItem(name);
        if (!field || field.type === "checkbox" || !changedByReader(field)) return false;
        return field.value.trim() !== inAddress[name];
      });
    }
    // The control's label names the archive's end (bundles.json); the search waits for it,
    // so that a volume or date filter knows whether it reaches the archive.
    var ready = olderBox ? gz.offerOlder(olderBox, false).catch(function () { return null; })
      : Promise.resolve(null);
    ready.then(function (info) {
      archive = info;
      if (typedSinceLoad()) go(); else run();
    });
  }
})();
