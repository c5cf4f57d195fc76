import { UNIT_SECONDS } from '../common/duration';
import type { TokenRecord } from '../tokens/token.presenter';
import { Html, html } from './html';

/** What every page needs: who is signed in, the CSRF token for forms, the CSP nonce. */
export interface PageContext {
  nonce: string;
  csrf?: string;
  userName?: string;
}

const STYLE = `
:root { color-scheme: light dark; --bg:#f4f6fb; --card:#fff; --ink:#1c2333; --muted:#5b6478; --line:#d9dee9;
  --brand:#2f5bea; --brand-ink:#fff; --bad:#b42318; --bad-bg:#fdecea; --ok:#067647; --ok-bg:#e7f6ee; --warn-bg:#fff6e0; --warn:#8a5a00; }
@media (prefers-color-scheme: dark) { :root { --bg:#10141f; --card:#181e2c; --ink:#e8ebf3; --muted:#a3abbd; --line:#2c3447;
  --brand:#7d9bff; --brand-ink:#0b1020; --bad:#ffb4a8; --bad-bg:#3a1d1a; --ok:#8ee0b3; --ok-bg:#12301f; --warn-bg:#3a2e10; --warn:#ffd479; } }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
header { display:flex; align-items:center; justify-content:space-between; padding: .75rem 1.5rem; background: var(--card); border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; letter-spacing: .02em; color: var(--ink); text-decoration: none; }
header nav { display:flex; gap: 1rem; align-items:center; }
header nav a { color: var(--brand); }
main { max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1.5rem; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.narrow { max-width: 26rem; margin-left:auto; margin-right:auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
label { display:block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], select { width: 100%; padding: .6rem .7rem; font: inherit; color: inherit; background: transparent;
  border: 1px solid var(--line); border-radius: 8px; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; }
button, .button { display:inline-block; font: inherit; font-weight: 600; padding: .55rem 1rem; border-radius: 8px; border: 1px solid var(--brand);
  background: var(--brand); color: var(--brand-ink); cursor: pointer; text-decoration: none; }
button.secondary { background: transparent; color: var(--brand); }
button.danger { background: transparent; color: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--brand); padding: 0; text-decoration: underline; }
.actions { margin-top: 1.25rem; display:flex; gap: .75rem; align-items:center; flex-wrap: wrap; }
.hint { color: var(--muted); font-size: .9rem; }
.alert { padding: .75rem 1rem; border-radius: 8px; margin-bottom: 1rem; }
.alert.error { background: var(--bad-bg); color: var(--bad); }
.alert.ok { background: var(--ok-bg); color: var(--ok); }
.alert.warn { background: var(--warn-bg); color: var(--warn); }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; color: var(--muted); padding-bottom: .5rem; }
th, td { text-align: left; padding: .55rem .5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td form { display:inline; }
td form + form { margin-left: .5rem; }
td.nowrap { white-space: nowrap; }
td button { padding: .3rem .7rem; font-size: .9rem; }
a { color: var(--brand); }
.badge { display:inline-block; font-size: .8rem; padding: .1rem .5rem; border-radius: 999px; background: var(--ok-bg); color: var(--ok); }
.badge.revoked { background: var(--bad-bg); color: var(--bad); }
.secret { display:block; font: 1rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .75rem; border-radius: 8px;
  border: 1px dashed var(--line); word-break: break-all; user-select: all; background: var(--bg); }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const COPY_SCRIPT = `
document.querySelectorAll('[data-copy]').forEach(function (b) {
  b.hidden = false;
  b.addEventListener('click', function () {
    var el = document.getElementById(b.getAttribute('data-copy'));
    navigator.clipboard.writeText(el.textContent.trim()).then(function () {
      var s = document.getElementById('copy-status'); if (s) s.textContent = 'Copied to the clipboard.';
    });
  });
});
`;

/** The page frame every web page shares: head, styles, the navigation bar. */
export function layout(ctx: PageContext, title: string, body: Html, script = false): string {
  const nav = ctx.userName
    ? html`<nav aria-label="Main">
        <a href="/perspectives">Perspectives</a><a href="/tokens">Tokens</a><a href="/v1/docs">API docs</a>
        <span class="hint">Signed in as <strong>${ctx.userName}</strong></span>
        <form method="post" action="/logout">${csrfField(ctx)}<button class="secondary" type="submit">Sign out</button></form>
      </nav>`
    : html``;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Refocus</title>
<style nonce="${ctx.nonce}">${new Html(STYLE)}</style>
</head>
<body>
<header><a class="brand" href="/tokens">Refocus</a>${nav}</header>
<main id="main">${body}</main>
${script ? html`<script nonce="${ctx.nonce}">${new Html(COPY_SCRIPT)}</script>` : ''}
</body>
</html>`.value;
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

export function alert(kind: 'error' | 'ok' | 'warn', message: string | undefined): Html {
  return message ? html`<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</div>` : html``;
}

export function loginPage(ctx: PageContext, opts: { ru?: string; username?: string; error?: string }): string {
  return layout(
    ctx,
    'Sign in',
    html`<section class="card narrow" aria-labelledby="title">
  <h1 id="title">Sign in</h1>
  ${alert('error', opts.error)}
  <form method="post" action="/login">
    ${csrfField(ctx)}
    <input type="hidden" name="ru" value="${opts.ru ?? ''}">
    <label for="username">User name</label>
    <input id="username" name="username" type="text" autocomplete="username" required maxlength="254" value="${opts.username ?? ''}" autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
    <div class="actions"><button type="submit">Sign in</button></div>
  </form>
  <p class="hint">First time here? The first administrator is <code>admin@refocus.admin</code>. Its password is
  <code>ADMIN_PASSWORD</code> when the server was started with it; otherwise the one printed in the server's start-up
  banner at its first start. Lost it? Run <code>npm run -s cli -- admin reset-password</code> on the server.</p>
</section>`,
  );
}

function date(d: Date | string | null): string {
  return d ? new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';
}

export function tokensPage(ctx: PageContext, tokens: TokenRecord[], notice?: string, error?: string): string {
  const rows = tokens.map((t) => {
    const revoked = t.isRevoked !== '0';
    return html`<tr>
      <td>${t.name}</td>
      <td class="nowrap">${date(t.createdAt)}</td>
      <td class="nowrap">${date(t.lastUsed)}</td>
      <td class="nowrap">${t.expiresAt ? date(t.expiresAt) : 'never'}</td>
      <td class="nowrap">${revoked ? html`<span class="badge revoked">revoked ${date(new Date(Number(t.isRevoked)))}</span>` : html`<span class="badge">active</span>`}</td>
      <td class="nowrap">
        ${revoked ? '' : html`<form method="post" action="/tokens/${t.id}/revoke">${csrfField(ctx)}<button class="secondary" type="submit" aria-label="Revoke ${t.name}">Revoke</button></form>`}
        <form method="post" action="/tokens/${t.id}/delete">${csrfField(ctx)}<button class="danger" type="submit" aria-label="Delete ${t.name}">Delete</button></form>
      </td>
    </tr>`;
  });
  return layout(
    ctx,
    'Your API tokens',
    html`<section class="card" aria-labelledby="title">
  <h1 id="title">Your API tokens</h1>
  ${alert('ok', notice)}${alert('error', error)}
  ${tokens.length
    ? html`<table>
    <caption>Send a token in the <code>Authorization</code> header of API requests.</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`
    : html`<p>You have no API tokens yet.</p>`}
  <div class="actions"><a class="button" href="/tokens/new">Create a token</a></div>
</section>`,
  );
}

/** The expiry choices of /tokens/new, in days (0 = never). */
export const EXPIRY_DAYS = [0, 7, 30, 90, 365] as const;

/** The `expires` field of the form as an ISO date, null for never, undefined when it is not a choice. */
export function expiryFromForm(raw: unknown, now = Date.now()): string | null | undefined {
  const days = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!(EXPIRY_DAYS as readonly number[]).includes(days)) return undefined;
  return days === 0 ? null : new Date(now + days * UNIT_SECONDS.d * 1000).toISOString();
}

function expiryLabel(days: number): string {
  if (days === 0) return 'Never';
  return days === 365 ? 'In 1 year' : `In ${days} days`;
}

export function newTokenPage(ctx: PageContext, opts: { name?: string; expires?: string; error?: string }): string {
  const options = EXPIRY_DAYS.map((d) => html`<option value="${String(d)}"${String(d) === (opts.expires ?? '0') ? new Html(' selected') : ''}>${expiryLabel(d)}</option>`);
  return layout(
    ctx,
    'New API token',
    html`<section class="card narrow" aria-labelledby="title">
  <h1 id="title">New API token</h1>
  ${alert('error', opts.error)}
  <form method="post" action="/tokens/new">
    ${csrfField(ctx)}
    <label for="name">Token name</label>
    <input id="name" name="name" type="text" required maxlength="60" value="${opts.name ?? ''}" aria-describedby="name-hint" autofocus>
    <p id="name-hint" class="hint">One token per client, e.g. "build-server". Up to 60 characters.</p>
    <label for="expires">Expires <span class="hint">(optional)</span></label>
    <select id="expires" name="expires" aria-describedby="expires-hint">${options}</select>
    <p id="expires-hint" class="hint">After that it stops working; you can also revoke it at any time.</p>
    <div class="actions"><button type="submit">Create token</button><a href="/tokens">Cancel</a></div>
  </form>
</section>`,
  );
}

export function createdTokenPage(ctx: PageContext, token: TokenRecord, secret: string, baseUrl = 'http://localhost:3000'): string {
  return layout(
    ctx,
    'Token created',
    html`<section class="card" aria-labelledby="title">
  <h1 id="title">Token “${token.name}” created</h1>
  <div class="alert warn" role="status">Copy it now: this is the only time it is shown. It cannot be shown again.</div>
  <label for="token-value">Your new token</label>
  <code id="token-value" class="secret">${secret}</code>
  <div class="actions">
    <button type="button" data-copy="token-value" hidden>Copy</button>
    <span id="copy-status" class="hint" aria-live="polite"></span>
    <a href="/tokens">Back to your tokens</a>
  </div>
  <p>${token.expiresAt ? `It expires ${date(token.expiresAt)}.` : 'It does not expire; revoke it when it is no longer needed.'}</p>
  <label for="curl-example">Try it</label>
  <code id="curl-example" class="secret">curl -H "Authorization: ${secret}" ${baseUrl}/v1/subjects?limit=5</code>
  <p class="hint">Every request to the API sends the token in the <code>Authorization</code> header (raw, or as <code>Bearer</code> token).
  All the operations are in the <a href="/v1/docs">API docs</a>: click <strong>Authorize</strong> there and paste the token.</p>
</section>`,
    true,
  );
}

export function messagePage(ctx: PageContext, title: string, message: string): string {
  return layout(
    ctx,
    title,
    html`<section class="card narrow" aria-labelledby="title"><h1 id="title">${title}</h1>${alert('error', message)}
<div class="actions"><a href="/tokens">Back to your tokens</a></div></section>`,
  );
}
