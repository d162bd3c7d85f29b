/* dossier search: "/" focuses the search box of the header; on search.html, Pagefind's
   UI answers the query of ?q=. Opened from disk (file://), where Pagefind cannot fetch
   its index, the titles and names embedded in the page answer instead. */
(function () {
  "use strict";
  var box = document.getElementById("site-q");
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !box) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  var ui = document.getElementById("search");
  if (!ui) return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (box) box.value = query;

  if (window.location.protocol === "file:" || typeof window.PagefindUI !== "function") {
    offline(query);
    return;
  }
  var search = new window.PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: !query,
    // Pagefind favours short pages; a dossier's articles are long and its glossary
    // entries short, so page length is not held against a page, and a page naming a
    // term many times ranks above one naming it once (docs/search.md has the figures).
    ranking: { pageLength: 0, termSaturation: 2 }
  });
  if (query) search.triggerSearch(query);
  glossaryCard(query);
  // Arrow keys move between the search box and the results' links; Enter follows one.
  ui.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(ui.querySelectorAll("a.pagefind-ui__result-link"));
    var input = ui.querySelector(".pagefind-ui__search-input");
    var at = links.indexOf(document.activeElement);
    if (!links.length || (at < 0 && document.activeElement !== input)) return;
    e.preventDefault();
    var next = e.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  ui.addEventListener("input", function (e) {
    if (!e.target.classList.contains("pagefind-ui__search-input")) return;
    clearTimeout(ui.cardTimer);
    ui.cardTimer = setTimeout(function () { glossaryCard(e.target.value); }, 300);
  });

  /* A term page's text begins with its name, then "Also written: a, b, c." */
  function namesOf(d) {
    var text = d.content || "";
    var title = (d.meta && d.meta.title) || "";
    var names = [title.toLowerCase()];
    var m = /Also written: ([^.]*(?:\.[^ ][^.]*)*)\./.exec(text.slice(0, 600));
    if (m) m[1].split(/,\s*/).forEach(function (n) { names.push(n.trim().toLowerCase()); });
    return names;
  }

  /* When the query is a name of a glossary term (any of its spellings), that term
     comes first, in a card above the results: its page begins with its names. */
  function glossaryCard(q) {
    var old = document.getElementById("term-card");
    if (old) old.remove();
    var wanted = q.trim().toLowerCase();
    if (!wanted) return;
    var src = document.querySelector('script[src$="pagefind/pagefind-ui.js"]').src;
    import(src.replace(/pagefind-ui\.js$/, "pagefind.js")).then(function (pf) {
      return pf.search(q, { filters: { kind: "Glossary term" } });
    }).then(function (found) {
      var top = found ? found.results.slice(0, 5) : [];
      return Promise.all(top.map(function (r) { return r.data(); }));
    }).then(function (all) {
      var d = all.filter(function (x) { return namesOf(x).indexOf(wanted) >= 0; })[0];
      if (!d || document.getElementById("term-card")) return;
      var card = document.createElement("aside");
      card.id = "term-card";
      card.className = "term-card";
      card.setAttribute("aria-label", "In the glossary");
      var a = document.createElement("a");
      a.href = d.url;
      a.textContent = d.meta.title;
      var kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = " " + (d.meta.source || "Glossary");
      var p = document.createElement("p");
      p.textContent = "“" + q.trim() + "” is a name of this glossary entry; the results below include every article naming it, under any of its names.";
      card.appendChild(a);
      card.appendChild(kind);
      card.appendChild(p);
      ui.parentNode.insertBefore(card, ui);
    }).catch(function () {});
  }
  // Pagefind's box is named only by its title attribute: give it a proper name.
  function name() {
    var input = ui.querySelector(".pagefind-ui__search-input");
    if (input) input.setAttribute("aria-label", "Search the articles and the glossary");
    return !!input;
  }
  if (!name()) {
    var watch = new MutationObserver(function () {
      if (name()) watch.disconnect();
    });
    watch.observe(ui, { childList: true, subtree: true });
  }

  /* Titles and names only, from search-titles.js (a script, which file:// can load
     where it cannot fetch): every word of the query must appear in one of them. */
  function offline(q) {
    var script = document.createElement("script");
    script.src = ui.getAttribute("data-titles");
    script.onload = function () { answer(q, window.dossierTitles || []); };
    document.head.appendChild(script);
  }

  function answer(q, data) {
    document.getElementById("search-offline").hidden = false;
    var list = document.getElementById("search-titles-results");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "offline-q";
    input.value = q;
    input.setAttribute("aria-label", "Search titles and names");
    input.className = "offline-q";
    ui.appendChild(input);
    function show() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.textContent = "";
      list.hidden = !words.length;
      data.filter(function (d) {
        var hay = [d.t].concat(d.n).join(" ").toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      }).slice(0, 50).forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = d.h;
        a.textContent = d.t;
        li.appendChild(a);
        var kind = document.createElement("span");
        kind.className = "muted";
        kind.textContent = " " + d.k + (d.n.length ? " · also " + d.n.join(", ") : "");
        li.appendChild(kind);
        list.appendChild(li);
      });
    }
    input.addEventListener("input", show);
    show();
  }
})();
