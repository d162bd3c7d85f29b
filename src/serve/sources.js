// dossier serve only: an edit button beside each block that comes from an
// annotation (commentary, note, correction, event, definition) and beside each
// problem in the overlay, which opens its file at its line in the editor `serve` was
// given, or through a vscode:// link.
(function () {
  var cfg = window.__dossierServe || {};
  function open(path, line) {
    var q = new URLSearchParams({ path: path, line: line });
    fetch('/__dossier/open?' + q, { method: 'POST', headers: { 'X-Dossier-Token': cfg.token } })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.url) location.href = j.url;
        else if (j.error) alert(j.error);
      });
  }
  function button(path, line) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'dossier-source';
    b.title = 'Edit ' + path + ':' + line;
    b.textContent = '✎ ' + path + ':' + line;
    b.style.cssText = 'display:block;margin:.25rem 0;min-height:24px;padding:0 .5rem;font:12px ui-monospace,monospace;color:#555;background:#f3f1ea;border:1px dashed #bbb;border-radius:4px;cursor:pointer';
    b.addEventListener('click', function (e) { e.preventDefault(); e.stopPropagation(); open(path, line); });
    return b;
  }
  var page = location.pathname.replace(/^\//, '');
  fetch('/__dossier/sources?' + new URLSearchParams({ page: page }))
    .then(function (r) { return r.json(); })
    .then(function (j) {
      (j.marks || []).forEach(function (m) {
        var el = document.querySelectorAll(m.selector)[m.index];
        if (el) el.appendChild(button(m.path, m.line));
      });
    });
  document.querySelectorAll('#dossier-overlay [data-location], #dossier-warnings [data-location]').forEach(function (li) {
    var m = li.dataset.location.match(/^(.*?):(\d+)(?::\d+)?$/);
    if (m) li.insertBefore(button(m[1], m[2]), li.firstChild);
  });
})();
