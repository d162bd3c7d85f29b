// The seed page: reads the plain-text copy of the seed named in the query
// (?s=<file within seeds/>&a=<article slug>[&e=<encoding>]) and shows it with
// numbered lines, L<n> being line n, and the line the address points to marked.
// The text is untrusted: it only ever becomes text nodes, never markup.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var file = q.get('s') || '';
  var slug = q.get('a') || '';
  var status = document.getElementById('seed-status');
  var list = document.getElementById('seed-lines');
  if (!status || !list) return;
  function say(text, href, label) {
    status.hidden = false;
    status.textContent = text;
    if (href) {
      var a = document.createElement('a');
      a.href = href;
      a.textContent = label;
      status.appendChild(document.createTextNode(' '));
      status.appendChild(a);
      status.appendChild(document.createTextNode('.'));
    }
  }
  // A file inside seeds/: segments that are not empty, `.` or `..`, ending in .txt.
  var parts = file.split('/');
  var safe = /\.txt$/.test(file) && parts.every(function (p) {
    return p && p !== '.' && p !== '..' && p.indexOf('\\') < 0;
  });
  if (!safe) {
    say('No source file is named here: follow “Source file” from an article’s Provenance.');
    return;
  }
  var href = parts.map(encodeURIComponent).join('/');
  document.getElementById('seed-name').textContent = file;
  document.title = file + ' · ' + document.title;
  if (/^[^/\\]+$/.test(slug)) {
    var back = document.getElementById('seed-article');
    back.href = back.getAttribute('href').replace(/index\.html$/, 'articles/' + encodeURIComponent(slug) + '.html');
    back.textContent = 'The article';
  }
  var decoder;
  try {
    decoder = new TextDecoder(q.get('e') || 'utf-8');
  } catch (e) {
    decoder = new TextDecoder('utf-8');
  }
  say('Reading the file…');
  fetch(href)
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.arrayBuffer();
    })
    .then(function (buf) {
      var lines = decoder.decode(buf).split('\n');
      var out = document.createDocumentFragment();
      lines.forEach(function (line, i) {
        var li = document.createElement('li');
        li.id = 'L' + (i + 1);
        // Control characters (a scrape's NULs) are left out, as on the article page.
        li.textContent = line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        out.appendChild(li);
      });
      list.appendChild(out);
      list.hidden = false;
      var facts = document.getElementById('seed-facts');
      if (facts) facts.textContent = lines.length + ' lines, ' + buf.byteLength + ' bytes.';
      status.textContent = '';
      var raw = document.createElement('a');
      raw.href = href;
      raw.textContent = 'Plain-text file';
      status.appendChild(raw);
      mark();
      window.addEventListener('hashchange', mark);
    })
    .catch(function () {
      say('The file could not be read here (a page opened from disk cannot read files): open the', href, 'plain-text file');
    });
  // Marks the line the address names and scrolls it into view.
  function mark() {
    var old = list.querySelector('.here');
    if (old) old.classList.remove('here');
    var line = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
    if (line && line.parentNode === list) {
      line.classList.add('here');
      line.scrollIntoView({ block: 'center' });
    }
  }
})();
