// The header search panel (partials/header.html), on Pagefind's JS API. Nothing is fetched
// until the panel is first opened; then only pagefind.js, its WebAssembly, the index
// chunks a query needs and the fragments of the results shown (ten at a time). Every URL
// is relative to this page, so the site works under any base path and offline.
//
// A language's index is split into bundles that are rebuilt at different rates (see
// generator/site/search.py): the primary one at pagefind/, whose script and WebAssembly
// are loaded, and the merged ones listed in pagefind/bundles.json, of which Pagefind reads
// only the entry file, the metadata and the chunks a query needs. The archive's bundles
// (older volumes, one per block of volumes) are merged only when the reader asks for
// them: they grow with the archive, and most searches are for recent notices.
(function () {
  "use strict";
  var PAGE = 10;
  // The CJK ideograph ranges of generator/segment.py, which split them apart in the index.
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var HAN_ALL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/gu;

  var toggle = document.querySelector(".gz-search__toggle");
  var panel = document.getElementById("gz-search-panel");
  if (!toggle || !panel) return;
  var input = panel.querySelector(".gz-search__input");
  var close = panel.querySelector(".gz-search__close");
  var status = panel.querySelector(".gz-search__status");
  var list = panel.querySelector(".gz-search__results");
  var more = panel.querySelector(".gz-search__more");
  var all = panel.querySelector(".gz-search__all"); // "all results": the search page
  var olderBox = panel.querySelector(".gz-search__older input"); // see offerOlder()
  // Absolute URLs: import() rejects a bare "pagefind/", and result URLs are resolved
  // against this language's root (the folder that holds pagefind/).
  var bundle = new URL(panel.getAttribute("data-bundle"), document.baseURI).href;
  var root = new URL("../", bundle);
  // The Chinese index counts each Han character as a word, so its excerpts need more words.
  var excerptLength = /^zh/i.test(document.documentElement.lang) ? 60 : 30;

  var engine = null; // the Pagefind module, once loaded and merged
  var listing = null; // pagefind/bundles.json, once fetched
  var withOlder = null; // the engine with the archive bundle merged too, once asked for
  var shared = new Set(); // page ids that two bundles both use (the build lists them)
  var hits = []; // results of the current query, best first
  var shown = 0;
  var current = ""; // the query whose results are on screen
  var asked = 0; // increments per query, so a slow answer to an old query is dropped
  var timer = 0;
  // The same options for every bundle: result URLs relative to the language root.
  var options = { baseUrl: "/", excerptLength: excerptLength };

  // Return pagefind/bundles.json: the bundles every search merges, and under `older` the
  // archive's bundles (volumes before `older.volume`), merged only when a reader asks.
  function bundles() {
    if (!listing) {
      listing = fetch(bundle + "bundles.json").then(function (response) {
        if (!response.ok) throw new Error("bundles.json: " + response.status);
        return response.json();
      });
      listing.catch(function () { listing = null; }); // let a later query retry
    }
    return listing;
  }

  // Start Pagefind on the primary bundle and merge the bundles every search reads.
  function start(pagefind, list) {
    shared = new Set(list.shared);
    // In Pagefind's web worker (pagefind-worker.js, next to pagefind.js): starting the
    // WebAssembly and loading the index chunks is seconds of work on a slow phone, which
    // on the main thread blocks the page (the search page starts it on arrival). Where
    // a worker cannot start, Pagefind runs on the main thread instead.
    return pagefind
      .options(options)
      .then(function () { return pagefind.init(); })
      .then(function () {
        return Promise.all(list.bundles.map(function (path) {
          return pagefind.mergeIndex(new URL(path, root).href, options);
        }));
      })
      .then(function () { return pagefind; });
  }

  // Return the Pagefind module ready to search; with `older`, the archive's bundles merged
  // too (fetched only then: they grow with the archive). Asked without `older`
  // after it was merged, Pagefind is started again without it (Pagefind cannot unmerge).
  function load(older) {
    if (engine && withOlder && !older) {
      var was = engine;
      engine = was.then(function (pagefind) {
        return Promise.all([pagefind.destroy(), bundles()]).then(function (both) {
          return start(pagefind, both[1]);
        });
      });
      withOlder = null;
      engine.catch(function () { engine = null; });
    }
    if (!engine) {
      engine = Promise.all([import(bundle + "pagefind.js"), bundles()]).then(function (both) {
        return start(both[0], both[1]);
      });
      engine.catch(function () { engine = null; }); // let a later query retry
    }
    if (!older) return engine;
    if (!withOlder) {
      withOlder = Promise.all([engine, bundles()]).then(function (both) {
        var pagefind = both[0];
        if (!both[1].older) return pagefind;
        return Promise.all(both[1].older.bundles.map(function (path) {
          return pagefind.mergeIndex(new URL(path, root).href, options);
        })).then(function () { return pagefind; });
      });
      withOlder.catch(function () { withOlder = null; engine = null; });
    }
    return withOlder;
  }

  // Return the archive's entry of bundles.json ({bundles, volume, year}), or null.
  function older() {
    return bundles().then(function (list) { return list.older || null; });
  }

  // Show the "also search older volumes" control `box` (a checkbox in a label whose
  // `data-before` span gets the archive's end) once the site is known to have an archive.
  function offerOlder(box, hide) {
    return older().then(function (info) {
      var row = box.closest("[data-older]");
      if (!info) {
        row.hidden = hide; // the search page keeps the row's space: no layout shift
        box.disabled = true;
        return null;
      }
      var span = row.querySelector("[data-before]");
      span.textContent = span.getAttribute("data-before")
        .replace("{volume}", String(info.volume)).replace("{year}", String(info.year));
      row.hidden = false;
      row.style.visibility = "";
      return info;
    });
  }

  // Return Pagefind queries for what was typed: one per term (terms are ANDed). A term
  // with Chinese becomes a quoted phrase of its characters, matched at consecutive
  // positions of the character-split index, so 公報 finds every page with 公報 in a row.
  function queries(text) {
    return text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean).map(function (term) {
      if (!HAN.test(term)) return term;
      return '"' + term.replace(HAN_ALL, " $& ").trim().replace(/\s+/g, " ") + '"';
    });
  }

  // A whole document number (the pattern of the data package's doc_number) is looked up
  // exactly too, through the `doc` filter of entry pages: the phrase search ranks a
  // dataset page that lists many numbers above the one entry that bears it.
  var DOC_NUMBER = /^\S{2,40}字第[0-9]{6,12}[0-9A-Z]*號$/;

  // Return the pages whose document number is `text` (keyed like any search), or none.
  function exact(pagefind, text, filters) {
    var doc = text.trim();
    if (!DOC_NUMBER.test(doc)) return Promise.resolve([]);
    var options = { filters: Object.assign({}, filters || {}, { doc: doc }) };
    return pagefind.search(null, options).then(keyed);
  }

  // Return `first` followed by the results of `rest` that are not in it. Both are few
  // (one document number), so comparing Pagefind ids and URLs is cheap enough.
  function prepend(first, rest) {
    if (!first.length) return Promise.resolve(rest);
    return Promise.all(first.map(function (r) { return r.data(); })).then(function (pages) {
      var urls = new Set(pages.map(function (page) { return page.url; }));
      var ids = new Set(first.map(function (r) { return r.id; }));
      return Promise.all(rest.map(function (r) {
        return ids.has(r.id) ? r.data().then(function (d) { return urls.has(d.url); }) : false;
      })).then(function (same) {
        return first.concat(rest.filter(function (_r, at) { return !same[at]; }));
      });
    });
  }

  // Return the key that identifies a result's page across queries: its Pagefind id, which
  // is unique within a bundle, or its URL when another bundle uses the same id.
  function keyed(search) {
    return Promise.all(search.results.map(function (r) {
      if (!shared.has(r.id)) return { key: r.id, result: r };
      return r.data().then(function (data) { return { key: data.url, result: r }; });
    }));
  }

  // Return the results found by every query, ranked by their summed scores (or, when
  // `keepOrder`, in the first query's order: Pagefind already sorted them); `keyedOut`
  // returns them keyed (see keyed()), to be merged with another search's.
  function intersect(searches, keepOrder, keyedOut) {
    var first = searches[0];
    var scores = new Map(first.map(function (k) { return [k.key, 0]; }));
    searches.forEach(function (search) {
      var found = new Map(search.map(function (k) { return [k.key, k.result.score]; }));
      scores.forEach(function (score, key) {
        if (found.has(key)) scores.set(key, score + found.get(key));
        else scores.delete(key);
      });
    });
    var kept = first.filter(function (k) { return scores.has(k.key); });
    if (!keepOrder) kept.sort(function (a, b) { return scores.get(b.key) - scores.get(a.key); });
    return keyedOut ? kept : kept.map(function (k) { return k.result; });
  }

  function say(key, query, count) {
    var text = status.getAttribute("data-" + key) || "";
    status.textContent = text.replace("{query}", query).replace("{count}", String(count));
  }

  function search(text) {
    var query = text.trim();
    var parts = queries(query);
    var mine = ++asked;
    if (!parts.length) {
      current = "";
      hits = [];
      list.textContent = "";
      status.textContent = "";
      more.hidden = true;
      if (all) all.hidden = true;
      return Promise.resolve();
    }
    say("loading", query, 0);
    var withArchive = Boolean(olderBox && olderBox.checked);
    return load(withArchive)
      .then(function (pagefind) {
        return Promise.all(parts.map(function (part) {
          return pagefind.search(part).then(keyed);
        }).concat([exact(pagefind, query)]));
      })
      .then(function (searches) {
        if (mine !== asked) return;
        current = text;
        var found = searches.pop().map(function (k) { return k.result; });
        return prepend(found, intersect(searches));
      })
      .then(function (ranked) {
        if (mine !== asked || !ranked) return;
        hits = ranked;
        if (all) {
          all.href = all.getAttribute("data-base") + "?q=" + encodeURIComponent(query) +
            (withArchive ? "&older=1" : "");
          all.hidden = false;
        }
        shown = 0;
        list.textContent = "";
        announce(say, query, hits.length);
        return showMore();
      })
      .catch(function () {
        if (mine === asked) say("error", query, 0);
      });
  }

  // Say how many results a search found, with the message for none, one or many.
  function announce(tell, label, count) {
    tell(count === 1 ? "found-one" : count ? "found-many" : "none", label, count);
  }

  // Render the next page of results; only their fragments are fetched.
  function showMore() {
    var next = hits.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = shown >= hits.length;
    return Promise.all(next.map(function (hit) { return hit.data(); })).then(function (pages) {
      pages.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    var title = document.createElement("span");
    var excerpt = document.createElement("span");
    li.className = "gz-search__result";
    link.href = new URL(data.url.replace(/^\/+/, ""), root).href;
    title.className = "gz-search__title";
    title.textContent = clean((data.meta && data.meta.title) || data.url);
    excerpt.className = "gz-search__excerpt";
    fillExcerpt(excerpt, data.excerpt || "");
    link.appendChild(title);
    link.appendChild(excerpt);
    li.appendChild(link);
    return li;
  }

  // The index's copies split Han characters with zero-width spaces (Chinese pages) or
  // ideographic spaces (English pages; see generator/site/segment.py): remove both.
  // Pagefind turns the ideographic spaces of excerpts into plain ones, so on English pages
  // a space between a Han character and a Han character or digit is removed as well.
  var SPLIT_GAP = new RegExp("(?<=" + HAN.source + ") (?=" + HAN.source.replace("]", "0-9]") +
    ")|(?<=[0-9]) (?=" + HAN.source + ")", "gu");
  var english = /^en/i.test(document.documentElement.lang);
  // The same gap where a <mark> begins or ends at it.
  var MARK_GAP = new RegExp("(" + HAN.source + ")((?:</?mark>)*) ((?:</?mark>)*)(?=" +
    HAN.source.replace("]", "0-9]") + ")", "gu");
  function clean(text) {
    var plain = text.replace(/[\u200b\u3000]/g, "");
    return english ? plain.replace(SPLIT_GAP, "") : plain;
  }

  // Copy Pagefind's excerpt as text plus <mark> elements only: it is built from page
  // text, and nothing from a dataset may become markup here. DOMParser runs no script.
  function fillExcerpt(target, html) {
    var merged = html.replace(/<\/mark>(\s*)<mark>/g, "$1"); // 公 報 → one mark
    if (english) merged = merged.replace(MARK_GAP, "$1$2$3");
    var body = new DOMParser().parseFromString(merged, "text/html").body;
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        // Pagefind marks a word with the space after it; keep the space outside.
        var text = clean(node.textContent);
        var word = text.replace(/\s+$/, "");
        var mark = document.createElement("mark");
        mark.textContent = word;
        target.appendChild(mark);
        if (word !== text) target.appendChild(document.createTextNode(" "));
      } else {
        target.appendChild(document.createTextNode(clean(node.textContent)));
      }
    });
  }

  // The search page (search-page.js) runs its queries with the same engine and helpers.
  window.gzSearch = {
    load: load,
    older: older,
    offerOlder: offerOlder,
    queries: queries,
    keyed: keyed,
    intersect: intersect,
    exact: exact,
    prepend: prepend,
    clean: clean,
    fillExcerpt: fillExcerpt,
    announce: announce,
  };
  // The search page's script may have run first (it waits for this event then).
  document.dispatchEvent(new Event("gz-search-ready"));

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function open(show) {
    panel.hidden = !show;
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    if (show) {
      input.focus();
      load(olderBox && olderBox.checked).catch(function () {}); // while the visitor types
      if (olderBox) offerOlder(olderBox, true).catch(function () {});
    }
  }

  function shut() {
    var inside = panel.contains(document.activeElement);
    open(false);
    if (inside) toggle.focus();
  }

  toggle.addEventListener("click", function () { open(panel.hidden); });
  close.addEventListener("click", shut);
  more.addEventListener("click", function () {
    var first = shown;
    showMore().then(function () {
      var added = links()[first];
      if (added) added.focus();
    });
  });

  if (olderBox) {
    olderBox.addEventListener("change", function () {
      clearTimeout(timer);
      if (input.value.trim()) search(input.value);
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      var ready = current === input.value ? Promise.resolve() : search(input.value);
      ready.then(function () {
        var first = links()[0];
        if (first) first.click();
      });
    } else if (event.key === "ArrowDown") {
      var first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  list.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    if (event.key === "ArrowDown") (all[at + 1] || (more.hidden ? all[at] : more)).focus();
    else (all[at - 1] || input).focus();
  });

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") shut();
  });

  document.addEventListener("click", function (event) {
    if (!panel.hidden && !panel.contains(event.target) && !toggle.contains(event.target)) {
      open(false);
    }
  });
})();
