/* global window, document, location, history, sessionStorage, localStorage, navigator, fetch, setTimeout */
// The first script of index.html (classic, a few hundred bytes, not bundled): starts the first
// screen's RPCs while the main bundle (~1 MB) is still being fetched and parsed, about a second on a
// loaded machine (issue 22: first rows < 1.5 s cold). src-renderer/api/boot-calls.ts hands each answer
// once to the first call of the same route and input; the inputs here are written as the hooks write
// them. The web shell only: Electron's preload has no token and no fetch to do.
// scripts/vite-boot-script.ts builds it with the files of the first pages written in below.
(function () {
  'use strict';
  // The page's own chunks, fetched and compiled while the entry is parsed (React.lazy would ask for
  // them only once the entry has run). Electron too: its app:// files are the same build.
  var firstPageFiles = /*FIRST_PAGE_FILES*/ {};
  (firstPageFiles[location.pathname] || []).forEach(function (href) {
    var link = document.createElement('link');
    if (/\.css$/.test(href)) {
      link.rel = 'preload';
      link.as = 'style';
    } else {
      link.rel = 'modulepreload';
    }
    link.href = href;
    document.head.appendChild(link);
  });
  // The first Intl.NumberFormat of the page loads ICU's data (~50 ms of main thread at load 7, inside
  // the first render of the rows, whose footer and title format the total): made here instead, while
  // the main thread waits for the entry's files and the RPCs below. The language as i18n/index.ts picks it.
  setTimeout(function () {
    var lang = localStorage.getItem('ocs-desk-lang');
    if (lang !== 'en' && lang !== 'fr') lang = /^fr/i.test(navigator.language) ? 'fr' : 'en';
    new Intl.NumberFormat(lang).format(100000);
  }, 0);
  if (window.ocsDesk || !window.fetch) return;
  var m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('ocs-desk-token', m[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  var token = sessionStorage.getItem('ocs-desk-token');
  if (!token) return;
  var calls = {};
  function start(route, input) {
    calls[route + ' ' + JSON.stringify(input)] = fetch('/api/rpc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ route: route, input: input }),
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .catch(function () {
        return null;
      });
  }
  start('connection.status', {});
  start('auth.me', {});
  if (location.pathname === '/computers') {
    start('computers.getGridPrefs', {});
    start('computers.columns', {});
    // The fleet's total: the page's title, the grid's total and the index proposal share this one.
    start('computers.total', { filter: { criteria: [], match: 'all' } });
    // The first rows themselves, with the input ComputerResults builds from the layout (use-grid-prefs.ts)
    // when the URL has no filter or page: a different input only means this answer is not used.
    if (!location.search) {
      Promise.all([calls['computers.getGridPrefs {}'], calls['computers.columns {}']]).then(function (r) {
        if (!r[0] || !r[0].ok || !r[1] || !r[1].ok) return;
        var prefs = r[0].data || {};
        var all = r[1].data;
        var known = {};
        var defaults = [];
        all.forEach(function (c) {
          known[c.id] = c;
          if (c.default) defaults.push(c.id);
        });
        var chosen = (prefs.columns || []).filter(function (id) {
          return known[id];
        });
        var sortCol = prefs.sort ? known[prefs.sort.column] : undefined;
        var view = {
          sort: sortCol && sortCol.sortable ? prefs.sort : undefined,
          filter: { criteria: [], match: 'all' },
          columns: chosen.length ? chosen : defaults,
        };
        // Pages: the first page. One list (the default): its first block of 200 rows (use-row-blocks.ts).
        // Neither is counted: the total is the computers.total above.
        var first =
          prefs.mode === 'pages'
            ? { offset: 0, limit: prefs.pageSize || 50, withTotal: false }
            : { offset: 0, limit: 200, withTotal: false };
        start('computers.list', Object.assign(view, first));
      });
    }
  }
  window.__ocsDeskBoot = { at: Date.now(), calls: calls };
})();
