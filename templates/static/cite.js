// Copy buttons for an article's Cite block: the citation to read, and the BibTeX and
// CSL-JSON files it links to (fetched when the button is pressed, so the page does
// not carry a second copy of them). Without script, or where the clipboard is
// refused, the text is there to select and the files to download.
(function () {
  'use strict';
  // A button that copies what `read` resolves to (a Promise of text).
  function button(label, read, select) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'copy';
    b.textContent = 'Copy';
    b.setAttribute('aria-label', 'Copy ' + label);
    b.addEventListener('click', function () {
      var done = function (said) {
        b.textContent = said;
        setTimeout(function () { b.textContent = 'Copy'; }, 2000);
      };
      var refused = function () {
        if (select) {
          select();
          done('Selected');
        } else {
          done('Not copied');
        }
      };
      var clip = navigator.clipboard;
      if (!clip) return refused();
      // A ClipboardItem of a pending text keeps the click's permission to copy
      // while the file is fetched; writeText after the fetch is the fallback.
      var copied = window.ClipboardItem && clip.write
        ? clip.write([new ClipboardItem({ 'text/plain': read().then(function (t) { return new Blob([t], { type: 'text/plain' }); }) })])
            .catch(function () { return read().then(function (t) { return clip.writeText(t); }); })
        : read().then(function (t) { return clip.writeText(t); });
      copied.then(function () { done('Copied'); }, refused);
    });
    return b;
  }
  function selectNode(node) {
    return function () {
      var range = document.createRange();
      range.selectNodeContents(node);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    };
  }
  function fetched(href) {
    return function () {
      return fetch(href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      });
    };
  }
  var block = document.querySelector('.cite-block');
  if (!block) return;
  var text = block.querySelector('.cite-text span');
  if (text) {
    text.parentNode.appendChild(button('the citation', function () { return Promise.resolve(text.textContent); }, selectNode(text)));
  }
  block.querySelectorAll('.cite-files a[download]').forEach(function (a) {
    a.parentNode.insertBefore(button(a.textContent, fetched(a.href)), a.nextSibling);
    a.parentNode.insertBefore(document.createTextNode(' '), a.nextSibling);
  });
})();
