/**
 * The built-in lens "RefocusStatusTree" (lens event API v1): a status table of the subtree, one
 * row per subject (indented), one column per aspect, the worst status rolled up to every parent,
 * counts per status and the time of the last change. It applies realtime changes in place and
 * writes every name with textContent, never as HTML.
 */
export const STATUS_TREE_LENS_VERSION = '1.2.0';

export const STATUS_TREE_LENS_JSON = JSON.stringify({
  name: 'RefocusStatusTree',
  description: 'Built-in: the status of every subject and aspect of the perspective, live.',
  version: STATUS_TREE_LENS_VERSION,
  lensEventApiVersion: 1,
});

export const STATUS_TREE_LENS_CSS = `
.rst { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2333; padding: 12px; }
.rst-summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.rst-chip { border-radius: 999px; padding: 2px 10px; font-weight: 600; font-size: 13px; }
.rst-updated { color: #5b6478; font-size: 13px; margin-left: auto; }
.rst-table { border-collapse: collapse; width: 100%; }
.rst-table th, .rst-table td { border-bottom: 1px solid #e4e7ef; padding: 4px 8px; text-align: left; white-space: nowrap; }
.rst-table th { position: sticky; top: 0; background: #f4f6fb; font-size: 12px; color: #5b6478; }
.rst-subject { font-weight: 600; }
.rst-cell { text-align: center; min-width: 4.5rem; border-radius: 4px; }
.rst-empty { color: #c0c6d4; text-align: center; }
.rst-Critical { background: #d92d20; color: #fff; }
.rst-Invalid { background: #7a5af8; color: #fff; }
.rst-Timeout { background: #475467; color: #fff; }
.rst-Warning { background: #f79009; color: #1c2333; }
.rst-Info { background: #2e90fa; color: #fff; }
.rst-OK { background: #12b76a; color: #fff; }
.rst-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.rst-none { color: #5b6478; }
.rst-cell[data-sample] { cursor: pointer; }
.rst-cell[data-selected] { outline: 2px solid #1c2333; outline-offset: -2px; }
.rst-timeline { margin-top: 14px; border: 1px solid #e4e7ef; border-radius: 6px; padding: 10px 12px; }
.rst-tl-head { display: flex; align-items: center; gap: 8px; }
.rst-tl-close { margin-left: auto; border: 0; background: none; font-size: 18px; cursor: pointer; color: #5b6478; }
.rst-tl-caption { color: #5b6478; font-size: 13px; margin: 6px 0 4px; }
.rst-tl-bar { display: flex; height: 12px; border-radius: 6px; overflow: hidden; background: #e4e7ef; }
.rst-tl-seg { display: block; height: 100%; }
.rst-tl-list { list-style: none; padding: 0; margin: 10px 0 0; }
.rst-tl-list li { display: flex; gap: 8px; align-items: center; padding: 2px 0; }
.rst-tl-time { color: #5b6478; font-size: 13px; min-width: 11rem; }
.rst-tl-value { color: #5b6478; font-size: 13px; }
`;

export const STATUS_TREE_LENS_JS = String.raw`(function () {
  'use strict';
  var ORDER = ['Critical', 'Invalid', 'Timeout', 'Warning', 'Info', 'OK'];
  var lensEl = document.getElementById('lens');
  var nodes = {};
  var root = null;
  var lastChange = null;
  var counts = null; // per status, and the chips that show them: patched in place on sample changes
  var chips = {};
  var updatedEl = null;
  var selected = null; // the clicked sample (lower-cased name) and its timeline, kept across redraws
  var timeline = null;

  function key(path) { return String(path).toLowerCase(); }
  function rank(status) { var i = ORDER.indexOf(status); return i < 0 ? ORDER.length : i; }
  function worse(a, b) { return rank(a) <= rank(b) ? a : b; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addSubject(s, parentKey) {
    var node = { path: s.absolutePath, name: s.name, parent: parentKey, children: [], samples: {} };
    nodes[key(s.absolutePath)] = node;
    (s.samples || []).forEach(function (sample) { putSample(sample); });
    (s.children || []).forEach(function (c) { node.children.push(key(c.absolutePath)); addSubject(c, key(s.absolutePath)); });
    return node;
  }

  function sampleParts(sample) {
    var name = String(sample.name || '');
    var bar = name.lastIndexOf('|');
    var path = sample.absolutePath || (sample.subject && sample.subject.absolutePath) || name.slice(0, bar);
    var aspect = (sample.aspect && sample.aspect.name) || name.slice(bar + 1);
    return { path: path, aspect: aspect };
  }

  function putSample(sample) {
    var p = sampleParts(sample);
    var node = nodes[key(p.path)];
    if (!node) return true;
    var old = node.samples[key(p.aspect)];
    var sm = { aspect: p.aspect, status: sample.status, value: sample.value, name: sample.name };
    node.samples[key(p.aspect)] = sm;
    return patchCell(node, key(p.aspect), sm, old);
  }

  /** Updates one drawn cell, the worst status of its row and ancestors, and the counts; false when only a redraw will do. */
  function patchCell(node, aspectKey, sm, old) {
    var td = node.cells && node.cells[aspectKey];
    if (!td || !counts || !old) return false;
    counts[old.status] = (counts[old.status] || 1) - 1;
    counts[sm.status] = (counts[sm.status] || 0) + 1;
    if (!chips[sm.status] || !chips[old.status]) return false;
    td.className = 'rst-cell rst-' + sm.status;
    td.textContent = sm.status;
    td.setAttribute('data-status', sm.status);
    td.title = cellTitle(sm);
    for (var n = node; n; n = nodes[n.parent]) setWorst(n, ownWorst(n));
    ORDER.forEach(function (s) { if (chips[s]) chips[s].textContent = s + ' ' + (counts[s] || 0); });
    return true;
  }

  function cellTitle(sm) { return sm.name + ' = ' + sm.value + ' (click for its history)'; }

  function ownWorst(n) {
    var w;
    Object.keys(n.samples).forEach(function (a) { w = w ? worse(w, n.samples[a].status) : n.samples[a].status; });
    n.children.forEach(function (c) { var cw = nodes[c] && nodes[c].worst; if (cw) w = w ? worse(w, cw) : cw; });
    return w;
  }

  function setWorst(n, w) {
    n.worst = w;
    if (!n.dot) return;
    n.dot.className = 'rst-dot' + (w ? ' rst-' + w : '');
    n.dot.title = w ? 'Worst status below: ' + w : 'No samples';
    if (w) n.nameCell.setAttribute('data-worst', w);
    else n.nameCell.removeAttribute('data-worst');
  }

  function removeSample(sample) {
    var p = sampleParts(sample);
    var node = nodes[key(p.path)];
    if (node) delete node.samples[key(p.aspect)];
  }

  function removeSubject(path) {
    var node = nodes[key(path)];
    if (!node) return;
    node.children.slice().forEach(removeSubject);
    var parent = nodes[node.parent];
    if (parent) parent.children = parent.children.filter(function (c) { return c !== key(path); });
    delete nodes[key(path)];
  }

  function addLiveSubject(s) {
    var path = String(s.absolutePath || '');
    var parentKey = key(path.slice(0, path.lastIndexOf('.')));
    var parent = nodes[parentKey];
    if (!parent || nodes[key(path)]) return;
    parent.children.push(key(path));
    addSubject(s, parentKey);
  }

  function apply(change) {
    var type = Object.keys(change)[0];
    var payload = change[type];
    if (type === 'sample.add') return putSample(payload);
    if (type === 'sample.update') return putSample(payload.new || payload);
    if (type === 'sample.nochange') return true;
    if (type === 'sample.remove') removeSample(payload);
    else if (type === 'subject.add') addLiveSubject(payload);
    else if (type === 'subject.remove') removeSubject(payload.absolutePath);
    else if (type === 'subject.update') {
      var s = payload.new || payload;
      var node = nodes[key(s.absolutePath)];
      if (node) node.name = s.name;
    }
  }

  /** Rolls up the worst status of every subtree; returns the list of rows in tree order. */
  function walk(k, depth, rows) {
    var node = nodes[k];
    if (!node) return undefined;
    var row = { node: node, depth: depth, worst: undefined };
    rows.push(row);
    Object.keys(node.samples).forEach(function (a) { row.worst = row.worst ? worse(row.worst, node.samples[a].status) : node.samples[a].status; });
    node.children.slice().sort(function (a, b) { return nodes[a] && nodes[b] ? nodes[a].name.localeCompare(nodes[b].name) : 0; })
      .forEach(function (c) {
        var w = walk(c, depth + 1, rows);
        if (w) row.worst = row.worst ? worse(row.worst, w) : w;
      });
    node.worst = row.worst;
    return row.worst;
  }

  function draw() {
    if (!root) return;
    var rows = [];
    walk(root, 0, rows);
    var aspects = {};
    counts = {};
    chips = {};
    rows.forEach(function (r) {
      Object.keys(r.node.samples).forEach(function (a) {
        var sm = r.node.samples[a];
        aspects[a] = sm.aspect;
        counts[sm.status] = (counts[sm.status] || 0) + 1;
      });
    });
    var aspectKeys = Object.keys(aspects).sort();
    var box = el('div', 'rst');
    var summary = el('div', 'rst-summary');
    summary.setAttribute('data-role', 'summary');
    ORDER.forEach(function (s) {
      if (!counts[s]) return;
      var chip = el('span', 'rst-chip rst-' + s, s + ' ' + counts[s]);
      chip.setAttribute('data-count', s);
      chips[s] = chip;
      summary.appendChild(chip);
    });
    if (!aspectKeys.length) summary.appendChild(el('span', 'rst-none', 'No samples yet.'));
    updatedEl = el('span', 'rst-updated', lastChange ? 'Last change ' + lastChange.toLocaleTimeString() : 'Loaded ' + new Date().toLocaleTimeString());
    summary.appendChild(updatedEl);
    box.appendChild(summary);
    var table = el('table', 'rst-table');
    var head = el('tr');
    head.appendChild(el('th', '', 'Subject'));
    aspectKeys.forEach(function (a) { head.appendChild(el('th', '', aspects[a])); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr');
      tr.setAttribute('data-subject', r.node.path);
      var name = el('td', 'rst-subject');
      name.style.paddingLeft = (8 + r.depth * 18) + 'px';
      r.node.dot = el('span');
      r.node.nameCell = name;
      name.appendChild(r.node.dot);
      name.appendChild(document.createTextNode(r.node.name));
      setWorst(r.node, r.worst);
      tr.appendChild(name);
      r.node.cells = {};
      aspectKeys.forEach(function (a) {
        var sm = r.node.samples[a];
        var td = sm ? el('td', 'rst-cell rst-' + sm.status, sm.status) : el('td', 'rst-empty', '·');
        if (sm) {
          td.setAttribute('data-sample', String(sm.name).toLowerCase());
          td.setAttribute('data-status', sm.status);
          td.title = cellTitle(sm);
          if (String(sm.name).toLowerCase() === selected) td.setAttribute('data-selected', 'true');
        }
        r.node.cells[a] = td;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    if (selected) box.appendChild(timelinePanel());
    lensEl.textContent = '';
    lensEl.appendChild(box);
  }

  /** The clicked sample's recent timeline (issue 18): the last 24 hours by status, then the latest changes. */
  function timelinePanel() {
    var panel = el('div', 'rst-timeline');
    panel.setAttribute('data-role', 'timeline');
    panel.setAttribute('data-timeline', selected);
    var head = el('div', 'rst-tl-head');
    head.appendChild(el('strong', '', timeline && timeline.history ? timeline.history.name : selected));
    var close = el('button', 'rst-tl-close', '\u00d7');
    close.type = 'button';
    close.title = 'Close';
    close.setAttribute('data-role', 'timeline-close');
    head.appendChild(close);
    panel.appendChild(head);
    if (!timeline) { panel.appendChild(el('div', 'rst-none', 'Loading\u2026')); return panel; }
    if (timeline.error || !timeline.history) { panel.appendChild(el('div', 'rst-none', 'No history: ' + (timeline.error || 'unavailable'))); return panel; }
    var h = timeline.history;
    var pct = (h.availability && h.availability.percent) || {};
    var shown = ORDER.filter(function (s) { return pct[s]; });
    panel.appendChild(el('div', 'rst-tl-caption', 'Last 24 hours: ' + (shown.length ? shown.map(function (s) { return s + ' ' + pct[s] + '%'; }).join(' \u00b7 ') : 'no data')));
    var bar = el('div', 'rst-tl-bar');
    bar.setAttribute('data-role', 'availability');
    shown.forEach(function (s) {
      var seg = el('span', 'rst-tl-seg rst-' + s);
      seg.style.width = pct[s] + '%';
      seg.title = s + ' ' + pct[s] + '%';
      seg.setAttribute('data-status', s);
      bar.appendChild(seg);
    });
    panel.appendChild(bar);
    var list = el('ol', 'rst-tl-list');
    if (!h.changes.length) list.appendChild(el('li', 'rst-none', 'No status change recorded.'));
    h.changes.forEach(function (c) {
      var li = el('li');
      li.setAttribute('data-role', 'change');
      li.setAttribute('data-to', c.toStatus);
      li.appendChild(el('time', 'rst-tl-time', new Date(c.at).toLocaleString()));
      li.appendChild(el('span', 'rst-chip ' + (c.fromStatus ? 'rst-' + c.fromStatus : 'rst-none'), c.fromStatus || 'new'));
      li.appendChild(document.createTextNode(' \u2192 '));
      li.appendChild(el('span', 'rst-chip rst-' + c.toStatus, c.toStatus));
      li.appendChild(el('span', 'rst-tl-value', 'value ' + c.value));
      list.appendChild(li);
    });
    panel.appendChild(list);
    return panel;
  }

  /** Asks the host page (which has the viewer's session) for a sample's timeline. */
  function requestTimeline(sample) { parent.postMessage({ type: 'refocus.lens.sampleHistory', sample: sample }, '*'); }

  lensEl.addEventListener('click', function (e) {
    var target = e.target;
    if (!target || !target.closest) return;
    if (target.closest('[data-role="timeline-close"]')) { selected = null; timeline = null; draw(); return; }
    var cell = target.closest('td[data-sample]');
    if (!cell) return;
    selected = cell.getAttribute('data-sample');
    timeline = null;
    draw();
    requestTimeline(selected);
  });
  lensEl.addEventListener('refocus.lens.sampleHistory', function (e) {
    var d = e.detail || {};
    if (!selected || String(d.sample).toLowerCase() !== selected) return;
    timeline = d;
    draw();
  });

  lensEl.addEventListener('refocus.lens.load', function () {
    lensEl.addEventListener('refocus.lens.hierarchyLoad', function (e) {
      nodes = {};
      var h = e.detail && e.detail.hierarchy ? e.detail.hierarchy : e.detail;
      root = key(h.absolutePath);
      addSubject(h, null);
      draw();
    });
  });
  lensEl.addEventListener('refocus.lens.realtime.change', function (e) {
    var again = false;
    var redraw = false;
    (e.detail || []).forEach(function (change) {
      if (!apply(change)) redraw = true;
      var p = change[Object.keys(change)[0]];
      var s = p && (p.new || p);
      if (selected && s && String(s.name || '').toLowerCase() === selected) again = true;
    });
    lastChange = new Date();
    // A sample change patches its cell in place (2,000 rows redrawn per batch would lag); rows or columns changing redraw.
    if (redraw) draw();
    else if (updatedEl) updatedEl.textContent = 'Last change ' + lastChange.toLocaleTimeString();
    if (again) requestTimeline(selected);
  });
})();`;
