/**
 * The lens frame, served at /lens-frame with `sandbox allow-scripts` in its CSP and loaded in an
 * `<iframe sandbox="allow-scripts">`: an opaque origin without cookies or access to the page.
 * The shim builds what lenses written for the original expect (#lens, #errorInfo, a no-op
 * window.ga), injects the library in key order with lens.js last, and dispatches load,
 * hierarchyLoad and the realtime batches the host page posts to it (LIVE.md §3).
 */
import { sandboxedFrameCsp } from '../live-page';
const SHIM_JS = String.raw`(function () {
  'use strict';
  window.ga = function () {};
  var lensEl = document.getElementById('lens');
  var started = false;
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
  window.addEventListener('message', function (e) {
    if (e.source !== parent || !e.data) return;
    var m = e.data;
    if (m.type === 'refocus.lens.init' && !started) {
      started = true;
      inject(m.library);
      fire('refocus.lens.load', { userId: m.userId });
      fire('refocus.lens.hierarchyLoad', m.version === 2 ? { hierarchy: m.hierarchy, aspects: m.aspects } : m.hierarchy);
    } else if (m.type === 'refocus.lens.changes' && started) {
      fire('refocus.lens.realtime.change', m.changes);
    } else if (m.type === 'refocus.lens.sampleHistory' && started) {
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
