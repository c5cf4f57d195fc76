/**
 * The host page's script, served as /assets/perspective-page.js. It loads the lens and the
 * hierarchy with the viewer's session, subscribes to the realtime feed (LIVE.md §1), and feeds the
 * sandboxed lens frame by postMessage: the lens's library (its `load` event fires while the
 * hierarchy is still on its way), the hierarchy as the UTF-8 bytes it arrived as, then batches of
 * realtime events every `data-throttle` ms (or the interval the lens's lens.json asks for), each
 * event as the feed sent it, joined into one JSON array; both go as transferred ArrayBuffers and
 * the frame's shim parses them (lens-frame.ts). The hierarchy is requested once the feed is
 * subscribed, so no change falls between the two. After a reconnect or a resync
 * the page rebuilds the frame from a fresh hierarchy. Plain ES5 so that it runs as is in any browser.
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
  // The frame of this generation: whether its shim is ready, has the library, and has had its hierarchy.
  var frame = null, ready = false, initPosted = false, delivered = false, json = null;
  var lens = null, lensLoading = null;
  var queue = [], timer = null, lastFlush = 0, generation = 0, loaded = false;
  var encoder = new TextEncoder();

  // Marks on the page's performance timeline (navigation → feed connected → hierarchy answered → handed to the frame), read by bench/perspective-page.bench.ts.
  function mark(what) { if (window.performance && performance.mark) performance.mark('refocus.' + what); }
  function setState(state, text) { stateEl.setAttribute('data-state', state); stateText.textContent = text; }
  function showError(message) { errorEl.textContent = message || ''; errorEl.hidden = !message; }
  function request(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (res.ok) return res;
      return res.json().then(function (body) {
        throw new Error(body && body.errors && body.errors[0] ? body.errors[0].message : 'HTTP ' + res.status);
      }, function () { throw new Error('HTTP ' + res.status); });
    });
  }
  function getJson(url) { return request(url).then(function (res) { return res.json(); }); }
  function loadLens() {
    lensLoading = lensLoading || getJson(base + '/lens').then(function (l) {
      lens = l;
      // A lens may ask for its own interval between batches in its lens.json (the built-in lens does).
      var own = l.realtimeEventThrottleMs;
      if (typeof own === 'number' && own >= 0) throttle = own;
      deliver();
      return l;
    }, function (e) {
      lensLoading = null;
      showError('The lens could not be loaded: ' + e.message);
    });
    return lensLoading;
  }

  /** A new lens frame: lenses expect one load and one hierarchyLoad per page. */
  function mount() {
    if (frame) frame.parentNode.removeChild(frame);
    ready = initPosted = delivered = false;
    frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('title', 'Lens: ' + name);
    frame.id = 'lens-frame';
    frame.src = '/lens-frame' + location.search;
    holder.appendChild(frame);
  }

  /** Hands the frame what it can take now: the library (then load), the hierarchy (then hierarchyLoad), waiting changes. */
  function deliver() {
    if (!ready || !lens) return;
    if (!initPosted) {
      initPosted = true;
      frame.contentWindow.postMessage({ type: 'refocus.lens.init', library: lens.library, version: lens.lensEventApiVersion === 2 ? 2 : 1, userId: userId }, '*');
    }
    if (json !== null && !delivered) {
      delivered = true;
      mark('hierarchy.posted');
      // The bytes as they arrived, transferred: no text decoding here and no string to clone into the frame's process.
      frame.contentWindow.postMessage({ type: 'refocus.lens.hierarchy', json: json }, '*', [json]);
      json = null;
      flush();
    }
  }

  var rebuilding = false, rebuildAgain = false;
  /**
   * The lens from a fresh hierarchy, in a new frame unless this one has not had one yet. One
   * rebuild at a time; requests meanwhile (reconnects, resyncs) make one more afterwards.
   */
  function rebuild() {
    if (rebuilding) { rebuildAgain = true; return; }
    rebuilding = true;
    rebuildAgain = false;
    var gen = ++generation;
    queue = [];
    json = null;
    if (!frame || delivered) mount();
    loadLens();
    request(base + '/hierarchy').then(function (res) { return res.arrayBuffer(); }).then(function (bytes) {
      if (gen !== generation) return;
      mark('hierarchy.received');
      showError('');
      loaded = true;
      json = bytes;
      deliver();
    }).catch(function (e) {
      if (gen === generation) showError('The perspective could not be loaded: ' + e.message);
    }).then(function () {
      rebuilding = false;
      if (rebuildAgain) rebuild();
    });
  }

  window.addEventListener('message', function (e) {
    if (!frame || e.source !== frame.contentWindow || !e.data) return;
    if (e.data.type === 'refocus.lens.ready') {
      ready = true;
      deliver();
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
    if (!delivered || !queue.length) return;
    lastFlush = Date.now();
    var batch = queue;
    queue = [];
    // One JSON array of [event, payload] as UTF-8 bytes, transferred: cloning thousands of strings
    // into the frame's process cost the frame more than parsing them once (docs/DECISIONS.md).
    var parts = batch.map(function (pair) {
      var data = pair[1];
      return '["' + pair[0] + '",' + (typeof data === 'string' ? data : JSON.stringify(data === undefined ? null : data)) + ']';
    });
    var bytes = encoder.encode('[' + parts.join(',') + ']').buffer;
    frame.contentWindow.postMessage({ type: 'refocus.lens.changes', changes: bytes }, '*', [bytes]);
  }

  var lastEventAt = 0, lastShownAt = 0, showTimer = null;
  /** The time of the last event, written at most twice a second (formatting a time per event is dear at thousands a second). */
  function showLastEvent() {
    lastShownAt = lastEventAt;
    lastEl.textContent = 'last event ' + new Date(lastEventAt).toLocaleTimeString();
    showTimer = setTimeout(function () {
      showTimer = null;
      if (lastEventAt !== lastShownAt) showLastEvent();
    }, 500);
  }

  /** Queues the event as the feed sent it (the frame parses it); at most one batch per interval, the first one at once. */
  function onEvent(key, data) {
    lastEventAt = Date.now();
    if (!showTimer) showLastEvent();
    queue.push([key, data]);
    if (throttle === 0) flush();
    else if (!timer) timer = setTimeout(flush, Math.max(0, lastFlush + throttle - Date.now()));
  }

  mount();
  loadLens();
  if (typeof io !== 'function') {
    setState('offline', 'Offline');
    rebuild();
    return;
  }
  // One socket and one set of handlers for the life of the page; socket.io reconnects it.
  var socket = io('/perspectives', { query: { p: name }, transports: ['websocket', 'polling'] });
  EVENTS.forEach(function (key) { socket.on(PREFIX + key, function (data) { onEvent(key, data); }); });
  socket.on(PREFIX + 'resync', function () { rebuild(); });
  socket.on('connect', function () { mark('feed.connected'); setState('live', 'Live'); rebuild(); });
  socket.on('disconnect', function (reason) {
    setState('reconnecting', 'Reconnecting…');
    if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 2000);
  });
  socket.on('connect_error', function (err) {
    var message = err && err.message;
    if (message === 'Unauthorized') { setState('offline', 'Offline'); showError('Your session has ended. Sign in again to see live changes.'); return; }
    if (message === 'Perspective not found') { setState('offline', 'Offline'); showError('This perspective no longer exists.'); return; }
    setState(navigator.onLine === false ? 'offline' : 'reconnecting', navigator.onLine === false ? 'Offline' : 'Reconnecting…');
    if (!loaded && !rebuilding) rebuild();
    if (!socket.active) setTimeout(function () { socket.connect(); }, 3000);
  });
  window.addEventListener('offline', function () { setState('offline', 'Offline'); });
  // Without a feed, draw what there is: once the feed fails, or after a while without it (a busy
  // machine can take seconds to connect, and each load of a large hierarchy is dear); a later
  // connect redraws it live.
  setTimeout(function () { if (!loaded && !socket.connected) rebuild(); }, 5000);
})();
`;
