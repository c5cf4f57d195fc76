import { Html, html } from '../html';
import { alert, csrfField, layout, PageContext } from '../templates';

/** What the create/edit form shows: the values as typed (filters as comma lists). */
export interface PerspectiveFormValues {
  name: string;
  rootSubject: string;
  lensId: string;
  aspectFilter: string;
  aspectFilterType: string;
  aspectTagFilter: string;
  aspectTagFilterType: string;
  subjectTagFilter: string;
  subjectTagFilterType: string;
  statusFilter: string;
  statusFilterType: string;
}

export interface LensChoice {
  id: string;
  name: string;
}

/** The four filters of a perspective: form field, label, hint. */
export const FILTERS = [
  { field: 'aspectFilter', label: 'Aspects', hint: 'Aspect names, e.g. cpu, memory' },
  { field: 'aspectTagFilter', label: 'Aspect tags', hint: 'Tags of aspects, e.g. infra' },
  { field: 'subjectTagFilter', label: 'Subject tags', hint: 'Tags of subjects, e.g. us-east' },
  { field: 'statusFilter', label: 'Statuses', hint: 'Critical, Invalid, Timeout, Warning, Info, OK' },
] as const;

const PAGE_STYLE = `
main { max-width: 96rem; }
.toolbar { display:flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: center; justify-content: space-between; margin-bottom: 1rem; }
.toolbar h1 { margin: 0; }
.toolbar form { display:flex; gap: .5rem; align-items: center; }
select, input[type=text] { font: inherit; color: inherit; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .45rem .6rem; }
.live { display:inline-flex; align-items:center; gap:.4rem; font-size:.9rem; color: var(--muted); }
.live .dot { width:.7rem; height:.7rem; border-radius:50%; background: var(--muted); display:inline-block; }
.live[data-state=live] .dot { background: #12b76a; }
.live[data-state=reconnecting] .dot { background: #f79009; }
.live[data-state=offline] .dot { background: #d92d20; }
.lens-holder iframe { width: 100%; height: max(32rem, calc(100vh - 15rem)); border: 1px solid var(--line); border-radius: 12px; background: #fff; }
.meta { color: var(--muted); font-size: .9rem; margin: .25rem 0 .75rem; }
fieldset { border: 1px solid var(--line); border-radius: 8px; margin: 1rem 0 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; }
.filter-row { display:grid; grid-template-columns: 10rem 1fr 9rem; gap: .5rem; align-items: center; margin-top: .5rem; }
.filter-row label { margin: 0; }
`;

function styled(ctx: PageContext): Html {
  return html`<style nonce="${ctx.nonce}">${new Html(PAGE_STYLE)}</style>`;
}

function picker(names: string[], current?: string): Html {
  if (!names.length) return html``;
  return html`<form method="get" action="/perspectives" aria-label="Open a perspective">
  <label class="visually-hidden" for="picker">Perspective</label>
  <select id="picker" name="p">${names.map((n) => html`<option value="${n}"${n === current ? new Html(' selected') : ''}>${n}</option>`)}</select>
  <button class="secondary" type="submit">Open</button>
</form>`;
}

/** /perspectives/{name}: the toolbar, the live indicator, the error line and the lens frame. */
export function perspectivePage(
  ctx: PageContext,
  p: { id: string; name: string; rootSubject: string; lensName: string },
  opts: { names: string[]; canEdit: boolean; throttleMs: number; userId: string },
): string {
  return layout(
    ctx,
    p.name,
    html`${styled(ctx)}
<div class="toolbar">
  <h1 id="title">${p.name}</h1>
  ${picker(opts.names, p.name)}
  <span id="live-state" class="live" data-state="offline" role="status" aria-live="polite"><span class="dot" aria-hidden="true"></span><span id="live-text">Connecting…</span> · <span id="last-event">no event yet</span></span>
  <span>${opts.canEdit ? html`<a href="/perspectives/${encodeURIComponent(p.name)}/edit">Edit</a> · ` : ''}<a href="/perspectives/new">New perspective</a></span>
</div>
<p class="meta">Root subject <strong>${p.rootSubject}</strong> · lens <strong>${p.lensName}</strong></p>
<div id="page-error" class="alert error" role="alert" hidden></div>
<div id="perspective" class="lens-holder" data-name="${p.name}" data-throttle="${opts.throttleMs}" data-user="${opts.userId}"></div>
<noscript><div class="alert warn">The lens needs JavaScript.</div></noscript>
<script nonce="${ctx.nonce}" src="/assets/socket.io.min.js"></script>
<script nonce="${ctx.nonce}" src="/assets/perspective-page.js"></script>`,
  );
}

/** /perspectives when there is none yet, /perspectives/new, /perspectives/{name}/edit. */
export function perspectiveFormPage(
  ctx: PageContext,
  opts: { mode: 'create' | 'edit' | 'first'; values: PerspectiveFormValues; lenses: LensChoice[]; error?: string; original?: string },
): string {
  const v = opts.values;
  const action = opts.mode === 'edit' ? `/perspectives/${encodeURIComponent(opts.original ?? v.name)}/edit` : '/perspectives/new';
  const title = opts.mode === 'edit' ? `Edit ${opts.original ?? v.name}` : 'New perspective';
  const filterRows = FILTERS.map((f) => {
    const type = v[`${f.field}Type` as keyof PerspectiveFormValues];
    return html`<div class="filter-row">
    <label for="${f.field}">${f.label}</label>
    <input id="${f.field}" name="${f.field}" type="text" value="${v[f.field]}" placeholder="${f.hint}" aria-describedby="filters-hint">
    <select name="${f.field}Type" aria-label="${f.label}: include or exclude">
      <option value="EXCLUDE"${type !== 'INCLUDE' ? new Html(' selected') : ''}>exclude</option>
      <option value="INCLUDE"${type === 'INCLUDE' ? new Html(' selected') : ''}>include only</option>
    </select>
  </div>`;
  });
  return layout(
    ctx,
    title,
    html`${styled(ctx)}<section class="card" aria-labelledby="title">
  <h1 id="title">${title}</h1>
  ${opts.mode === 'first' ? html`<p>There is no perspective yet. A perspective shows the health of a subject tree, live. Create the first one:</p>` : ''}
  ${alert('error', opts.error)}
  <form method="post" action="${action}">
    ${csrfField(ctx)}
    <label for="name">Name</label>
    <input id="name" name="name" type="text" required maxlength="60" value="${v.name}" aria-describedby="name-hint">
    <p id="name-hint" class="hint">Letters, digits, "_" and "-", up to 60 characters.</p>
    <label for="rootSubject">Root subject</label>
    <input id="rootSubject" name="rootSubject" type="text" required maxlength="4096" value="${v.rootSubject}" placeholder="e.g. Fleet.EU">
    <label for="lensId">Lens</label>
    <select id="lensId" name="lensId" required>${opts.lenses.map((l) => html`<option value="${l.id}"${l.id === v.lensId ? new Html(' selected') : ''}>${l.name}</option>`)}</select>
    <fieldset>
      <legend>Filters</legend>
      <p id="filters-hint" class="hint">Comma-separated values. Empty = no filter. "include only" keeps just the listed values; "exclude" drops them.</p>
      ${filterRows}
    </fieldset>
    <div class="actions"><button type="submit">${opts.mode === 'edit' ? 'Save' : 'Create perspective'}</button>${opts.mode === 'first' ? '' : html`<a href="/perspectives">Cancel</a>`}</div>
  </form>
</section>`,
  );
}

/** A page with a title, an error and a way back (404, 403). */
export function perspectiveMessagePage(ctx: PageContext, title: string, message: string): string {
  return layout(
    ctx,
    title,
    html`<section class="card narrow" aria-labelledby="title"><h1 id="title">${title}</h1>${alert('error', message)}
<div class="actions"><a href="/perspectives">Back to the perspectives</a></div></section>`,
  );
}
