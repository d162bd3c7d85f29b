// Copy buttons for an article's Cite block: each citation (the text to read, the
// BibTeX, the CSL-JSON) gets a button that copies it to the clipboard. Without
// script, or where the clipboard is refused, the text is still there to select.
(function () {
  'use strict';
  function button(label, source) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'copy';
    b.textContent = 'Copy';
    b.setAttribute('aria-label', 'Copy ' + label);
    b.addEventListener('click', function () {
      var text = source.textContent;
      var done = function (said) {
        b.textContent = said;
        setTimeout(function () { b.textContent = 'Copy'; }, 2000);
      };
      var select = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        done('Selected');
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done('Copied'); }, select);
      } else {
        select();
      }
    });
    return b;
  }
  var block = document.querySelector('.cite-block');
  if (!block) return;
  var text = block.querySelector('.cite-text span');
  if (text) text.parentNode.appendChild(button('the citation', text));
  block.querySelectorAll('details').forEach(function (d) {
    var pre = d.querySelector('pre');
    var summary = d.querySelector('summary');
    if (pre && summary) d.insertBefore(button(summary.textContent, pre), pre);
  });
})();
