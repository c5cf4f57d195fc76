/**
 * The host page's script, served as /assets/perspective-page.js. It loads the hierarchy and the
 * lens with the viewer's session, subscribes to the realtime feed (LIVE.md §1), and feeds the
 * sandboxed lens frame by postMessage: batches of changes every `data-throttle` ms, v1 payloads
 * with full aspects. After a reconnect or a resync it rebuilds the frame from a fresh hierarchy.
 * Plain ES5 so that it runs as is in any browser.
 */
export const PERSPECTIVE_PAGE_JS = String.raw`(function () {
  'use strict';
  var holder = document.getElementById('perspective');
  if (!holder) return;
  var name = holder.getAttribute('data-name');
  var throttle = Number(holder.getAttribute('data-throttle')) || 0;
  var userId = holder.getAttribute('data-user');
  var base = '/perspectives/' + encodeURIComponent(name);
  var stateEl = document.getElementById('live-state');
  var stateText = document.getElementById('live-text');
  var lastEl = document.getElementById('last-event');
  var errorEl = document.getElementById('page-error');
  var PREFIX = 'refocus.internal.realtime.';
  var EVENTS = ['sample.add', 'sample.update', 'sample.remove', 'sample.nochange', 'subject.add', 'subject.update',
    'subject.remove', 'aspect.add', 'aspect.update', 'aspect.remove'];
  var frame = null, ready = false, pendingInit = null, lens = null, version = 1, aspects = {};
  var queue = [], timer = null, lastFlush = 0, generation = 0, loaded = false;

  function setState(state, text) { stateEl.setAttribute('data-state', state); stateText.textContent = text; }
  function showError(message) { errorEl.textContent = message || ''; errorEl.hidden = !message; }
  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body && body.errors && body.errors[0] ? body.errors[0].message : 'HTTP ' + res.status);
        return body;
      });
    });
  }
  function loadLens() {
    if (lens) return Promise.resolve(lens);
    return getJson(base + '/lens').then(function (l) { lens = l; version = l.lensEventApiVersion === 2 ? 2 : 1; return l; });
  }

  var rebuilding = false, rebuildAgain = false;
  /**
   * A new frame from a fresh hierarchy: lenses expect one load and one hierarchyLoad per page.
   * One rebuild at a time; requests meanwhile (reconnects, resyncs) make one more afterwards.
   */
  function rebuild() {
    if (rebuilding) { rebuildAgain = true; return; }
    rebuilding = true;
    rebuildAgain = false;
    var gen = ++generation;
    queue = [];
    Promise.all([loadLens(), getJson(base + '/hierarchy')]).then(function (r) {
      if (gen !== generation) return;
      aspects = {};
      r[1].aspects.forEach(function (a) { aspects[String(a.name).toLowerCase()] = a; });
      showError('');
      loaded = true;
      mount({ type: 'refocus.lens.init', library: r[0].library, version: version, userId: userId,
        hierarchy: r[1].hierarchy, aspects: r[1].aspects });
    }).catch(function (e) {
      if (gen === generation) showError('The perspective could not be loaded: ' + e.message);
    }).then(function () {
      rebuilding = false;
      if (rebuildAgain) rebuild();
    });
  }

  function mount(init) {
    if (frame) frame.parentNode.removeChild(frame);
    ready = false;
    pendingInit = init;
    frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('title', 'Lens: ' + name);
    frame.id = 'lens-frame';
    frame.src = '/lens-frame' + location.search;
    holder.appendChild(frame);
  }

  window.addEventListener('message', function (e) {
    if (!frame || e.source !== frame.contentWindow || !e.data) return;
    if (e.data.type === 'refocus.lens.ready' && pendingInit) {
      frame.contentWindow.postMessage(pendingInit, '*');
      pendingInit = null;
      ready = true;
      flush();
    } else if (e.data.type === 'refocus.lens.error') {
      showError('The lens reported an error: ' + String(e.data.message).slice(0, 300));
    } else if (e.data.type === 'refocus.lens.sampleHistory' && typeof e.data.sample === 'string') {
      sampleHistory(e.data.sample); // a lens asks for a sample's timeline (issue 18)
    }
  });

  /** Fetches a sample's recent timeline with the viewer's session and hands it to the lens frame. */
  function sampleHistory(sample) {
    var target = frame;
    var reply = function (m) { if (frame === target) target.contentWindow.postMessage(m, '*'); };
    getJson(base + '/sample-history?sample=' + encodeURIComponent(sample.slice(0, 5000))).then(
      function (h) { reply({ type: 'refocus.lens.sampleHistory', sample: sample, history: h }); },
      function (err) { reply({ type: 'refocus.lens.sampleHistory', sample: sample, error: err.message }); });
  }

  function flush() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (!ready || !queue.length) return;
    lastFlush = Date.now();
    var batch = queue;
    queue = [];
    frame.contentWindow.postMessage({ type: 'refocus.lens.changes', changes: batch }, '*');
  }

  function withFullAspect(sample) {
    var full = sample && sample.aspect && aspects[String(sample.aspect.name).toLowerCase()];
    if (full) { sample.aspect = full; sample.aspectId = full.id; }
    return sample;
  }

  /** v1 lenses get samples carrying the full aspect the page tracks; v2 lenses the payload as sent. */
  function forLens(key, payload) {
    if (version !== 1) return payload;
    if (key === 'sample.add' || key === 'sample.remove') return withFullAspect(payload);
    if (key === 'sample.update' && payload && payload.new) withFullAspect(payload.new);
    return payload;
  }

  function trackAspect(key, payload) {
    var a = key === 'aspect.update' ? payload && payload.new : payload;
    if (!a || !a.name) return;
    if (key === 'aspect.remove') delete aspects[String(a.name).toLowerCase()];
    else aspects[String(a.name).toLowerCase()] = a;
  }

  function onEvent(key, raw) {
    var payload;
    try {
      var parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
      payload = parsed && Object.prototype.hasOwnProperty.call(parsed, PREFIX + key) ? parsed[PREFIX + key] : parsed;
    } catch (e) { return; }
    lastEl.textContent = 'last event ' + new Date().toLocaleTimeString();
    if (key.indexOf('aspect.') === 0) return trackAspect(key, payload);
    var item = {};
    item[key] = forLens(key, payload);
    queue.push(item);
    // At most one dispatch per interval, the first one at once (what arrives in the same task goes together).
    if (throttle === 0) flush();
    else if (!timer) timer = setTimeout(flush, Math.max(0, lastFlush + throttle - Date.now()));
  }

  if (typeof io !== 'function') {
    setState('offline', 'Offline');
    rebuild();
    return;
  }
  // One socket and one set of handlers for the life of the page; socket.io reconnects it.
  var socket = io('/perspectives', { query: { p: name }, transports: ['websocket', 'polling'] });
  EVENTS.forEach(function (key) { socket.on(PREFIX + key, function (data) { onEvent(key, data); }); });
  socket.on(PREFIX + 'resync', function () { rebuild(); });
  socket.on('connect', function () { setState('live', 'Live'); rebuild(); });
  socket.on('disconnect', function (reason) {
    setState('reconnecting', 'Reconnecting…');
    if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 2000);
  });
  socket.on('connect_error', function (err) {
    var message = err && err.message;
    if (message === 'Unauthorized') { setState('offline', 'Offline'); showError('Your session has ended. Sign in again to see live changes.'); return; }
    if (message === 'Perspective not found') { setState('offline', 'Offline'); showError('This perspective no longer exists.'); return; }
    setState(navigator.onLine === false ? 'offline' : 'reconnecting', navigator.onLine === false ? 'Offline' : 'Reconnecting…');
    if (!socket.active) setTimeout(function () { socket.connect(); }, 3000);
  });
  window.addEventListener('offline', function () { setState('offline', 'Offline'); });
  // Without a feed (yet), draw what there is after a moment; a later connect redraws it live.
  setTimeout(function () { if (!loaded && !socket.connected) rebuild(); }, 1500);
})();
`;
