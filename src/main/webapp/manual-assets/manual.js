// Manual pages: code highlighting and search over both manuals. Loaded as a file (the site's CSP
// allows no inline script); the search index is built with the WAR and fetched on first use.
'use strict';

(function () {
  highlightCode();
  focusableCode();
  setUpSearch();

  // A code block wider than the page scrolls sideways; the keyboard can scroll it only when it
  // can take the focus (tabindex), so those blocks get one.
  function focusableCode() {
    document.querySelectorAll('.manual-content pre').forEach(function (pre) {
      if (pre.scrollWidth > pre.clientWidth + 1) pre.tabIndex = 0;
    });
  }

  function highlightCode() {
    var hljs = window.hljs;
    if (!hljs) return;
    document.querySelectorAll('pre code[class*="language-"]').forEach(function (el) {
      var m = /language-([\w-]+)/.exec(el.className);
      if (m && hljs.getLanguage(m[1])) hljs.highlightElement(el);
    });
  }

  function setUpSearch() {
    var input = document.getElementById('manual-search');
    var list = document.getElementById('manual-search-results');
    if (!input || !list) return;
    var indexUrl = document.body.getAttribute('data-search-index');
    var entries = null;
    var loading = null;
    var timer = 0;

    function load() {
      if (!loading) {
        loading = fetch(indexUrl, { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (data) {
            entries = data.map(function (e) {
              e.lcHeading = e.heading.toLowerCase();
              e.lcPage = e.page.toLowerCase();
              e.lcText = e.text.toLowerCase();
              return e;
            });
          })
          .catch(function () { entries = []; });
      }
      return loading;
    }

    input.addEventListener('focus', load);
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load().then(show); }, 80);
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { hide(); input.blur(); }
      if (ev.key === 'ArrowDown') { var a = list.querySelector('a'); if (a) { a.focus(); ev.preventDefault(); } }
      if (ev.key === 'Enter') { var first = list.querySelector('a'); if (first) first.click(); }
    });
    list.addEventListener('keydown', function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (ev.key === 'ArrowDown' && i < links.length - 1) { links[i + 1].focus(); ev.preventDefault(); }
      if (ev.key === 'ArrowUp') { (i > 0 ? links[i - 1] : input).focus(); ev.preventDefault(); }
      if (ev.key === 'Escape') { hide(); input.focus(); }
    });
    document.addEventListener('click', function (ev) {
      if (!list.contains(ev.target) && ev.target !== input) hide();
    });

    function hide() { list.hidden = true; }

    function show() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 1; });
      list.textContent = '';
      if (terms.length === 0) { hide(); return; }
      var hits = [];
      entries.forEach(function (e) {
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          var t = terms[i];
          var s = 0;
          if (e.lcHeading.indexOf(t) >= 0) s += 10;
          if (e.lcPage.indexOf(t) >= 0) s += 4;
          if (e.lcText.indexOf(t) >= 0) s += 1 + Math.min(4, count(e.lcText, t));
          if (s === 0) return; // every term must match somewhere
          score += s;
        }
        hits.push({ e: e, score: score });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
      if (hits.length === 0) {
        var li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'Nothing found for “' + input.value + '”.';
        list.appendChild(li);
      }
      hits.slice(0, 12).forEach(function (h) { list.appendChild(item(h.e, terms)); });
      list.hidden = false;
    }

    function item(e, terms) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.url;
      var where = document.createElement('span');
      where.className = 'where';
      where.textContent = (e.manual === 'developer' ? 'Developer manual' : e.manual === 'user' ? 'User manual' : 'Manuals') +
        ' › ' + e.page;
      var title = document.createElement('strong');
      title.textContent = e.heading || e.page;
      var snippet = document.createElement('span');
      snippet.className = 'snippet';
      mark(snippet, excerpt(e.text, e.lcText, terms), terms);
      a.appendChild(where);
      a.appendChild(title);
      a.appendChild(snippet);
      a.addEventListener('click', hide);
      li.appendChild(a);
      return li;
    }
  }

  function count(text, term) {
    var n = 0;
    for (var i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + term.length)) n++;
    return n;
  }

  function excerpt(text, lc, terms) {
    var at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = lc.indexOf(terms[i]);
    var start = Math.max(0, at - 50);
    var s = text.slice(start, start + 160).replace(/\s+/g, ' ');
    return (start > 0 ? '…' : '') + s + (start + 160 < text.length ? '…' : '');
  }

  // Builds the snippet from text nodes and <mark> elements: the index is never parsed as HTML.
  function mark(parent, text, terms) {
    var lc = text.toLowerCase();
    var i = 0;
    while (i < text.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) {
        var p = lc.indexOf(t, i);
        if (p >= 0 && (next < 0 || p < next)) { next = p; len = t.length; }
      });
      if (next < 0) { parent.appendChild(document.createTextNode(text.slice(i))); break; }
      if (next > i) parent.appendChild(document.createTextNode(text.slice(i, next)));
      var m = document.createElement('mark');
      m.textContent = text.slice(next, next + len);
      parent.appendChild(m);
      i = next + len;
    }
  }
})();
