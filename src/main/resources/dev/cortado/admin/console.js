// Cortado's console: plain JavaScript over the admin JSON API, no build step. The journal is
// polled with ?since= so each poll carries only new commands.
(function () {
  'use strict';
  var API = '/__admin/';
  var $ = function (id) { return document.getElementById(id); };
  var lastSeq = 0;
  var selectedKey = null;
  var journalRows = 0;
  // A poll answered after the filters changed (or the journal was cleared) is dropped: gen moved.
  var gen = 0;
  var polling = false;
  var MAX_ROWS = 2000;

  function call(method, path, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(API + path, opts).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error(j.error || j.message || ('HTTP ' + r.status)); }
        return j;
      });
    });
  }

  function status(text, isError) {
    $('status').textContent = text || '';
    $('status').className = isError ? 'error' : '';
  }
  function fail(e) { status(String(e.message || e), true); }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function ttlText(ms) {
    if (ms === null || ms === undefined) { return '-'; }
    if (ms >= 1000) { return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1) + ' s'; }
    return ms + ' ms';
  }

  function quote(s) { return /^[\x21-\x7e]+$/.test(s) && s.indexOf('"') < 0 ? s : JSON.stringify(s); }

  // ---- keys
  function loadKeys() {
    var q = 'keys?db=' + encodeURIComponent($('key-db').value || '0') +
      '&match=' + encodeURIComponent($('key-search').value || '*') + '&limit=500';
    return call('GET', q).then(function (j) {
      var body = $('keys').tBodies[0];
      body.textContent = '';
      j.keys.forEach(function (k) {
        var tr = document.createElement('tr');
        tr.dataset.key = k.key;
        if (k.key === selectedKey) { tr.className = 'selected'; }
        cell(tr, k.key, 'cmd');
        cell(tr, k.type);
        cell(tr, ttlText(k.ttlMs));
        tr.addEventListener('click', function () { selectedKey = k.key; showKey(); loadKeys(); });
        body.appendChild(tr);
      });
      $('keys-count').textContent = j.keys.length + ' shown of ' + j.total + ' matching, ' +
        j.size + ' keys in db ' + j.db;
      if (selectedKey !== null) { showKey(); }
    }).catch(fail);
  }

  function showKey() {
    var q = 'key?db=' + encodeURIComponent($('key-db').value || '0') + '&key=' + encodeURIComponent(selectedKey);
    fetch(API + q).then(function (r) { return r.json(); }).then(function (j) {
      $('key-detail').hidden = false;
      $('key-detail-name').textContent = selectedKey;
      if (j.error) {
        $('key-detail-meta').textContent = 'gone';
        $('key-detail-value').textContent = '';
        return;
      }
      $('key-detail-meta').textContent = j.type + ', TTL ' + ttlText(j.ttlMs);
      $('key-detail-value').textContent = typeof j.value === 'string' ? j.value : JSON.stringify(j.value, null, 2);
    }).catch(fail);
  }

  // ---- journal
  function journalQuery() {
    var q = 'journal?since=' + lastSeq + '&limit=500';
    [['client', 'filter-client'], ['command', 'filter-command'], ['key', 'filter-key']].forEach(function (f) {
      var v = $(f[1]).value.trim();
      if (v) { q += '&' + f[0] + '=' + encodeURIComponent(v); }
    });
    return q;
  }

  function clearJournalTable() {
    $('journal').tBodies[0].textContent = '';
    journalRows = 0;
    lastSeq = 0;
    gen++;
  }

  function pollJournal() {
    if ($('journal-pause').checked || polling) { return Promise.resolve(); }
    polling = true;
    var g = gen;
    return call('GET', journalQuery()).then(function (j) {
      polling = false;
      if (g !== gen) { return pollJournal(); }
      if (j.last < lastSeq) { clearJournalTable(); return pollJournal(); } // cleared or reset meanwhile
      var body = $('journal').tBodies[0];
      j.entries.forEach(function (e) {
        var tr = document.createElement('tr');
        var cls = [];
        if (e.stubbed) { cls.push('stubbed'); }
        if (e.reply === 'error') { cls.push('error'); }
        tr.className = cls.join(' ');
        tr.dataset.seq = e.seq;
        cell(tr, e.seq);
        cell(tr, e.time.replace('T', ' ').replace('Z', ''));
        cell(tr, e.client ? e.client + ' (' + e.clientId + ')' : String(e.clientId));
        cell(tr, e.db);
        cell(tr, [e.command].concat(e.args.map(quote)).join(' ') + (e.script ? '  (script)' : ''), 'cmd');
        cell(tr, (e.stubbed ? 'stub: ' : '') + (e.error || e.reply), 'reply');
        body.appendChild(tr);
        journalRows++;
      });
      while (journalRows > MAX_ROWS) { body.removeChild(body.firstChild); journalRows--; }
      lastSeq = Math.max(lastSeq, j.last);
      if (j.entries.length) {
        var s = $('journal').parentNode;
        s.scrollTop = s.scrollHeight;
      }
    }).catch(function (e) { polling = false; fail(e); });
  }

  // ---- stubs, clock, info
  function loadStubs() {
    return call('GET', 'stubs').then(function (j) {
      var ol = $('stubs');
      ol.textContent = '';
      if (!j.stubs.length) {
        var li = document.createElement('li');
        li.className = 'unused';
        li.textContent = 'no stubs';
        ol.appendChild(li);
      }
      j.stubs.forEach(function (s) {
        var li = document.createElement('li');
        li.className = s.uses > 0 ? 'matched' : 'unused';
        li.dataset.uses = s.uses;
        li.textContent = s.description + (s.uses > 0 ? '  — matched ' + s.uses + '×' : '');
        ol.appendChild(li);
      });
    }).catch(fail);
  }

  function showClock(j) {
    $('clock-now').textContent = j.now;
    $('clock-kind').textContent = j.manual ? '(manual)' : '(system)';
    ['advance-btn', 'advance-ms'].forEach(function (id) { $(id).disabled = !j.manual; });
    document.querySelectorAll('[data-advance]').forEach(function (b) { b.disabled = !j.manual; });
  }

  function loadClock() { return call('GET', 'clock').then(showClock).catch(fail); }

  function advance(ms) {
    return call('POST', 'clock', { advanceMs: Number(ms) }).then(function (j) {
      showClock(j);
      status('clock advanced by ' + ms + ' ms');
      return loadKeys();
    }).catch(fail);
  }

  function refresh() {
    return Promise.all([pollJournal(), loadStubs(), loadClock()]);
  }

  function init() {
    call('GET', 'info').then(function (j) {
      $('server-info').textContent = 'Redis port ' + j.host + ':' + j.port +
        (j.journal ? '' : ' (journal off)');
    }).catch(fail);
    $('advance-btn').addEventListener('click', function () { advance($('advance-ms').value || 0); });
    document.querySelectorAll('[data-advance]').forEach(function (b) {
      b.addEventListener('click', function () { advance(b.dataset.advance); });
    });
    $('reset-btn').addEventListener('click', function () {
      call('POST', 'reset', {}).then(function () {
        status('server reset');
        selectedKey = null;
        $('key-detail').hidden = true;
        clearJournalTable();
        return Promise.all([loadKeys(), refresh()]);
      }).catch(fail);
    });
    $('journal-clear').addEventListener('click', function () {
      fetch(API + 'journal', { method: 'DELETE' }).then(function () { clearJournalTable(); });
    });
    ['filter-client', 'filter-command', 'filter-key'].forEach(function (id) {
      $(id).addEventListener('input', function () { clearJournalTable(); pollJournal(); });
    });
    $('key-search').addEventListener('input', loadKeys);
    $('key-db').addEventListener('change', loadKeys);
    loadKeys();
    refresh();
    setInterval(refresh, 500);
    setInterval(loadKeys, 2000);
  }

  document.addEventListener('DOMContentLoaded', init);
})();
