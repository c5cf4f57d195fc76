/**
 * The lens frame, served at /lens-frame with `sandbox allow-scripts` in its CSP and loaded in an
 * `<iframe sandbox="allow-scripts">`: an opaque origin without cookies or access to the page.
 * The shim builds what lenses written for the original expect (#lens, #errorInfo, a no-op
 * window.ga), injects the library in key order with lens.js last, and dispatches load,
 * hierarchyLoad and the realtime batches the host page posts to it (LIVE.md §3).
 *
 * The host hands over bytes, not objects (docs/DECISIONS.md, perspective page): the hierarchy as
 * the UTF-8 its request answered and each batch of realtime events as one JSON array of the
 * feed's texts, both as transferred ArrayBuffers. The shim parses
 * them once, here, tracks the aspects and gives v1 lenses samples carrying full aspects, so a
 * lens sees the same objects as before.
 */
import { sandboxedFrameCsp } from '../live-page';
const SHIM_JS = String.raw`(function () {
  'use strict';
  window.ga = function () {};
  var lensEl = document.getElementById('lens');
  var PREFIX = 'refocus.internal.realtime.';
  var started = false, loaded = false, version = 1, aspects = {};
  function report(message) { parent.postMessage({ type: 'refocus.lens.error', message: String(message) }, '*'); }
  window.addEventListener('error', function (e) { report(e.message); });
  function runScript(text) {
    var s = document.createElement('script');
    s.text = text;
    document.head.appendChild(s);
  }
  function inject(library) {
    var names = Object.keys(library || {}).sort();
    var main = null;
    names.forEach(function (n) {
      var lower = n.toLowerCase(), content = library[n];
      if (lower === 'lens.js' || /\/lens\.js$/.test(lower)) { main = main || n; return; }
      if (/\.css$/.test(lower)) {
        var style = document.createElement('style');
        style.textContent = content;
        document.head.appendChild(style);
      } else if (/\.(png|jpe?g)$/.test(lower)) {
        var img = new Image();
        img.src = 'data:image/' + (/png$/.test(lower) ? 'png' : 'jpeg') + ';base64,' + content;
        img.hidden = true;
        img.setAttribute('data-lens-file', n);
        document.body.appendChild(img);
      } else if (/\.js$/.test(lower)) {
        runScript(content);
      }
    });
    if (main) runScript(library[main]);
  }
  function fire(type, detail) { lensEl.dispatchEvent(new CustomEvent(type, { detail: detail })); }

  function aspectKey(name) { return String(name).toLowerCase(); }
  function withFullAspect(sample) {
    var full = sample && sample.aspect && aspects[aspectKey(sample.aspect.name)];
    if (full) { sample.aspect = full; sample.aspectId = full.id; }
    return sample;
  }
  /** v1 lenses get samples carrying the full aspect tracked here; v2 lenses the payload as sent. */
  function forLens(key, payload) {
    if (version !== 1) return payload;
    if (key === 'sample.add' || key === 'sample.remove') return withFullAspect(payload);
    if (key === 'sample.update' && payload && payload.new) withFullAspect(payload.new);
    return payload;
  }
  function trackAspect(key, payload) {
    var a = key === 'aspect.update' ? payload && payload.new : payload;
    if (!a || !a.name) return;
    if (key === 'aspect.remove') delete aspects[aspectKey(a.name)];
    else aspects[aspectKey(a.name)] = a;
  }
  /** One batch from the host, [event, data as the feed sent it] pairs, as one lens event (aspect events are not for lenses). */
  function changes(batch) {
    var detail = [];
    batch.forEach(function (pair) {
      var key = pair[0], payload;
      try {
        var parsed = typeof pair[1] === 'string' ? JSON.parse(pair[1]) : pair[1];
        payload = parsed && Object.prototype.hasOwnProperty.call(parsed, PREFIX + key) ? parsed[PREFIX + key] : parsed;
      } catch (e) { return; }
      if (key.indexOf('aspect.') === 0) return trackAspect(key, payload);
      var item = {};
      item[key] = forLens(key, payload);
      detail.push(item);
    });
    if (detail.length) fire('refocus.lens.realtime.change', detail);
  }
  // Marks on the frame's performance timeline (received → parsed → the lens's hierarchyLoad handlers done), read by the bench.
  function mark(what) { if (window.performance && performance.mark) performance.mark('refocus.' + what); }
  function hierarchyLoad(bytes) {
    mark('hierarchy.arrived');
    var data = JSON.parse(new TextDecoder().decode(bytes));
    mark('hierarchy.parsed');
    (data.aspects || []).forEach(function (a) { aspects[aspectKey(a.name)] = a; });
    fire('refocus.lens.hierarchyLoad', version === 2 ? { hierarchy: data.hierarchy, aspects: data.aspects } : data.hierarchy);
    mark('hierarchy.handled');
  }

  window.addEventListener('message', function (e) {
    if (e.source !== parent || !e.data) return;
    var m = e.data;
    if (m.type === 'refocus.lens.init' && !started) {
      started = true;
      version = m.version === 2 ? 2 : 1;
      inject(m.library);
      fire('refocus.lens.load', { userId: m.userId });
    } else if (m.type === 'refocus.lens.hierarchy' && started && !loaded && m.json instanceof ArrayBuffer) {
      loaded = true;
      hierarchyLoad(m.json);
    } else if (m.type === 'refocus.lens.changes' && loaded && m.changes instanceof ArrayBuffer) {
      var batch;
      try { batch = JSON.parse(new TextDecoder().decode(m.changes)); } catch (err) { return report('a batch of changes could not be read'); }
      changes(batch);
    } else if (m.type === 'refocus.lens.sampleHistory' && loaded) {
      fire('refocus.lens.sampleHistory', { sample: m.sample, history: m.history, error: m.error });
    }
  });
  parent.postMessage({ type: 'refocus.lens.ready' }, '*');
})();`;

/** The frame's document: nothing from the request is reflected in it. */
export const LENS_FRAME_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lens</title>
<style>html, body { margin: 0; padding: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }</style>
</head>
<body>
<div id="errorInfo"></div>
<div id="lens"></div>
<script>${SHIM_JS}</script>
</body>
</html>`;

/** The frame's CSP: no network requests at all (the host page hands it the data). */
export const LENS_FRAME_CSP = sandboxedFrameCsp("'none'");
