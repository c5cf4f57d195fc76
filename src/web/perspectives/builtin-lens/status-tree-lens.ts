/**
 * The built-in lens "RefocusStatusTree" (lens event API v1): a status table of the subtree, one
 * row per subject (indented), one column per aspect, the worst status rolled up to every parent,
 * counts per status and the time of the last change. It writes every name with textContent,
 * never as HTML.
 *
 * Fast with thousands of rows (docs/PERFORMANCE.md, perspective page): the rows are grid rows of
 * fixed column widths in blocks with `content-visibility: auto`, so the browser lays out and
 * paints only the blocks on screen; a batch of realtime changes patches the changed cells, then
 * the worst status of their rows and ancestors and the counts once. Only subjects or aspects
 * coming or going redraw the table. It asks the page for a batch every 250 ms (lens.json).
 */
export const STATUS_TREE_LENS_VERSION = '1.3.0';

export const STATUS_TREE_LENS_JSON = JSON.stringify({
  name: 'RefocusStatusTree',
  description: 'Built-in: the status of every subject and aspect of the perspective, live.',
  version: STATUS_TREE_LENS_VERSION,
  lensEventApiVersion: 1,
  realtimeEventThrottleMs: 250,
});

export const STATUS_TREE_LENS_CSS = `
.rst { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2333; padding: 12px; }
.rst-summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.rst-chip { border-radius: 999px; padding: 2px 10px; font-weight: 600; font-size: 13px; }
.rst-chip[hidden] { display: none; }
.rst-updated { color: #5b6478; font-size: 13px; margin-left: auto; }
.rst-row { display: grid; grid-template-columns: var(--rst-cols); }
.rst-block { content-visibility: auto; }
.rst-c { border-bottom: 1px solid #e4e7ef; padding: 4px 8px; line-height: 20px; height: 20px; text-align: left; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.rst-head { position: sticky; top: 0; z-index: 1; }
.rst-head .rst-c { background: #f4f6fb; font-size: 12px; font-weight: 600; color: #5b6478; }
.rst-subject { font-weight: 600; }
.rst-cell { text-align: center; border-radius: 4px; }
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
  var BLOCK = 50; // rows per block: the unit the browser skips while off screen
  var ROW_PX = 29; // .rst-c: 20 + 2 × 4 + 1
  var lensEl = document.getElementById('lens');
  var nodes = {};
  var root = null;
  var lastChange = null;
  var columns = []; // the aspects drawn, as keys
  var counts = {}; // per status, and the chips that show them
  var chips = {};
  var updatedEl = null;
  var box = null;
  var dirty = {}; // rows whose worst status a batch changed
  var selected = null; // the clicked sample (lower-cased name) and its timeline, kept across redraws
  var timeline = null;
  var panel = null;

  function key(path) { return String(path).toLowerCase(); }
  function rank(status) { var i = ORDER.indexOf(status); return i < 0 ? ORDER.length : i; }
  function worse(a, b) { return rank(a) <= rank(b) ? a : b; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addSubject(s, parentKey, depth) {
    var node = { path: s.absolutePath, name: s.name, parent: parentKey, depth: depth, children: [], samples: {} };
    nodes[key(s.absolutePath)] = node;
    (s.samples || []).forEach(function (sample) { putSample(sample); });
    (s.children || []).forEach(function (c) { node.children.push(key(c.absolutePath)); addSubject(c, key(s.absolutePath), depth + 1); });
    return node;
  }

  function sampleParts(sample) {
    var name = String(sample.name || '');
    var bar = name.lastIndexOf('|');
    var path = sample.absolutePath || (sample.subject && sample.subject.absolutePath) || name.slice(0, bar);
    var aspect = (sample.aspect && sample.aspect.name) || name.slice(bar + 1);
    return { path: path, aspect: aspect };
  }

  /** Records a sample and patches its cell; false when only a redraw can show it (no row or no column for it). */
  function putSample(sample) {
    var p = sampleParts(sample);
    var node = nodes[key(p.path)];
    if (!node) return true;
    var aspectKey = key(p.aspect);
    var old = node.samples[aspectKey];
    var sm = { aspect: p.aspect, status: sample.status, value: sample.value, name: sample.name };
    node.samples[aspectKey] = sm;
    return patch(node, aspectKey, old, sm);
  }

  function removeSample(sample) {
    var p = sampleParts(sample);
    var node = nodes[key(p.path)];
    var old = node && node.samples[key(p.aspect)];
    if (!old) return true;
    delete node.samples[key(p.aspect)];
    return patch(node, key(p.aspect), old, undefined);
  }

  function patch(node, aspectKey, old, sm) {
    var cell = node.cells && node.cells[aspectKey];
    if (!cell) return false;
    if (old) counts[old.status] = (counts[old.status] || 1) - 1;
    if (sm) counts[sm.status] = (counts[sm.status] || 0) + 1;
    fillCell(cell, sm);
    dirty[key(node.path)] = node;
    return true;
  }

  function fillCell(cell, sm) {
    if (!sm) {
      cell.className = 'rst-c rst-empty';
      cell.textContent = '\u00b7';
      ['data-sample', 'data-status', 'data-selected', 'title'].forEach(function (a) { cell.removeAttribute(a); });
      return;
    }
    var name = String(sm.name).toLowerCase();
    if (cell.getAttribute('data-status') !== sm.status) {
      cell.className = 'rst-c rst-cell rst-' + sm.status;
      cell.textContent = sm.status;
      cell.setAttribute('data-status', sm.status);
    }
    if (cell.getAttribute('data-sample') !== name) cell.setAttribute('data-sample', name);
    cell.title = sm.name + ' = ' + sm.value + ' (click for its history)';
    if (name === selected) cell.setAttribute('data-selected', 'true');
  }

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

  /** After a batch of patches: the worst status of the changed rows and their ancestors (deepest first), the counts, once. */
  function settle() {
    var list = [];
    var seen = {};
    Object.keys(dirty).forEach(function (k) {
      for (var n = dirty[k]; n && !seen[key(n.path)]; n = nodes[n.parent]) {
        seen[key(n.path)] = true;
        list.push(n);
      }
    });
    dirty = {};
    list.sort(function (a, b) { return b.depth - a.depth; }).forEach(function (n) {
      var w = ownWorst(n);
      if (w !== n.worst) setWorst(n, w);
    });
    showCounts();
  }

  function showCounts() {
    ORDER.forEach(function (s) {
      var text = s + ' ' + (counts[s] || 0);
      if (chips[s].textContent !== text) chips[s].textContent = text;
      chips[s].hidden = !counts[s];
    });
  }

  function removeSubject(path) {
    var node = nodes[key(path)];
    if (!node) return true;
    node.children.slice().forEach(removeSubject);
    var parent = nodes[node.parent];
    if (parent) parent.children = parent.children.filter(function (c) { return c !== key(path); });
    delete nodes[key(path)];
    return false;
  }

  function addLiveSubject(s) {
    var path = String(s.absolutePath || '');
    var parentKey = key(path.slice(0, path.lastIndexOf('.')));
    var parent = nodes[parentKey];
    if (!parent || nodes[key(path)]) return true;
    parent.children.push(key(path));
    addSubject(s, parentKey, parent.depth + 1);
    return false;
  }

  /** Applies one change to the model (and its cell when it has one); false when the table must be redrawn. */
  function apply(change) {
    var type = Object.keys(change)[0];
    var payload = change[type];
    if (!payload) return true;
    if (type === 'sample.add') return putSample(payload);
    if (type === 'sample.update') return putSample(payload.new || payload);
    if (type === 'sample.remove') return removeSample(payload);
    if (type === 'subject.add') return addLiveSubject(payload);
    if (type === 'subject.remove') return removeSubject(payload.absolutePath);
    if (type === 'subject.update') {
      var s = payload.new || payload;
      var node = nodes[key(s.absolutePath)];
      if (!node || node.name === s.name) return true;
      node.name = s.name;
      return false;
    }
    return true;
  }

  /** Rolls up the worst status of every subtree; returns the list of rows in tree order. */
  function walk(k, rows) {
    var node = nodes[k];
    if (!node) return undefined;
    rows.push(node);
    var w;
    Object.keys(node.samples).forEach(function (a) { w = w ? worse(w, node.samples[a].status) : node.samples[a].status; });
    node.children.slice().sort(function (a, b) { return nodes[a] && nodes[b] ? nodes[a].name.localeCompare(nodes[b].name) : 0; })
      .forEach(function (c) {
        var cw = walk(c, rows);
        if (cw) w = w ? worse(w, cw) : cw;
      });
    node.worst = w;
    return w;
  }

  function draw() {
    if (!root) return;
    var rows = [];
    walk(root, rows);
    var aspects = {};
    var nameWidth = 160;
    counts = {};
    dirty = {};
    rows.forEach(function (node) {
      nameWidth = Math.max(nameWidth, 40 + (node.depth - rows[0].depth) * 18 + String(node.name).length * 8);
      Object.keys(node.samples).forEach(function (a) {
        var sm = node.samples[a];
        aspects[a] = sm.aspect;
        counts[sm.status] = (counts[sm.status] || 0) + 1;
      });
    });
    columns = Object.keys(aspects).sort();
    box = el('div', 'rst');
    var summary = el('div', 'rst-summary');
    summary.setAttribute('data-role', 'summary');
    chips = {};
    ORDER.forEach(function (s) {
      var chip = el('span', 'rst-chip rst-' + s);
      chip.setAttribute('data-count', s);
      chips[s] = chip;
      summary.appendChild(chip);
    });
    showCounts();
    if (!columns.length) summary.appendChild(el('span', 'rst-none', 'No samples yet.'));
    updatedEl = el('span', 'rst-updated', lastChange ? 'Last change ' + lastChange.toLocaleTimeString() : 'Loaded ' + new Date().toLocaleTimeString());
    summary.appendChild(updatedEl);
    box.appendChild(summary);
    var grid = el('div', 'rst-grid');
    grid.setAttribute('role', 'table');
    grid.style.setProperty('--rst-cols', Math.min(nameWidth, 480) + 'px' + (columns.length ? ' repeat(' + columns.length + ', minmax(4.5rem, 1fr))' : ''));
    var head = el('div', 'rst-row rst-head');
    head.setAttribute('role', 'row');
    head.appendChild(el('div', 'rst-c', 'Subject'));
    columns.forEach(function (a) { head.appendChild(el('div', 'rst-c', aspects[a])); });
    head.childNodes.forEach(function (c) { c.setAttribute('role', 'columnheader'); c.title = c.textContent; });
    grid.appendChild(head);
    for (var i = 0; i < rows.length; i += BLOCK) {
      var block = el('div', 'rst-block');
      block.setAttribute('role', 'rowgroup');
      block.style.containIntrinsicSize = 'auto ' + Math.min(BLOCK, rows.length - i) * ROW_PX + 'px';
      rows.slice(i, i + BLOCK).forEach(function (node) { block.appendChild(row(node, node.depth - rows[0].depth)); });
      grid.appendChild(block);
    }
    box.appendChild(grid);
    panel = selected ? timelinePanel() : null;
    if (panel) box.appendChild(panel);
    lensEl.textContent = '';
    lensEl.appendChild(box);
  }

  function row(node, depth) {
    var tr = el('div', 'rst-row');
    tr.setAttribute('role', 'row');
    tr.setAttribute('data-subject', node.path);
    var name = el('div', 'rst-c rst-subject');
    name.setAttribute('role', 'rowheader');
    name.style.paddingLeft = (8 + depth * 18) + 'px';
    name.title = node.path;
    node.dot = el('span');
    node.nameCell = name;
    name.appendChild(node.dot);
    name.appendChild(document.createTextNode(node.name));
    setWorst(node, node.worst);
    tr.appendChild(name);
    node.cells = {};
    columns.forEach(function (a) {
      var sm = node.samples[a];
      var cell = protoCell(sm && sm.status).cloneNode(true);
      if (sm) {
        var sample = String(sm.name).toLowerCase();
        cell.setAttribute('data-sample', sample);
        cell.title = sm.name + ' = ' + sm.value + ' (click for its history)';
        if (sample === selected) cell.setAttribute('data-selected', 'true');
      }
      node.cells[a] = cell;
      tr.appendChild(cell);
    });
    return tr;
  }

  var protos = {};
  /** A cell of that status (or an empty one) to copy: cloning is cheaper than building 20,000 cells one attribute at a time. */
  function protoCell(status) {
    var k = status ? 's' + status : '';
    if (!protos[k]) {
      protos[k] = el('div', 'rst-c');
      protos[k].setAttribute('role', 'cell');
      fillCell(protos[k], status ? { status: status, name: '', value: '' } : undefined);
      protos[k].removeAttribute('title');
      protos[k].removeAttribute('data-sample');
    }
    return protos[k];
  }

  /** Shows the selected sample's timeline panel (or none) without redrawing the table. */
  function showPanel() {
    var next = selected ? timelinePanel() : null;
    if (panel) panel.parentNode.removeChild(panel);
    panel = next;
    if (panel && box) box.appendChild(panel);
  }

  function cellOf(sampleKey) {
    var bar = sampleKey.lastIndexOf('|');
    var node = nodes[sampleKey.slice(0, bar)];
    return node && node.cells && node.cells[sampleKey.slice(bar + 1)];
  }

  function select(sampleKey) {
    var old = selected && cellOf(selected);
    if (old) old.removeAttribute('data-selected');
    selected = sampleKey;
    timeline = null;
    var cell = selected && cellOf(selected);
    if (cell) cell.setAttribute('data-selected', 'true');
    showPanel();
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
    if (target.closest('[data-role="timeline-close"]')) { select(null); return; }
    var cell = target.closest('.rst-cell[data-sample]');
    if (!cell) return;
    select(cell.getAttribute('data-sample'));
    requestTimeline(selected);
  });
  lensEl.addEventListener('refocus.lens.sampleHistory', function (e) {
    var d = e.detail || {};
    if (!selected || String(d.sample).toLowerCase() !== selected) return;
    timeline = d;
    showPanel();
  });

  lensEl.addEventListener('refocus.lens.load', function () {
    lensEl.addEventListener('refocus.lens.hierarchyLoad', function (e) {
      nodes = {};
      var h = e.detail && e.detail.hierarchy ? e.detail.hierarchy : e.detail;
      root = key(h.absolutePath);
      addSubject(h, null, String(h.absolutePath).split('.').length);
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
    // Sample changes patched their cells; subjects or aspects coming or going redraw the table.
    if (redraw) draw();
    else settle();
    if (updatedEl) updatedEl.textContent = 'Last change ' + lastChange.toLocaleTimeString();
    if (again) requestTimeline(selected);
  });
})();`;
