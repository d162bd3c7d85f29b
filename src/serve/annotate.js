// dossier serve only: select words of an article to get the annotation snippet for
// them (Note, Cut, Fix, Link term), copied to the clipboard, with the file it goes
// into; with `serve --write-annotations`, "Add to the file" appends it.
(function () {
  var cfg = window.__dossierServe || {};
  var text = document.querySelector('.source-text');
  var m = location.pathname.match(/\/articles\/([^/]+)\.html$/);
  if (!text || !m) return;
  var slug = decodeURIComponent(m[1]);
  var ASIDES = ['term-tip', 'sidenote', 'note-ref', 'note-toggle', 'shared-ref', 'note-link'];

  // Text the page shows beside the article's own (previews, notes, the original of
  // a correction) is not part of the paragraph's text.
  function aside(node, para) {
    for (var el = node.parentElement; el && el !== para; el = el.parentElement) {
      if (el.tagName === 'DEL' || el.tagName === 'LABEL') return true;
      for (var i = 0; i < ASIDES.length; i++) if (el.classList.contains(ASIDES[i])) return true;
      if (el.classList.contains('fix') && node.parentElement === el) return true;
    }
    return false;
  }

  // The offset, in UTF-16 units of the paragraph's own text, of a boundary point.
  function offsetIn(para, container, off) {
    var r = document.createRange();
    r.setStart(para, 0);
    r.setEnd(container, off);
    var w = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    var n, total = 0;
    while ((n = w.nextNode())) {
      if (n === container) return total + (aside(n, para) ? 0 : off);
      if (r.comparePoint(n, n.length) > 0) break;
      if (!aside(n, para)) total += n.length;
    }
    return total;
  }

  function ownText(para) {
    var w = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
    var n, s = '';
    while ((n = w.nextNode())) if (!aside(n, para)) s += n.data;
    return s;
  }

  function paraOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el && el.closest('.source-text .para');
  }

  function selection() {
    var sel = getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var r = sel.getRangeAt(0);
    var p1 = paraOf(r.startContainer), p2 = paraOf(r.endContainer);
    if (!p1 || !p2) return null;
    var start = offsetIn(p1, r.startContainer, r.startOffset);
    var end = offsetIn(p2, r.endContainer, r.endOffset);
    return {
      slug: slug,
      first: p1.dataset.seedLine, start: start,
      last: p2.dataset.seedLine, end: end,
      text: p1 === p2 ? ownText(p1).slice(start, end) : '',
      rect: r.getBoundingClientRect(),
    };
  }

  var bar = document.createElement('div');
  bar.id = 'dossier-annotate';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Annotate the selection');
  bar.style.cssText = 'position:absolute;z-index:9998;display:none;gap:4px;padding:4px;background:#222;border-radius:6px;font:13px system-ui,sans-serif';
  [['note', 'Note'], ['cut', 'Cut'], ['fix', 'Fix'], ['term', 'Link term']].forEach(function (k) {
    var b = document.createElement('button');
    b.type = 'button';
    b.dataset.kind = k[0];
    b.textContent = k[1];
    b.style.cssText = 'min-height:28px;padding:2px 10px;border:0;border-radius:4px;background:#f3f3f3;color:#111;cursor:pointer';
    bar.appendChild(b);
  });
  var panel = document.createElement('div');
  panel.id = 'dossier-snippet';
  panel.setAttribute('role', 'status');
  panel.style.cssText = 'position:fixed;left:1rem;bottom:1rem;z-index:9998;display:none;max-width:min(42rem,92vw);max-height:60vh;overflow:auto;padding:.75rem 1rem;background:#1e2024;color:#f3f3f3;border-radius:6px;font:13px/1.5 ui-monospace,monospace';
  document.body.appendChild(bar);
  document.body.appendChild(panel);

  var current = null;
  document.addEventListener('selectionchange', function () {
    var s = selection();
    if (!s) return;
    current = s;
    bar.style.display = 'flex';
    bar.style.left = Math.max(4, s.rect.left + scrollX) + 'px';
    bar.style.top = Math.max(4, s.rect.top + scrollY - 40) + 'px';
  });

  function query(s, kind) {
    var q = new URLSearchParams({
      slug: s.slug, first: s.first, start: s.start, last: s.last, end: s.end, text: s.text, kind: kind,
    });
    return '/__dossier/snippet?' + q;
  }

  function show(html) {
    panel.innerHTML = html;
    panel.style.display = 'block';
  }

  function esc(s) {
    return s.replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }

  bar.addEventListener('mousedown', function (e) { e.preventDefault(); });
  bar.addEventListener('click', function (e) {
    var kind = e.target.dataset && e.target.dataset.kind;
    if (!kind || !current) return;
    var url = query(current, kind);
    fetch(url).then(function (r) { return r.json(); }).then(function (j) {
      if (j.error) return show('<strong>' + esc(j.error) + '</strong>');
      var copied = navigator.clipboard ? navigator.clipboard.writeText(j.text) : Promise.reject();
      copied.then(function () { return 'Copied'; }, function () { return 'Copy this'; }).then(function (what) {
        var where = { end: 'at the end of', front_matter: 'into the front matter (before the closing +++) of', new_file: 'as the new file' }[j.place];
        // (The parser drops a line break right after <pre>: one is added for it.)
        show(what + ': paste it ' + where + ' <strong>' + esc(j.path) + '</strong>' +
          '<pre id="dossier-snippet-text" style="white-space:pre-wrap">\n' + esc(j.text) + '</pre>' +
          (cfg.write ? '<button type="button" id="dossier-add" style="min-height:28px">Add to the file</button> ' : '') +
          '<button type="button" id="dossier-close" style="min-height:28px">Close</button>');
        var add = document.getElementById('dossier-add');
        if (add) add.onclick = function () {
          fetch(url.replace('/snippet?', '/append?'), { method: 'POST', headers: { 'X-Dossier-Token': cfg.token } })
            .then(function (r) { return r.json(); })
            .then(function (k) { show(k.error ? '<strong>' + esc(k.error) + '</strong>' : 'Added to ' + esc(k.path) + '; rebuilding…'); });
        };
        document.getElementById('dossier-close').onclick = function () { panel.style.display = 'none'; };
      });
    });
  });
})();
