/**
 * A bot UI in the room page, served at /rooms/{id}/bots/{bot}/frame with `sandbox allow-scripts`
 * in its CSP and loaded in an `<iframe sandbox="allow-scripts">`: an opaque origin, so no viewer
 * cookie and no access to the page. What the original's bot UIs expect is given to it: a global
 * `user` (the viewer's record as JSON text), `window.userSession` (a short-lived token scoped to
 * this room, for the browser BDK), and CustomEvents on the element named after the bot, which
 * the shim dispatches from the page's postMessages (BOTS.md, the room page).
 */
import { sandboxedFrameCsp } from '../live-page';
const SHIM_JS = String.raw`(function () {
  'use strict';
  window.addEventListener('message', function (e) {
    if (e.source !== parent || !e.data || e.data.type !== 'refocus.room.event') return;
    var el = document.getElementById(window.__refocusBot);
    if (el) el.dispatchEvent(new CustomEvent(e.data.name, { detail: e.data.detail }));
  });
})();`;

/** JSON for inside a `<script>`: no `</script>`, no `<!--`, no line separators can break out. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text for inside a `<script>` or `<style>` element: its closing tag cannot appear. */
function rawText(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);
}

/** What the frame is built from. */
export interface BotFrameInput {
  botName: string;
  files: Map<string, Buffer>;
  user: { id: string; name: string; email: string };
  token: string;
}

/**
 * The frame's document: the zip's index.html body (its own `<script src>` tags dropped, since
 * the zip's files are inlined: styles first, scripts after the markup in path order).
 */
export function botFrameHtml(input: BotFrameInput): string {
  const paths = [...input.files.keys()].sort();
  const index = input.files.get(paths.find((p) => /(^|\/)index\.html$/i.test(p)) ?? '')?.toString('utf8') ?? '';
  const body = (/<body[^>]*>([\s\S]*)<\/body>/i.exec(index)?.[1] ?? index).replace(/<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi, '');
  const styles = paths.filter((p) => /\.css$/i.test(p)).map((p) => `<style>${rawText(input.files.get(p)!.toString('utf8'), 'style')}</style>`);
  const scripts = paths.filter((p) => /\.js$/i.test(p)).map((p) => `<script>${rawText(input.files.get(p)!.toString('utf8'), 'script')}</script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.botName.replace(/[<&"]/g, '')}</title>
<script>
window.__refocusBot = ${scriptJson(input.botName)};
var user = ${scriptJson(JSON.stringify(input.user))};
window.userSession = ${scriptJson(input.token)};
${SHIM_JS}
</script>
${styles.join('\n')}
</head>
<body>
${body}
${scripts.join('\n')}
</body>
</html>`;
}

/** The frame's CSP: network requests only to this API (`origin`), which answers them when CORS_ROUTES lists the bot routes. */
export function botFrameCsp(origin: string): string {
  return sandboxedFrameCsp(origin);
}
